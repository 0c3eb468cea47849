using Vinr.Portal.Api.Features.Tax;

namespace Vinr.Portal.Api.Features.Discounts;

/// <summary>
/// A coupon applied to one subscription (Stripe's <c>discount</c>) as an invoice needs it: the coupon's
/// terms, and when the discount started and ends (<paramref name="End"/> null: forever, or once).
/// Invoices copy these terms, so a later change of the coupon's name never rewrites one.
/// </summary>
public sealed record DiscountTerms(
    string DiscountId, string CouponId, string? CouponName, int? PercentOffBasisPoints, long? AmountOff, string? Currency,
    CouponDuration Duration, int? DurationInMonths, DateTimeOffset Start, DateTimeOffset? End);

/// <summary>
/// The discount arithmetic, on values only (the one place it is decided, like <see cref="TaxMath"/>):
/// <list type="bullet">
/// <item>Which invoices: those whose period starts while the discount is active, <c>Start ≤ periodStart &lt; End</c>
/// (Stripe's rule); a repeating coupon of N months applied mid-period thus discounts the N renewals that start
/// within N months.</item>
/// <item>Of what: the sum of the invoice's lines, prorations included (a proration's credit and charge are
/// discounted alike, as Stripe discounts proration lines).</item>
/// <item>Percent off: <c>sum × p</c> rounded half away from zero in minor units; amount off: the coupon's amount, in
/// the coupon's currency only (another currency gets none), capped at the sum.</item>
/// <item>Never below zero: lines summing to zero or less get no discount.</item>
/// </list>
/// The amount becomes the invoice's own negative line, before tax, so the per-line tax of <see cref="TaxMath"/>
/// taxes the discounted amount (see <see cref="Invoices.InvoiceDraft"/>).
/// </summary>
public static class DiscountMath
{
    /// <summary>Whether an invoice whose period starts at <paramref name="periodStart"/> gets <paramref name="discount"/>.</summary>
    public static bool AppliesTo(DiscountTerms discount, DateTimeOffset periodStart) =>
        discount.Start <= periodStart && (discount.End is not { } end || periodStart < end);

    /// <summary>The amount off (≥ 0) lines summing to <paramref name="linesSum"/> in <paramref name="currency"/> get.</summary>
    public static long Amount(long linesSum, string currency, DiscountTerms discount)
    {
        if (linesSum <= 0)
        {
            return 0;
        }
        if (discount.PercentOffBasisPoints is { } basisPoints)
        {
            return Math.Min(linesSum, TaxMath.RoundHalfAwayFromZero((Int128)linesSum * basisPoints, TaxMath.BasisPointsPerWhole));
        }
        return discount.AmountOff is { } off && string.Equals(discount.Currency, currency, StringComparison.OrdinalIgnoreCase)
            ? Math.Min(linesSum, off)
            : 0;
    }

    /// <summary>When a discount of <paramref name="duration"/> applied at <paramref name="start"/> ends: N months on for repeating, never (null) otherwise.</summary>
    public static DateTimeOffset? EndOf(CouponDuration duration, int? durationInMonths, DateTimeOffset start) =>
        duration == CouponDuration.Repeating ? start.AddMonths(durationInMonths ?? 1) : null;
}
