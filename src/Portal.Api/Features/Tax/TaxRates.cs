using Microsoft.EntityFrameworkCore;
using Vinr.Portal.Api.Features.Customers;
using Vinr.Portal.Api.Features.Events;
using Vinr.Portal.Api.Infrastructure;
using Vinr.Portal.Api.Infrastructure.Data;
using Vinr.Portal.Api.Infrastructure.Http;

namespace Vinr.Portal.Api.Features.Tax;

/// <summary>
/// A merchant's tax rates through the API: create, retrieve, update (archive is <c>active=false</c>),
/// list; and the treatment a customer's invoices get from them. Each write commits with its event.
/// </summary>
public sealed class TaxRates(IDbContextFactory<BillingDbContext> dbFactory, TimeProvider time)
{
    public const int DisplayNameMaxLength = 50;

    public static readonly string[] CreateParameters = ["display_name", "percentage", "inclusive", "country", "state", "jurisdiction", "description", "active", "metadata"];

    // A written invoice copies the rate it applied, but a rate's meaning must not drift under the merchant's reports either.
    private static readonly string[] ImmutableParameters = ["percentage", "inclusive", "country", "state"];

    public static readonly string[] UpdateParameters = ["display_name", "jurisdiction", "description", "active", "metadata", .. ImmutableParameters];

    public async Task<TaxRateObject> CreateAsync(ApiCaller caller, ApiParams p, CancellationToken cancellationToken)
    {
        var country = p.RequiredString("country", 2).ToUpperInvariant();
        if (!Countries.IsSupported(country))
        {
            throw p.Invalid("country", $"Invalid country: '{country}' is not one of the countries VINR bills (ISO 3166-1 alpha-2, e.g. FR).");
        }
        var percentage = p.Decimal("percentage", 0, 100, decimals: 2) ?? throw new ApiException(ApiError.Missing("percentage"));
        var now = time.GetUtcNow();
        var rate = new TaxRate
        {
            Id = Ids.New("txr"),
            MerchantId = caller.MerchantId,
            Livemode = caller.Livemode,
            DisplayName = p.RequiredString("display_name", DisplayNameMaxLength),
            Description = p.String("description", 500),
            Country = country,
            State = p.String("state", 3)?.ToUpperInvariant(),
            Jurisdiction = p.String("jurisdiction", 50),
            BasisPoints = (int)(percentage * 100),
            Inclusive = p.Boolean("inclusive") ?? throw new ApiException(ApiError.Missing("inclusive")),
            Active = p.Boolean("active") ?? true,
            Metadata = p.Has("metadata") ? MetadataUpdate.Apply(p, []) : [],
            Created = now,
        };
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (rate.Active)
        {
            await RefuseMixedAsync(db, caller, rate, p, "inclusive", cancellationToken);
        }
        db.Add(rate);
        var created = TaxRateObject.From(rate);
        EventLog.Add(db, Actor.Api(caller), EventTypes.TaxRateCreated, created, now);
        await db.SaveChangesAsync(cancellationToken);
        return created;
    }

    /// <summary>Changes display name, jurisdiction, description, active and metadata. Null when there is no such rate (or it is someone else's).</summary>
    public async Task<TaxRateObject?> UpdateAsync(ApiCaller caller, string id, ApiParams p, CancellationToken cancellationToken)
    {
        if (ImmutableParameters.FirstOrDefault(p.Has) is { } immutable)
        {
            throw p.Invalid(immutable, $"A tax rate's {immutable} cannot change: archive it (active=false) and create a new rate.");
        }
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var rate = await db.TaxRates.OwnedBy(caller).FirstOrDefaultAsync(x => x.Id == id, cancellationToken);
        if (rate is null)
        {
            return null;
        }
        if (p.Has("display_name"))
        {
            rate.DisplayName = p.RequiredString("display_name", DisplayNameMaxLength);
        }
        if (p.Has("jurisdiction"))
        {
            rate.Jurisdiction = p.Clearable("jurisdiction", 50);
        }
        if (p.Has("description"))
        {
            rate.Description = p.Clearable("description", 500);
        }
        if (p.Boolean("active") is { } active && active != rate.Active)
        {
            rate.Active = active;
            if (active)
            {
                await RefuseMixedAsync(db, caller, rate, p, "active", cancellationToken);
            }
        }
        if (p.Has("metadata"))
        {
            rate.Metadata = MetadataUpdate.Apply(p, rate.Metadata);
        }
        var updated = TaxRateObject.From(rate);
        EventLog.Add(db, Actor.Api(caller), EventTypes.TaxRateUpdated, updated, time.GetUtcNow());
        await db.SaveChangesAsync(cancellationToken);
        return updated;
    }

    public async Task<TaxRateObject?> GetAsync(ApiCaller caller, string id, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var rate = await db.TaxRates.OwnedBy(caller).AsNoTracking().FirstOrDefaultAsync(x => x.Id == id, cancellationToken);
        return rate is null ? null : TaxRateObject.From(rate);
    }

    /// <summary>Newest first; <c>active</c>, <c>inclusive</c> and <c>country</c> filter when given.</summary>
    public async Task<ListObject<TaxRateObject>> ListAsync(ApiCaller caller, ApiParams p, CancellationToken cancellationToken)
    {
        var active = p.Boolean("active");
        var inclusive = p.Boolean("inclusive");
        var country = p.String("country", 2)?.ToUpperInvariant();
        var page = PageRequest.Parse(p);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var query = db.TaxRates.OwnedBy(caller).AsNoTracking();
        if (active is { } isActive)
        {
            query = query.Where(x => x.Active == isActive);
        }
        if (inclusive is { } isInclusive)
        {
            query = query.Where(x => x.Inclusive == isInclusive);
        }
        if (country is not null)
        {
            query = query.Where(x => x.Country == country);
        }
        var (items, hasMore) = await page.ApplyAsync(query, cancellationToken);
        return new ListObject<TaxRateObject>("list", [.. items.Select(TaxRateObject.From)], hasMore, "/v1/tax_rates");
    }

    /// <summary>
    /// The tax a customer's invoices carry now, read in the caller's context: the merchant's origin
    /// country and reverse-charge setting, the customer's billing country, state and VAT number, and
    /// the merchant's active rates in the customer's mode.
    /// </summary>
    public static async Task<TaxTreatment> TreatmentOfAsync(BillingDbContext db, ICustomerScope customer, CancellationToken cancellationToken)
    {
        var place = await db.Customers.OwnedBy(customer).AsNoTracking()
            .Select(c => new { c.Address.Country, c.Address.State, c.TaxId }).FirstAsync(cancellationToken);
        return await TreatmentOfAsync(db, customer, place.Country, place.State, place.TaxId, cancellationToken);
    }

    /// <summary>The same, for a customer already loaded: no second read of its row.</summary>
    public static Task<TaxTreatment> TreatmentOfAsync(BillingDbContext db, Customer customer, CancellationToken cancellationToken) =>
        TreatmentOfAsync(db, customer, customer.Address.Country, customer.Address.State, customer.TaxId, cancellationToken);

    private static async Task<TaxTreatment> TreatmentOfAsync(BillingDbContext db, IMerchantScope owner, string? country, string? state, string? taxId,
        CancellationToken cancellationToken)
    {
        var merchant = await db.Merchants.AsNoTracking().Where(m => m.Id == owner.MerchantId)
            .Select(m => new { m.TaxOriginCountry, m.TaxReverseCharge }).FirstAsync(cancellationToken);
        var rates = await db.TaxRates.OwnedBy(owner).AsNoTracking().Where(r => r.Active && r.Country == country).ToListAsync(cancellationToken);
        return TaxTreatment.Decide(merchant.TaxOriginCountry, merchant.TaxReverseCharge, country, state, taxId,
            rates.Select(r => new AppliedRateCandidate(r.ToApplied(), r.State)));
    }

    /// <summary>One place's active rates are all inclusive or all exclusive: an invoice line cannot be both.</summary>
    private static async Task RefuseMixedAsync(BillingDbContext db, ApiCaller caller, TaxRate rate, ApiParams p, string parameter, CancellationToken cancellationToken)
    {
        var clash = await db.TaxRates.OwnedBy(caller).AsNoTracking()
            .Where(x => x.Active && x.Id != rate.Id && x.Country == rate.Country && x.Inclusive != rate.Inclusive)
            .Select(x => x.Id).FirstOrDefaultAsync(cancellationToken);
        if (clash is not null)
        {
            throw p.Invalid(parameter, $"Tax rate {clash} for {rate.Country} is {(rate.Inclusive ? "exclusive" : "inclusive")}: " +
                "the active rates of one country are all inclusive or all exclusive. Archive it first, or match it.");
        }
    }
}
