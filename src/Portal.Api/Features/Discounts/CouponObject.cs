namespace Vinr.Portal.Api.Features.Discounts;

/// <summary>
/// A coupon as the API shows it, in Stripe's shape: <c>percent_off</c> a number such as 12.5 (or null),
/// <c>amount_off</c> minor units of <c>currency</c> (or null), <c>valid</c> whether it can still be applied.
/// </summary>
public sealed record CouponObject(
    string Id,
    string Object,
    long? AmountOff,
    long Created,
    string? Currency,
    CouponDuration Duration,
    int? DurationInMonths,
    bool Livemode,
    int? MaxRedemptions,
    IReadOnlyDictionary<string, string> Metadata,
    string? Name,
    decimal? PercentOff,
    long? RedeemBy,
    int TimesRedeemed,
    bool Valid)
{
    public const string ObjectName = "coupon";

    public static CouponObject From(Coupon c, DateTimeOffset now) => new(
        c.Id, ObjectName, c.AmountOff, c.Created.ToUnixTimeSeconds(), c.Currency, c.Duration, c.DurationInMonths, c.Livemode, c.MaxRedemptions,
        new Dictionary<string, string>(c.Metadata), c.Name, c.PercentOffBasisPoints / 100m, c.RedeemBy?.ToUnixTimeSeconds(), c.TimesRedeemed, c.ValidAt(now));

    /// <summary>The coupon as a discount copied it when it was applied (terms never change; the count and validity are the copy's).</summary>
    public static CouponObject Of(DiscountTerms d, bool livemode) => new(
        d.CouponId, ObjectName, d.AmountOff, d.Start.ToUnixTimeSeconds(), d.Currency, d.Duration, d.DurationInMonths, livemode, null,
        new Dictionary<string, string>(), d.CouponName, d.PercentOffBasisPoints / 100m, null, 1, true);
}

/// <summary>
/// A coupon applied to a subscription, in Stripe's shape (<c>discount</c>): the coupon (as applied), whose
/// customer and subscription, from <c>start</c> until <c>end</c> (null: forever, or once — removed after the next invoice).
/// <c>source</c> names the coupon as newer Stripe API versions read it.
/// </summary>
public sealed record DiscountObject(
    string Id, string Object, CouponObject Coupon, DiscountSource Source, string Customer, string? Subscription, long Start, long? End,
    string? Invoice, string? InvoiceItem, string? PromotionCode)
{
    public const string ObjectName = "discount";

    public static DiscountObject From(DiscountTerms d, string customerId, string? subscriptionId, bool livemode) => new(
        d.DiscountId, ObjectName, CouponObject.Of(d, livemode), new DiscountSource("coupon", d.CouponId), customerId, subscriptionId,
        d.Start.ToUnixTimeSeconds(), d.End?.ToUnixTimeSeconds(), null, null, null);
}

public sealed record DiscountSource(string Type, string Coupon);

/// <summary>What one discount took off an invoice (Stripe's <c>total_discount_amounts</c> entry).</summary>
public sealed record DiscountAmountObject(long Amount, string Discount);
