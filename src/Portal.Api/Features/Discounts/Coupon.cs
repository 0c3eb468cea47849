using Vinr.Portal.Api.Infrastructure.Data;
using Vinr.Portal.Api.Infrastructure.Http;

namespace Vinr.Portal.Api.Features.Discounts;

/// <summary>
/// A merchant's coupon (Stripe's <c>coupon</c>): a percentage or an amount off, for one invoice, a number
/// of months, or for ever. Its terms never change once created (a discount and the invoices it wrote rely
/// on them); only its name and metadata do. Deleting it stops new redemptions; discounts already applied keep it.
/// </summary>
public sealed class Coupon : IOwned, IListable
{
    public required string Id { get; init; }
    public required string MerchantId { get; init; }
    public bool Livemode { get; init; }

    /// <summary>What the customer reads: "Win-back".</summary>
    public string? Name { get; set; }

    /// <summary>Percent off in basis points (5000 is 50 %); null for an amount off.</summary>
    public int? PercentOffBasisPoints { get; init; }

    /// <summary>Minor units off each invoice it applies to, in <see cref="Currency"/>; null for a percent off.</summary>
    public long? AmountOff { get; init; }

    /// <summary>The currency of <see cref="AmountOff"/>; an invoice in another currency gets no discount.</summary>
    public string? Currency { get; init; }

    public CouponDuration Duration { get; init; }

    /// <summary>With <see cref="CouponDuration.Repeating"/>: how many months from the day it is applied.</summary>
    public int? DurationInMonths { get; init; }

    /// <summary>How many times it may be applied in all; null for no limit.</summary>
    public int? MaxRedemptions { get; init; }

    /// <summary>The last moment it may be applied (Stripe's <c>redeem_by</c>); null for none.</summary>
    public DateTimeOffset? RedeemBy { get; init; }

    public int TimesRedeemed { get; set; }

    /// <summary>Deleted through the API: gone from the API, still read by the discounts that use it.</summary>
    public bool Deleted { get; set; }

    public Dictionary<string, string> Metadata { get; set; } = [];
    public DateTimeOffset Created { get; init; }

    /// <summary>Stripe's <c>valid</c>: whether it can still be applied at <paramref name="now"/>.</summary>
    public bool ValidAt(DateTimeOffset now) =>
        !Deleted && (RedeemBy is not { } last || now <= last) && (MaxRedemptions is not { } max || TimesRedeemed < max);

    /// <summary>The terms an invoice applies, with the discount that carries them.</summary>
    public DiscountTerms TermsFor(string discountId, DateTimeOffset start, DateTimeOffset? end) =>
        new(discountId, Id, Name, PercentOffBasisPoints, AmountOff, Currency, Duration, DurationInMonths, start, end);
}

/// <summary>How long a coupon's discount lasts (Stripe's <c>duration</c>).</summary>
public enum CouponDuration
{
    /// <summary>The next invoice only; the discount is then removed.</summary>
    Once,

    /// <summary>Every invoice whose period starts within <see cref="Coupon.DurationInMonths"/> months of applying it.</summary>
    Repeating,

    Forever,
}
