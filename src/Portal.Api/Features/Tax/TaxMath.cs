namespace Vinr.Portal.Api.Features.Tax;

/// <summary>
/// Tax on amounts in minor units, the one rounding rule everywhere (invoices, renewals, previews,
/// prorations): per line and per rate, half away from zero, so a credit gives back exactly the tax
/// its charge took. A rate is in basis points: 2000 is 20 %, 10000 is 100 %.
/// </summary>
public static class TaxMath
{
    public const int BasisPointsPerWhole = 10_000;

    /// <summary>
    /// The tax of each rate on one line, in the order of <paramref name="rates"/>. Exclusive rates are
    /// added on top: <c>amount × rate</c>. Inclusive rates are inside the amount and share it:
    /// <c>amount × rate / (1 + the sum of the inclusive rates)</c>.
    /// </summary>
    public static long[] LineTaxes(long amount, IReadOnlyList<AppliedRate> rates)
    {
        var inclusiveTotal = rates.Where(r => r.Inclusive).Sum(r => r.BasisPoints);
        return [.. rates.Select(r => r.Inclusive ? Inclusive(amount, r.BasisPoints, inclusiveTotal) : Exclusive(amount, r.BasisPoints))];
    }

    public static long Exclusive(long amount, int basisPoints) =>
        RoundHalfAwayFromZero((Int128)amount * Checked(basisPoints), BasisPointsPerWhole);

    /// <param name="inclusiveTotal">All inclusive rates on the line, this one among them.</param>
    public static long Inclusive(long amount, int basisPoints, int inclusiveTotal) =>
        RoundHalfAwayFromZero((Int128)amount * Checked(basisPoints), BasisPointsPerWhole + (Int128)inclusiveTotal);

    /// <summary><paramref name="numerator"/> / <paramref name="denominator"/> (> 0), half away from zero.</summary>
    public static long RoundHalfAwayFromZero(Int128 numerator, Int128 denominator)
    {
        var (quotient, remainder) = Int128.DivRem(Int128.Abs(numerator), denominator);
        var rounded = quotient + (remainder * 2 >= denominator ? 1 : 0);
        return (long)(numerator < 0 ? -rounded : rounded);
    }

    private static int Checked(int basisPoints)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(basisPoints);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(basisPoints, BasisPointsPerWhole);
        return basisPoints;
    }
}
