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
/// The amount becomes the invoice's own negative line, before tax. Its tax is the tax its share of each line took
/// (<see cref="Allocate"/>, <see cref="Taxes"/>), rounded per line and rate as every tax is (<see cref="TaxMath"/>): so the
/// invoice is taxed on the discounted amount, a 100 % discount leaves exactly no tax (taxing the discount line as one
/// amount could leave a cent per line), and on a one-line invoice it is the same as taxing the discount line itself.
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

    /// <summary>
    /// <paramref name="discount"/> shared over the lines pro rata (<c>discount × amount / sum</c>, half away from zero; the last
    /// line takes the rounding), so the shares add up to it exactly. A credit line's share is negative: the discount reduces it too.
    /// </summary>
    /// <param name="amounts">The lines; their sum is positive whenever the discount is.</param>
    public static long[] Allocate(IReadOnlyList<long> amounts, long discount)
    {
        var sum = amounts.Sum();
        var shares = new long[amounts.Count];
        if (discount == 0 || sum <= 0)
        {
            return shares;
        }
        for (var i = 0; i < amounts.Count - 1; i++)
        {
            shares[i] = TaxMath.RoundHalfAwayFromZero((Int128)discount * amounts[i], sum);
        }
        shares[^1] = discount - shares[..^1].Sum();
        return shares;
    }

    /// <summary>The discount line's tax per rate (≤ 0 for positive shares): minus the tax each line's share took, per line and rate.</summary>
    public static long[] Taxes(IReadOnlyList<long> shares, IReadOnlyList<AppliedRate> rates)
    {
        var taxes = new long[rates.Count];
        foreach (var share in shares)
        {
            var lineTaxes = TaxMath.LineTaxes(share, rates);
            for (var i = 0; i < taxes.Length; i++)
            {
                taxes[i] -= lineTaxes[i];
            }
        }
        return taxes;
    }

    /// <summary>When a discount of <paramref name="duration"/> applied at <paramref name="start"/> ends: N months on for repeating, never (null) otherwise.</summary>
    public static DateTimeOffset? EndOf(CouponDuration duration, int? durationInMonths, DateTimeOffset start) =>
        duration == CouponDuration.Repeating ? start.AddMonths(durationInMonths ?? 1) : null;
}
