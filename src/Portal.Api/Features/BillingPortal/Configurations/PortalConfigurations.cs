using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using Vinr.Portal.Api.Features.Events;
using Vinr.Portal.Api.Features.Products;
using Vinr.Portal.Api.Infrastructure;
using Vinr.Portal.Api.Infrastructure.Data;
using Vinr.Portal.Api.Infrastructure.Http;

namespace Vinr.Portal.Api.Features.BillingPortal.Configurations;

/// <summary>
/// A merchant's portal configurations: create, update (archive is <c>active=false</c>), retrieve, list.
/// Each write loads, decides and commits in one transaction, with its event. A merchant has exactly one
/// default per mode: making one the default clears the old one in the same transaction, and a unique
/// filtered index (<c>IX_PortalConfigurations_OneDefault</c>) refuses a second one whatever the code does.
/// </summary>
public sealed class PortalConfigurations(IDbContextFactory<BillingDbContext> dbFactory, TimeProvider time)
{
    public const string ListUrl = "/v1/billing-portal/configurations";

    public Task<ConfigurationObject> CreateAsync(ApiCaller caller, ApiParams parameters, CancellationToken cancellationToken) =>
        RetryOnDefaultConflictAsync(async () =>
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            await using var transaction = await BeginAsync(db, caller, cancellationToken);
            var now = time.GetUtcNow();
            var configuration = new PortalConfiguration
            {
                Id = Ids.New("bpc"),
                MerchantId = caller.MerchantId,
                Livemode = caller.Livemode,
                Created = now,
                Updated = now,
            };
            var request = ConfigurationRequest.Read(parameters, configuration, creating: true);
            await CheckOffersAsync(db, caller, request.Products, cancellationToken);
            await CheckRetentionAsync(db, caller, configuration.Features.SubscriptionCancel.RetentionCouponId, parameters, cancellationToken);
            // The first configuration of a mode becomes its default: sessions always have one to fall back on.
            if (request.IsDefault == true || !await db.PortalConfigurations.OwnedBy(caller).AnyAsync(c => c.IsDefault, cancellationToken))
            {
                await ClearDefaultAsync(db, caller, configuration.Id, now, cancellationToken);
                configuration.IsDefault = true;
            }
            db.PortalConfigurations.Add(configuration);
            var created = await ToObjectAsync(db, caller, configuration, cancellationToken);
            EventLog.Add(db, Actor.Api(caller), EventTypes.ConfigurationCreated, created, now);
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return created;
        });

    /// <summary>Changes only what <paramref name="parameters"/> names. Null when there is no such configuration (or it is someone else's).</summary>
    public Task<ConfigurationObject?> UpdateAsync(ApiCaller caller, string id, ApiParams parameters, CancellationToken cancellationToken) =>
        RetryOnDefaultConflictAsync(async () =>
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            await using var transaction = await BeginAsync(db, caller, cancellationToken);
            var configuration = await db.PortalConfigurations.OwnedBy(caller).FirstOrDefaultAsync(c => c.Id == id, cancellationToken);
            if (configuration is null)
            {
                return null;
            }
            var request = ConfigurationRequest.Read(parameters, configuration, creating: false);
            if (DefaultRefusal(configuration.IsDefault, configuration.Active, request.Active, request.IsDefault) is { } refused)
            {
                throw new ApiException(ApiError.From(refused));
            }
            await CheckOffersAsync(db, caller, request.Products, cancellationToken);
            await CheckRetentionAsync(db, caller, configuration.Features.SubscriptionCancel.RetentionCouponId, parameters, cancellationToken);
            var now = time.GetUtcNow();
            configuration.Active = request.Active ?? configuration.Active;
            if (request.IsDefault == true && !configuration.IsDefault)
            {
                await ClearDefaultAsync(db, caller, configuration.Id, now, cancellationToken);
                configuration.IsDefault = true;
            }
            configuration.Updated = now;
            var updated = await ToObjectAsync(db, caller, configuration, cancellationToken);
            EventLog.Add(db, Actor.Api(caller), EventTypes.ConfigurationUpdated, updated, now);
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return updated;
        });

    public async Task<ConfigurationObject?> GetAsync(ApiCaller caller, string id, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var configuration = await db.PortalConfigurations.OwnedBy(caller).AsNoTracking().FirstOrDefaultAsync(c => c.Id == id, cancellationToken);
        return configuration is null ? null : await ToObjectAsync(db, caller, configuration, cancellationToken);
    }

    /// <summary>Newest first; <paramref name="active"/> and <paramref name="isDefault"/> filter when given.</summary>
    public async Task<ListObject<ConfigurationObject>> ListAsync(ApiCaller caller, PageRequest page, bool? active, bool? isDefault, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var query = db.PortalConfigurations.OwnedBy(caller).AsNoTracking();
        if (active is { } isActive)
        {
            query = query.Where(c => c.Active == isActive);
        }
        if (isDefault is { } isTheDefault)
        {
            query = query.Where(c => c.IsDefault == isTheDefault);
        }
        var (items, hasMore) = await page.ApplyAsync(query, cancellationToken);
        var productOf = await ProductsOfAsync(db, caller, items, cancellationToken);
        return new ListObject<ConfigurationObject>("list", [.. items.Select(c => ConfigurationObject.From(c, productOf))], hasMore, ListUrl);
    }

    /// <summary>
    /// Why the <c>active</c> and <c>is_default</c> of a request would leave the merchant's mode without
    /// exactly one usable default; null when they may go ahead.
    /// </summary>
    public static Problem? DefaultRefusal(bool isDefault, bool active, bool? makeActive, bool? makeDefault)
    {
        if (isDefault && makeActive == false)
        {
            return new Problem(ProblemKind.NotAllowed,
                "This is your default configuration, so it cannot be archived. Make another configuration the default first (is_default=true on it), then archive this one.", "active");
        }
        if (isDefault && makeDefault == false)
        {
            return new Problem(ProblemKind.NotAllowed,
                "This is your default configuration, and there is always one. Make another configuration the default instead (is_default=true on it): this one then stops being the default.", "is_default");
        }
        if (makeDefault == true && !(makeActive ?? active))
        {
            return new Problem(ProblemKind.NotAllowed,
                "An archived configuration cannot be the default. Reactivate it in the same request (active=true), or make an active configuration the default.", "is_default");
        }
        return null;
    }

    /// <summary>
    /// Why the products offered cannot be: not the caller's in this mode (404, as a missing one reads),
    /// a price listed under another product, archived, or in another currency than the rest; null when fine.
    /// </summary>
    public static Problem? OfferRefusal(IReadOnlyList<ProductOffer> offers, IReadOnlyDictionary<string, Product> products, IReadOnlyDictionary<string, Price> prices)
    {
        Price? first = null;
        string? firstParam = null;
        foreach (var offer in offers)
        {
            var productParam = $"{offer.Param}[product]";
            if (!products.TryGetValue(offer.ProductId, out var product))
            {
                return new Problem(ProblemKind.NotFound, $"No such product: '{offer.ProductId}'.", productParam);
            }
            if (!product.Active)
            {
                return new Problem(ProblemKind.Invalid, $"Product {product.Id} is archived: only active products can be offered.", productParam);
            }
            for (var i = 0; i < offer.PriceIds.Count; i++)
            {
                var param = $"{offer.Param}[prices][{i}]";
                if (!prices.TryGetValue(offer.PriceIds[i], out var price))
                {
                    return new Problem(ProblemKind.NotFound, $"No such price: '{offer.PriceIds[i]}'.", param);
                }
                if (price.ProductId != product.Id)
                {
                    return new Problem(ProblemKind.Invalid, $"Price {price.Id} belongs to product {price.ProductId}, not {product.Id}: list it under its own product.", param);
                }
                // Every price is recurring here (the model has no one-time prices), so active is the one state to check.
                if (!price.Active)
                {
                    return new Problem(ProblemKind.Invalid, $"Price {price.Id} is archived: only active prices can be offered.", param);
                }
                if (first is null)
                {
                    (first, firstParam) = (price, param);
                }
                else if (price.Currency != first.Currency)
                {
                    return new Problem(ProblemKind.Invalid,
                        $"Price {price.Id} is in {price.Currency.ToUpperInvariant()}, but {first.Id} ({firstParam}) is in {first.Currency.ToUpperInvariant()}. " +
                        "A customer can only switch between prices in their subscription's currency, so one configuration offers one currency: make one per currency.", param);
                }
            }
        }
        return null;
    }

    /// <summary>Starts the write, one configuration write per merchant at a time.</summary>
    private static async Task<IDbContextTransaction> BeginAsync(BillingDbContext db, ApiCaller caller, CancellationToken cancellationToken)
    {
        var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        // PostgreSQL runs read committed: two "make me the default" requests would each clear the old
        // default and write their own (the index then refuses one), and an archive could race a promotion.
        // A no-op UPDATE of the merchant's row holds its lock to commit, so the merchant's configuration
        // writes take turns on every replica and each reads what the previous one committed. SQLite's
        // BEGIN IMMEDIATE already admits one writer at a time. Configuration writes are rare: no contention.
        await db.Merchants.Where(m => m.Id == caller.MerchantId).ExecuteUpdateAsync(s => s.SetProperty(m => m.Name, m => m.Name), cancellationToken);
        return transaction;
    }

    /// <summary>
    /// The unique index refuses a second default, so a switch that loses a race (a writer that did not take
    /// the merchant's turn) fails as a whole and rolls back; once more, it reads the winner and clears it.
    /// </summary>
    private static async Task<T> RetryOnDefaultConflictAsync<T>(Func<Task<T>> attempt)
    {
        try
        {
            return await attempt();
        }
        catch (DbUpdateException e) when (IsUniqueViolation(e))
        {
            try
            {
                return await attempt();
            }
            catch (DbUpdateException again) when (IsUniqueViolation(again))
            {
                // A 5xx frees the Idempotency-Key, so a retry with the same key runs again rather than replaying this.
                throw new ApiException(new ApiError(503, ApiError.Internal, "lock_timeout",
                    "Another request changed your default billing portal configuration at the same moment. Retry the request.") { RetryAfterSeconds = 1 });
            }
        }
    }

    private static bool IsUniqueViolation(DbUpdateException e) =>
        e.InnerException is SqliteException { SqliteExtendedErrorCode: 2067 } // SQLITE_CONSTRAINT_UNIQUE
            or PostgresException { SqlState: PostgresErrorCodes.UniqueViolation };

    /// <summary>The old default stops being one, saved before the new one is written: the index admits one at a time.</summary>
    private static async Task ClearDefaultAsync(BillingDbContext db, ApiCaller caller, string newDefaultId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var previous = await db.PortalConfigurations.OwnedBy(caller).Where(c => c.IsDefault && c.Id != newDefaultId).ToListAsync(cancellationToken);
        foreach (var configuration in previous)
        {
            configuration.IsDefault = false;
            configuration.Updated = now;
            EventLog.Add(db, Actor.Api(caller), EventTypes.ConfigurationUpdated, await ToObjectAsync(db, caller, configuration, cancellationToken), now);
        }
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>A retention coupon the request names must be the caller's (merchant and mode) and not deleted: another's reads as missing.</summary>
    private static async Task CheckRetentionAsync(BillingDbContext db, ApiCaller caller, string? couponId, ApiParams parameters, CancellationToken cancellationToken)
    {
        if (couponId is null || parameters.Object("features")?.Object("subscription_cancel")?.Has("retention") != true)
        {
            return;
        }
        if (!await db.Coupons.OwnedBy(caller).AnyAsync(c => c.Id == couponId && !c.Deleted, cancellationToken))
        {
            throw new ApiException(ApiError.NoSuch("features[subscription_cancel][retention][coupon_offer][coupon]", "coupon", couponId));
        }
    }

    private static async Task CheckOffersAsync(BillingDbContext db, ApiCaller caller, IReadOnlyList<ProductOffer>? offers, CancellationToken cancellationToken)
    {
        if (offers is null or [])
        {
            return;
        }
        var productIds = offers.Select(o => o.ProductId).ToList();
        var priceIds = offers.SelectMany(o => o.PriceIds).ToList();
        var products = await db.Products.OwnedBy(caller).AsNoTracking().Where(p => productIds.Contains(p.Id)).ToDictionaryAsync(p => p.Id, cancellationToken);
        var prices = await db.Prices.OwnedBy(caller).AsNoTracking().Where(p => priceIds.Contains(p.Id)).ToDictionaryAsync(p => p.Id, cancellationToken);
        if (OfferRefusal(offers, products, prices) is { } refused)
        {
            throw new ApiException(ApiError.From(refused));
        }
    }

    private static async Task<ConfigurationObject> ToObjectAsync(BillingDbContext db, ApiCaller caller, PortalConfiguration configuration, CancellationToken cancellationToken) =>
        ConfigurationObject.From(configuration, await ProductsOfAsync(db, caller, [configuration], cancellationToken));

    /// <summary>The product of every price the configurations offer, in one query: the object lists prices per product.</summary>
    private static async Task<Dictionary<string, string>> ProductsOfAsync(BillingDbContext db, IMerchantScope caller, IEnumerable<PortalConfiguration> configurations,
        CancellationToken cancellationToken)
    {
        var priceIds = configurations.SelectMany(c => c.Features.SubscriptionUpdate.Prices).Distinct(StringComparer.Ordinal).ToList();
        return priceIds.Count == 0
            ? []
            : await db.Prices.OwnedBy(caller).AsNoTracking().Where(p => priceIds.Contains(p.Id))
                .Select(p => new { p.Id, p.ProductId }).ToDictionaryAsync(p => p.Id, p => p.ProductId, cancellationToken);
    }
}
