using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Vinr.Portal.Api.Features.Webhooks;

/// <summary>
/// The <c>Vinr-Signature</c> header: <c>t=&lt;unix seconds&gt;,v1=&lt;hex HMAC-SHA256(secret, "t.body")&gt;</c>,
/// Stripe's scheme, so Stripe's SDKs verify it too. Self-contained on purpose: a receiver can copy
/// this file alone.
/// </summary>
public static class WebhookSignature
{
    /// <summary>The header value for <paramref name="payload"/> signed at <paramref name="timestamp"/>.</summary>
    public static string Sign(string payload, string secret, DateTimeOffset timestamp)
    {
        var t = timestamp.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        return $"t={t},v1={Convert.ToHexStringLower(Mac(t, payload, secret))}";
    }

    /// <summary>
    /// Whether <paramref name="header"/> signs <paramref name="payload"/> (the raw request body) with
    /// <paramref name="secret"/>, within <paramref name="tolerance"/> of now either way. Any of several
    /// <c>v1=</c> values may match (during a secret rotation); the comparison is constant time.
    /// </summary>
    public static bool Verify(string payload, string? header, string secret, TimeSpan tolerance, DateTimeOffset? now = null)
    {
        if (string.IsNullOrEmpty(header) || string.IsNullOrEmpty(secret))
        {
            return false;
        }
        string? t = null;
        var signatures = new List<byte[]>();
        foreach (var part in header.Split(','))
        {
            var pair = part.Trim().Split('=', 2);
            if (pair.Length != 2)
            {
                continue;
            }
            if (pair[0] == "t")
            {
                t = pair[1];
            }
            else if (pair[0] == "v1" && pair[1].Length == 64)
            {
                try
                {
                    signatures.Add(Convert.FromHexString(pair[1]));
                }
                catch (FormatException)
                {
                    // Not hex: cannot match; other v1 values may.
                }
            }
        }
        if (t is null || signatures.Count == 0 || !long.TryParse(t, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
        {
            return false;
        }
        var age = (now ?? DateTimeOffset.UtcNow) - DateTimeOffset.FromUnixTimeSeconds(Math.Min(seconds, 253402300799));
        if (age.Duration() > tolerance)
        {
            return false;
        }
        var expected = Mac(t, payload, secret);
        var matched = false;
        foreach (var signature in signatures)
        {
            // No early exit: every value is compared, so timing says nothing about which one matched.
            matched |= CryptographicOperations.FixedTimeEquals(signature, expected);
        }
        return matched;
    }

    private static byte[] Mac(string t, string payload, string secret) =>
        HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{t}.{payload}"));
}
