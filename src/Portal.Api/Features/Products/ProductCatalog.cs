using Microsoft.EntityFrameworkCore;
using Vinr.Portal.Api.Features.Events;
using Vinr.Portal.Api.Infrastructure;
using Vinr.Portal.Api.Infrastructure.Data;
using Vinr.Portal.Api.Infrastructure.Http;

namespace Vinr.Portal.Api.Features.Products;

/// <summary>
/// A merchant's products and prices through the API: create, retrieve, update (archive is
/// <c>active=false</c>, as in Stripe), list; a product without prices may be deleted. Each write commits
/// with its event in one <c>SaveChanges</c>. A price's amount, currency and period never change: a
/// subscription on it must bill what it agreed to, so a new amount is a new price.
/// </summary>
public sealed class ProductCatalog(IDbContextFactory<BillingDbContext> dbFactory, TimeProvider time)
{
    public const int NameMaxLength = 200;
    public const int NicknameMaxLength = 200;
    public const int DescriptionMaxLength = 5000;

    /// <summary>Stripe's ceiling on <c>unit_amount</c> (eight digits of minor units).</summary>
    public const long MaxUnitAmount = 99_999_999;

    public static readonly string[] CreateProductParameters = ["name", "description", "active", "metadata"];
    public static readonly string[] UpdateProductParameters = CreateProductParameters;
    public static readonly string[] CreatePriceParameters = ["product", "currency", "unit_amount", "recurring", "billing_scheme", "nickname", "active", "metadata"];

    // Declared before UpdatePriceParameters, which static initialisation reads in order.
    private static readonly string[] ImmutablePriceParameters = ["product", "currency", "unit_amount", "recurring", "billing_scheme"];

    /// <summary>Only <c>nickname</c>, <c>active</c> and <c>metadata</c> change; the rest is accepted only to be refused by name.</summary>
    public static readonly string[] UpdatePriceParameters = ["nickname", "active", "metadata", .. ImmutablePriceParameters];

    private static readonly Dictionary<string, BillingInterval> Intervals = new(StringComparer.Ordinal) { ["month"] = BillingInterval.Month, ["year"] = BillingInterval.Year };
    private static readonly Dictionary<string, BillingScheme> Schemes = new(StringComparer.Ordinal) { ["per_unit"] = BillingScheme.PerUnit, ["flat"] = BillingScheme.Flat };

    public async Task<ProductObject> CreateProductAsync(ApiCaller caller, ApiParams p, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var product = new Product
        {
            Id = Ids.New("prod"),
            MerchantId = caller.MerchantId,
            Livemode = caller.Livemode,
            Name = p.RequiredString("name", NameMaxLength),
            Description = p.String("description", DescriptionMaxLength),
            Active = p.Boolean("active") ?? true,
            Metadata = p.Has("metadata") ? MetadataUpdate.Apply(p, []) : [],
            Created = now,
            Updated = now,
        };
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        db.Products.Add(product);
        var created = ProductObject.From(product);
        EventLog.Add(db, Actor.Api(caller), EventTypes.ProductCreated, created, now);
        await db.SaveChangesAsync(cancellationToken);
        return created;
    }

    /// <summary>Changes only what <paramref name="p"/> names. Null when there is no such product (or it is someone else's).</summary>
    public async Task<ProductObject?> UpdateProductAsync(ApiCaller caller, string id, ApiParams p, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var product = await db.Products.OwnedBy(caller).FirstOrDefaultAsync(x => x.Id == id, cancellationToken);
        if (product is null)
        {
            return null;
        }
        if (p.Has("name"))
        {
            product.Name = p.RequiredString("name", NameMaxLength);
        }
        if (p.Has("description"))
        {
            product.Description = p.Clearable("description", DescriptionMaxLength);
        }
        product.Active = p.Boolean("active") ?? product.Active;
        if (p.Has("metadata"))
        {
            product.Metadata = MetadataUpdate.Apply(p, product.Metadata);
        }
        var now = time.GetUtcNow();
        product.Updated = now;
        var updated = ProductObject.From(product);
        EventLog.Add(db, Actor.Api(caller), EventTypes.ProductUpdated, updated, now);
        await db.SaveChangesAsync(cancellationToken);
        return updated;
    }

    /// <summary>
    /// Deletes a product that has no prices, as Stripe does; one with prices is archived instead. Null when
    /// there is no such product. The foreign key (restrict) refuses the delete if a price arrives meanwhile.
    /// </summary>
    public async Task<Outcome<DeletedObject>> DeleteProductAsync(ApiCaller caller, string id, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var product = await db.Products.OwnedBy(caller).FirstOrDefaultAsync(x => x.Id == id, cancellationToken);
        if (product is null)
        {
            return new Problem(ProblemKind.NotFound, $"No such product: '{id}'.", "id");
        }
        var withPrices = new Problem(ProblemKind.NotAllowed,
            $"Product {id} has prices, so it cannot be deleted: archive it instead (active=false), which keeps its prices and subscriptions billing.", "id");
        if (await db.Prices.OwnedBy(caller).AnyAsync(x => x.ProductId == id, cancellationToken))
        {
            return withPrices;
        }
        db.Products.Remove(product);
        var deleted = new DeletedObject(id, "product", Deleted: true);
        EventLog.Add(db, Actor.Api(caller), EventTypes.ProductDeleted, ProductObject.From(product), time.GetUtcNow());
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // A price was created on it between the check and the delete: the restrict key refused.
            return withPrices;
        }
        return deleted;
    }

    public async Task<ProductObject?> GetProductAsync(ApiCaller caller, string id, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var product = await db.Products.OwnedBy(caller).AsNoTracking().FirstOrDefaultAsync(x => x.Id == id, cancellationToken);
        return product is null ? null : ProductObject.From(product);
    }

    /// <summary>Newest first; <c>active</c> filters when given.</summary>
    public async Task<ListObject<ProductObject>> ListProductsAsync(ApiCaller caller, ApiParams p, CancellationToken cancellationToken)
    {
        var active = p.Boolean("active");
        var page = PageRequest.Parse(p);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var query = db.Products.OwnedBy(caller).AsNoTracking();
        if (active is { } isActive)
        {
            query = query.Where(x => x.Active == isActive);
        }
        var (items, hasMore) = await page.ApplyAsync(query, cancellationToken);
        return new ListObject<ProductObject>("list", [.. items.Select(ProductObject.From)], hasMore, "/v1/products");
    }

    public async Task<PriceObject> CreatePriceAsync(ApiCaller caller, ApiParams p, CancellationToken cancellationToken)
    {
        var productId = p.RequiredString("product", 64);
        var currency = p.RequiredString("currency", 3).ToLowerInvariant();
        if (!Currencies.IsKnown(currency))
        {
            throw p.Invalid("currency", $"Invalid currency: '{currency}' is not an ISO 4217 currency code, e.g. usd or eur.");
        }
        var unitAmount = p.Integer("unit_amount", 0, MaxUnitAmount) ?? throw new ApiException(ApiError.Missing("unit_amount"));
        var recurrence = ReadRecurring(p);
        var scheme = p.String("billing_scheme", 16) is { } schemeText
            ? Schemes.TryGetValue(schemeText, out var known) ? known : throw p.Invalid("billing_scheme", "Invalid billing_scheme: must be per_unit or flat.")
            : BillingScheme.PerUnit;
        var now = time.GetUtcNow();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        // Another merchant's product, or the other mode's, reads as a missing one.
        if (!await db.Products.OwnedBy(caller).AnyAsync(x => x.Id == productId, cancellationToken))
        {
            throw new ApiException(ApiError.NoSuch("product", "product", productId));
        }
        var price = new Price
        {
            Id = Ids.New("price"),
            MerchantId = caller.MerchantId,
            Livemode = caller.Livemode,
            ProductId = productId,
            Currency = currency,
            UnitAmount = unitAmount,
            Interval = recurrence.Interval,
            IntervalCount = recurrence.Count,
            BillingScheme = scheme,
            Nickname = p.String("nickname", NicknameMaxLength),
            Active = p.Boolean("active") ?? true,
            Metadata = p.Has("metadata") ? MetadataUpdate.Apply(p, []) : [],
            Created = now,
        };
        db.Prices.Add(price);
        var created = PriceObject.From(price);
        EventLog.Add(db, Actor.Api(caller), EventTypes.PriceCreated, created, now);
        await db.SaveChangesAsync(cancellationToken);
        return created;
    }

    /// <summary>Changes nickname, active and metadata. Null when there is no such price (or it is someone else's).</summary>
    public async Task<PriceObject?> UpdatePriceAsync(ApiCaller caller, string id, ApiParams p, CancellationToken cancellationToken)
    {
        if (ImmutablePriceParameters.FirstOrDefault(p.Has) is { } immutable)
        {
            throw p.Invalid(immutable, $"A price's {immutable} cannot change: subscriptions on it bill what they agreed to. " +
                "Create a new price with the new terms, and archive this one (active=false).");
        }
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var price = await db.Prices.OwnedBy(caller).FirstOrDefaultAsync(x => x.Id == id, cancellationToken);
        if (price is null)
        {
            return null;
        }
        if (p.Has("nickname"))
        {
            price.Nickname = p.Clearable("nickname", NicknameMaxLength);
        }
        price.Active = p.Boolean("active") ?? price.Active;
        if (p.Has("metadata"))
        {
            price.Metadata = MetadataUpdate.Apply(p, price.Metadata);
        }
        var updated = PriceObject.From(price);
        EventLog.Add(db, Actor.Api(caller), EventTypes.PriceUpdated, updated, time.GetUtcNow());
        await db.SaveChangesAsync(cancellationToken);
        return updated;
    }

    public async Task<PriceObject?> GetPriceAsync(ApiCaller caller, string id, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var price = await db.Prices.OwnedBy(caller).AsNoTracking().FirstOrDefaultAsync(x => x.Id == id, cancellationToken);
        return price is null ? null : PriceObject.From(price);
    }

    /// <summary>Newest first; <c>product</c> (the caller's, else 404), <c>active</c> and <c>currency</c> filter when given.</summary>
    public async Task<ListObject<PriceObject>> ListPricesAsync(ApiCaller caller, ApiParams p, CancellationToken cancellationToken)
    {
        var productId = p.String("product", 64);
        var active = p.Boolean("active");
        var currency = p.String("currency", 3)?.ToLowerInvariant();
        if (currency is not null && !Currencies.IsKnown(currency))
        {
            throw p.Invalid("currency", $"Invalid currency: '{currency}' is not an ISO 4217 currency code, e.g. usd or eur.");
        }
        var page = PageRequest.Parse(p);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var query = db.Prices.OwnedBy(caller).AsNoTracking();
        if (productId is not null)
        {
            if (!await db.Products.OwnedBy(caller).AnyAsync(x => x.Id == productId, cancellationToken))
            {
                throw new ApiException(ApiError.NoSuch("product", "product", productId));
            }
            query = query.Where(x => x.ProductId == productId);
        }
        if (active is { } isActive)
        {
            query = query.Where(x => x.Active == isActive);
        }
        if (currency is not null)
        {
            query = query.Where(x => x.Currency == currency);
        }
        var (items, hasMore) = await page.ApplyAsync(query, cancellationToken);
        return new ListObject<PriceObject>("list", [.. items.Select(PriceObject.From)], hasMore, "/v1/prices");
    }

    /// <summary><c>recurring[interval]</c> (required) and <c>recurring[interval_count]</c> (default 1), at most three years in all.</summary>
    private static Recurrence ReadRecurring(ApiParams p)
    {
        var recurring = p.Object("recurring") ?? throw new ApiException(ApiError.Missing("recurring"));
        recurring.AllowOnly("interval", "interval_count");
        var intervalText = recurring.RequiredString("interval", 16);
        if (!Intervals.TryGetValue(intervalText, out var interval))
        {
            throw recurring.Invalid("interval", "Invalid recurring[interval]: must be month or year (VINR bills monthly or yearly periods).");
        }
        var perYear = interval == BillingInterval.Year ? 12 : 1;
        var count = recurring.Integer("interval_count", 1, Recurrence.MaxMonths / perYear) ?? 1;
        return new Recurrence(interval, (int)count);
    }
}
