using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Vinr.Portal.Api.Features.Events;
using Vinr.Portal.Api.Features.Products;
using Vinr.Portal.Api.Infrastructure;
using Vinr.Portal.Api.Infrastructure.Data;
using Vinr.Portal.Api.Infrastructure.Http;

namespace Vinr.Portal.Api.Features.Discounts;

/// <summary>
/// A merchant's coupons through the API (Stripe's <c>/v1/coupons</c>): create, retrieve, update (name and
/// metadata only: the terms never change), delete, list. Each write commits with its event.
/// </summary>
public sealed partial class Coupons(IDbContextFactory<BillingDbContext> dbFactory, TimeProvider time)
{
    public const int NameMaxLength = 40;
    public const int MaxMonths = 120;
    public const long MaxAmountOff = 99_999_999;

    private static readonly string[] Terms = ["percent_off", "amount_off", "currency", "duration", "duration_in_months", "max_redemptions", "redeem_by", "id"];

    public static readonly string[] CreateParameters = ["id", "percent_off", "amount_off", "currency", "duration", "duration_in_months", "name",
        "max_redemptions", "redeem_by", "metadata"];

    public static readonly string[] UpdateParameters = ["name", "metadata", .. Terms.Where(t => t != "id")];

    [GeneratedRegex("^[A-Za-z0-9_-]{1,64}$")]
    private static partial Regex IdPattern();

    public async Task<CouponObject> CreateAsync(ApiCaller caller, ApiParams p, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var id = p.String("id", 64);
        if (id is not null && !IdPattern().IsMatch(id))
        {
            throw p.Invalid("id", "Invalid id: use 1 to 64 letters, digits, '_' or '-' (e.g. WINBACK50).");
        }
        var percent = p.Decimal("percent_off", 0, 100, decimals: 2);
        var amountOff = p.Integer("amount_off", 1, MaxAmountOff);
        var currency = p.String("currency", 3)?.ToLowerInvariant();
        switch (percent, amountOff)
        {
            case (null, null):
                throw new ApiException(ApiError.Missing("percent_off") with { Message = "Missing required param: percent_off or amount_off (with currency)." });
            case ({ }, { }):
                throw p.Invalid("amount_off", "Pass percent_off or amount_off, not both.");
            case ({ } pct, null) when pct <= 0:
                throw p.Invalid("percent_off", "Invalid percent_off: must be more than 0 and at most 100.");
            case ({ }, null) when currency is not null:
                throw p.Invalid("currency", "currency goes with amount_off only: a percent off applies in every currency.");
            case (null, { }) when currency is null:
                throw new ApiException(ApiError.Missing("currency") with { Message = "Missing required param: currency (the currency of amount_off)." });
            case (null, { }) when !Currencies.IsKnown(currency!):
                throw p.Invalid("currency", $"Invalid currency: '{currency}' is not an ISO 4217 currency code (e.g. usd).");
        }
        var duration = p.String("duration", 16) switch
        {
            null or "once" => CouponDuration.Once,
            "repeating" => CouponDuration.Repeating,
            "forever" => CouponDuration.Forever,
            var other => throw p.Invalid("duration", $"Invalid duration '{other}': use one of once, repeating, forever."),
        };
        var months = p.Integer("duration_in_months", 1, MaxMonths);
        if (duration == CouponDuration.Repeating && months is null)
        {
            throw new ApiException(ApiError.Missing("duration_in_months") with { Message = "Missing required param: duration_in_months (a repeating coupon lasts that many months)." });
        }
        if (duration != CouponDuration.Repeating && months is not null)
        {
            throw p.Invalid("duration_in_months", "duration_in_months goes with duration=repeating only.");
        }
        var redeemBy = p.Integer("redeem_by", now.ToUnixTimeSeconds() + 1, now.AddYears(5).ToUnixTimeSeconds());
        var coupon = new Coupon
        {
            Id = id ?? Ids.New("co"),
            MerchantId = caller.MerchantId,
            Livemode = caller.Livemode,
            Name = p.Clearable("name", NameMaxLength),
            PercentOffBasisPoints = percent is { } pc ? (int)(pc * 100) : null,
            AmountOff = amountOff,
            Currency = amountOff is null ? null : currency,
            Duration = duration,
            DurationInMonths = months is { } m ? (int)m : null,
            MaxRedemptions = p.Integer("max_redemptions", 1, int.MaxValue) is { } max ? (int)max : null,
            RedeemBy = redeemBy is { } seconds ? DateTimeOffset.FromUnixTimeSeconds(seconds) : null,
            Metadata = p.Has("metadata") ? MetadataUpdate.Apply(p, []) : [],
            Created = now,
        };
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        // A deleted coupon keeps its id: discounts that use it still name it.
        if (id is not null && await db.Coupons.OwnedBy(caller).AnyAsync(c => c.Id == id, cancellationToken))
        {
            throw new ApiException(ApiError.Invalid("id", $"Coupon already exists: '{id}'.") with { Code = "resource_already_exists" });
        }
        db.Add(coupon);
        var created = CouponObject.From(coupon, now);
        EventLog.Add(db, Actor.Api(caller), EventTypes.CouponCreated, created, now);
        await db.SaveChangesAsync(cancellationToken);
        return created;
    }

    /// <summary>Changes the name and metadata; the terms are refused. Null when there is no such coupon (or it is someone else's, or deleted).</summary>
    public async Task<CouponObject?> UpdateAsync(ApiCaller caller, string id, ApiParams p, CancellationToken cancellationToken)
    {
        if (Terms.FirstOrDefault(p.Has) is { } term)
        {
            throw p.Invalid(term, $"A coupon's {term} cannot change: discounts and invoices rely on its terms. Create a new coupon instead.");
        }
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var coupon = await db.Coupons.OwnedBy(caller).FirstOrDefaultAsync(c => c.Id == id && !c.Deleted, cancellationToken);
        if (coupon is null)
        {
            return null;
        }
        if (p.Has("name"))
        {
            coupon.Name = p.Clearable("name", NameMaxLength);
        }
        if (p.Has("metadata"))
        {
            coupon.Metadata = MetadataUpdate.Apply(p, coupon.Metadata);
        }
        var now = time.GetUtcNow();
        var updated = CouponObject.From(coupon, now);
        EventLog.Add(db, Actor.Api(caller), EventTypes.CouponUpdated, updated, now);
        await db.SaveChangesAsync(cancellationToken);
        return updated;
    }

    /// <summary>Stops new redemptions; discounts already applied keep it, as in Stripe. Null when there is no such coupon.</summary>
    public async Task<DeletedObject?> DeleteAsync(ApiCaller caller, string id, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var coupon = await db.Coupons.OwnedBy(caller).FirstOrDefaultAsync(c => c.Id == id && !c.Deleted, cancellationToken);
        if (coupon is null)
        {
            return null;
        }
        coupon.Deleted = true;
        var now = time.GetUtcNow();
        EventLog.Add(db, Actor.Api(caller), EventTypes.CouponDeleted, CouponObject.From(coupon, now), now);
        await db.SaveChangesAsync(cancellationToken);
        return new DeletedObject(id, CouponObject.ObjectName, Deleted: true);
    }

    public async Task<CouponObject?> GetAsync(ApiCaller caller, string id, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var coupon = await db.Coupons.OwnedBy(caller).AsNoTracking().FirstOrDefaultAsync(c => c.Id == id && !c.Deleted, cancellationToken);
        return coupon is null ? null : CouponObject.From(coupon, time.GetUtcNow());
    }

    /// <summary>Newest first, deleted ones left out.</summary>
    public async Task<ListObject<CouponObject>> ListAsync(ApiCaller caller, ApiParams p, CancellationToken cancellationToken)
    {
        var page = PageRequest.Parse(p);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var (items, hasMore) = await page.ApplyAsync(db.Coupons.OwnedBy(caller).AsNoTracking().Where(c => !c.Deleted), cancellationToken);
        var now = time.GetUtcNow();
        return new ListObject<CouponObject>("list", [.. items.Select(c => CouponObject.From(c, now))], hasMore, "/v1/coupons");
    }
}
