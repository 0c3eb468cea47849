using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.DataProtection;

namespace Vinr.Portal.Security;

/// <summary>
/// The Data Protection key ring (it signs link tokens and portal cookies) lives in the database,
/// shared by every replica. With <c>DataProtection:CertificatePath</c> (a PFX with its private key,
/// the same on every replica) each key is encrypted with that certificate before it is stored;
/// without it the keys are stored in the clear and start-up says so.
/// </summary>
internal static class KeyRingProtection
{
    public const string Unprotected =
        "Data Protection keys are stored in the database unencrypted: anyone who can read the database can forge link tokens and portal cookies. Set DataProtection:CertificatePath (and DataProtection:CertificatePassword) to a PFX shared by every replica.";

    /// <summary>Whether keys are encrypted at rest.</summary>
    public static bool AddKeyRingProtection(this IServiceCollection services, IConfiguration configuration)
    {
        var path = configuration["DataProtection:CertificatePath"];
        if (string.IsNullOrEmpty(path))
        {
            return false;
        }
        var certificate = X509CertificateLoader.LoadPkcs12FromFile(path, configuration["DataProtection:CertificatePassword"]);
        if (!certificate.HasPrivateKey)
        {
            throw new InvalidOperationException($"DataProtection:CertificatePath: {path} has no private key; the key ring could not be read back.");
        }
        // Decrypting with the configured certificate itself, not only one found in the machine's store.
        services.AddDataProtection().ProtectKeysWithCertificate(certificate).UnprotectKeysWithAnyCertificate(certificate);
        return true;
    }
}
