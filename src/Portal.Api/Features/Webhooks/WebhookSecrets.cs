using Microsoft.AspNetCore.DataProtection;
using Vinr.Portal.Api.Infrastructure;

namespace Vinr.Portal.Api.Features.Webhooks;

/// <summary>
/// Endpoint signing secrets: minted here, stored only as Data Protection payloads (the key ring every
/// replica shares), read back only to sign a delivery.
/// </summary>
public sealed class WebhookSecrets(IDataProtectionProvider dataProtection)
{
    /// <summary>Versioned: a new purpose would make every stored secret unreadable.</summary>
    public const string Purpose = "Vinr.Webhooks.EndpointSecret.v1";

    private readonly IDataProtector _protector = dataProtection.CreateProtector(Purpose);

    public (string Secret, string Protected) Mint()
    {
        var secret = "whsec_" + Ids.RandomBase62(32);
        return (secret, _protector.Protect(secret));
    }

    public string Reveal(string protectedSecret) => _protector.Unprotect(protectedSecret);
}
