using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Vinr.Portal.Tests.Support;

namespace Vinr.Portal.Tests.Security;

/// <summary>
/// With a certificate configured, every key the ring stores is encrypted with it and links still
/// work; without one, start-up warns that the keys are in the clear.
/// </summary>
public sealed class KeyRingProtectionTests
{
    [Fact]
    public async Task With_a_certificate_the_stored_keys_are_encrypted_and_links_still_redeem()
    {
        var pfx = Path.Combine(Path.GetTempPath(), $"vinr-keyring-{Guid.NewGuid():N}.pfx");
        using (var rsa = RSA.Create(2048))
        {
            var request = new CertificateRequest("CN=vinr-key-ring", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
            await File.WriteAllBytesAsync(pfx, certificate.Export(X509ContentType.Pfx, "secret"), TestContext.Current.CancellationToken);
        }
        try
        {
            using var factory = new CertificateFactory(pfx);
            var (_, browser) = await factory.OpenPortalAsync();
            using (browser)
            {
                Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/")).StatusCode);
            }

            var stored = await factory.WithDbAsync(db => db.DataProtectionKeys.Select(k => k.Xml!).ToListAsync());
            Assert.NotEmpty(stored);
            Assert.All(stored, xml =>
            {
                Assert.Contains("EncryptedData", xml, StringComparison.Ordinal);
                Assert.DoesNotContain("<masterKey", xml, StringComparison.Ordinal);
            });
            Assert.DoesNotContain(factory.Logs.Lines, line => line.Contains("stored in the database unencrypted", StringComparison.Ordinal));
        }
        finally
        {
            File.Delete(pfx);
        }
    }

    [Fact]
    public void Without_a_certificate_start_up_warns_that_the_keys_are_in_the_clear()
    {
        using var factory = new PortalFactory();
        factory.CreateClient().Dispose();

        Assert.Contains(factory.Logs.Lines, line => line.Contains("Warning", StringComparison.Ordinal)
            && line.Contains("Data Protection keys are stored in the database unencrypted", StringComparison.Ordinal));
    }

    private sealed class CertificateFactory(string pfx) : PortalFactory
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("DataProtection:CertificatePath", pfx);
            builder.UseSetting("DataProtection:CertificatePassword", "secret");
        }
    }
}
