using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.WebUtilities;

namespace Vinr.Portal.Api.Features.BillingPortal.Sessions;

/// <summary>
/// The token in a session's one-time URL: a Data Protection payload of session id, mode and a
/// 128-bit nonce under a versioned purpose. It proves the link is ours and names its session;
/// single use is a database fact (<see cref="PortalSessions.RedeemAsync"/>), never the token's.
/// </summary>
public sealed class SessionLinks(IDataProtectionProvider dataProtection)
{
    /// <summary>Bump the version to invalidate every outstanding link at once.</summary>
    public const string Purpose = "Vinr.BillingPortal.SessionLink.v1";

    private readonly ITimeLimitedDataProtector _protector = dataProtection.CreateProtector(Purpose).ToTimeLimitedDataProtector();

    /// <summary>The last path segment of the link: <c>test_tok_...</c> or <c>live_tok_...</c>.</summary>
    public string Mint(string sessionId, bool livemode, DateTimeOffset expiresAt)
    {
        var nonce = WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(16));
        var payload = $"{sessionId}|{Mode(livemode)}|{nonce}";
        return $"{Mode(livemode)}_tok_{_protector.Protect(payload, expiresAt)}";
    }

    /// <summary>
    /// Whether <paramref name="token"/> is intact, unexpired, for this purpose, and minted for
    /// <paramref name="sessionId"/> in the mode its prefix names. Every failure looks the same.
    /// </summary>
    public bool TryRead(string sessionId, string token, out bool livemode)
    {
        livemode = token.StartsWith("live_tok_", StringComparison.Ordinal);
        if (!livemode && !token.StartsWith("test_tok_", StringComparison.Ordinal))
        {
            return false;
        }
        try
        {
            var parts = _protector.Unprotect(token["test_tok_".Length..]).Split('|');
            return parts.Length == 3 && parts[0] == sessionId && parts[1] == Mode(livemode);
        }
        catch (CryptographicException)
        {
            return false;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    private static string Mode(bool livemode) => livemode ? "live" : "test";
}
