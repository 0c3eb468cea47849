using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using Vinr.Portal.Api.Infrastructure;
using Vinr.Portal.Api.Infrastructure.Data;
using Vinr.Portal.Api.Infrastructure.Http;

namespace Vinr.Portal.Api.Features.Merchants;

/// <summary>Issues and checks secret keys: <c>sk_test_...</c> / <c>sk_live_...</c>, the prefix sets the mode.</summary>
public sealed partial class ApiKeys(IDbContextFactory<BillingDbContext> dbFactory, IMemoryCache cache)
{
    /// <summary>
    /// A key that checked out is trusted this long without another database read (every API call
    /// would otherwise pay one). Revoking a key takes effect within this window.
    /// </summary>
    public static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(30);

    /// <summary><c>sk_test_</c> plus the first 10 random characters: enough to find the row, useless to an attacker.</summary>
    private const int LookupLength = 18;

    [GeneratedRegex("^sk_(test|live)_[A-Za-z0-9]{24,100}$")]
    private static partial Regex KeyFormat();

    /// <summary>A new random key; the caller shows <c>Secret</c> once and stores only <c>Key</c>.</summary>
    public static (string Secret, ApiKey Key) Create(string merchantId, bool livemode, DateTimeOffset now) =>
        FromSecret($"sk_{(livemode ? "live" : "test")}_{Ids.RandomBase62(Ids.RandomLength)}", merchantId, now);

    /// <summary>The stored form of a known secret (the demo key is documented, so it is fixed).</summary>
    public static (string Secret, ApiKey Key) FromSecret(string secret, string merchantId, DateTimeOffset now) =>
        (secret, new ApiKey
        {
            Id = Ids.New("key"),
            MerchantId = merchantId,
            Livemode = secret.StartsWith("sk_live_", StringComparison.Ordinal),
            LookupPrefix = secret[..LookupLength],
            SecretHash = Hash(secret),
            Created = now,
        });

    /// <summary>The merchant and mode a key belongs to, or <c>null</c> for any key that is not live and ours.</summary>
    public async Task<ApiCaller?> AuthenticateAsync(string secret, CancellationToken cancellationToken)
    {
        if (!KeyFormat().IsMatch(secret))
        {
            return null;
        }
        // Cached under the key's hash, never the key itself.
        var hash = Hash(secret);
        var cacheKey = (nameof(ApiKeys), Convert.ToBase64String(hash));
        if (cache.TryGetValue(cacheKey, out ApiCaller? known))
        {
            return known;
        }
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var key = await db.ApiKeys.AcrossMerchants("the key itself says whose it is").AsNoTracking()
            .Where(k => k.LookupPrefix == secret.Substring(0, LookupLength) && k.RevokedAt == null)
            .Select(k => new { k.MerchantId, k.Livemode, k.SecretHash })
            .FirstOrDefaultAsync(cancellationToken);
        if (key is null || !CryptographicOperations.FixedTimeEquals(key.SecretHash, hash))
        {
            return null;
        }
        var caller = new ApiCaller(key.MerchantId, key.Livemode);
        cache.Set(cacheKey, caller, CacheFor);
        return caller;
    }

    /// <summary><c>sk_test_****wxyz</c>: enough for a merchant to recognise a key in an error, never more.</summary>
    public static string Mask(string secret) =>
        secret.Length < 12 ? "****" : $"{secret[..(secret.IndexOf('_', 3) + 1)]}****{secret[^4..]}";

    private static byte[] Hash(string secret) => SHA256.HashData(Encoding.UTF8.GetBytes(secret));
}
