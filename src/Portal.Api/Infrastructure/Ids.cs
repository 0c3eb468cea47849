using System.Security.Cryptography;

namespace Vinr.Portal.Api.Infrastructure;

/// <summary>
/// The one id generator: a type prefix plus random base62, never sequential, never guessable.
/// </summary>
public static class Ids
{
    private const string Base62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    /// <summary>Length of the random part: 24 base62 characters are about 143 bits.</summary>
    public const int RandomLength = 24;

    public static string New(string prefix) => $"{prefix}_{RandomBase62(RandomLength)}";

    public static string RandomBase62(int length) =>
        string.Create(length, 0, static (span, _) =>
        {
            for (var i = 0; i < span.Length; i++)
            {
                span[i] = Base62[RandomNumberGenerator.GetInt32(Base62.Length)];
            }
        });
}
