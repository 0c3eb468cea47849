using CsCheck;
using Vinr.Portal.Api.Features.Tax;

namespace Vinr.Portal.Tests.Features.Tax;

/// <summary>Tax per line and per rate, half away from zero, inclusive or exclusive, on values alone.</summary>
public sealed class TaxMathTests
{
    private static readonly Gen<long> Amounts = Gen.OneOf(Gen.Long[-1_000_000, 1_000_000], Gen.Long[-(long.MaxValue / 4), long.MaxValue / 4]);
    private static readonly Gen<int> Rates = Gen.OneOf(Gen.Const(0), Gen.Const(2000), Gen.Int[0, TaxMath.BasisPointsPerWhole]);

    private static AppliedRate Rate(int basisPoints, bool inclusive) => new("txr_1", "VAT", "FR", basisPoints, inclusive);

    [Theory]
    [InlineData(4_900, 2000, false, 980)]  // 20 % on top of 49.00
    [InlineData(5_880, 2000, true, 980)]   // 20 % inside 58.80
    [InlineData(25, 2000, false, 5)]
    [InlineData(1_000, 1950, false, 195)]
    [InlineData(1_001, 1950, false, 195)]  // 195.195 rounds down
    [InlineData(1_003, 1950, false, 196)]  // 195.585 rounds up
    [InlineData(10, 2500, false, 3)]       // 2.5 rounds away from zero
    [InlineData(-10, 2500, false, -3)]     // and a credit's -2.5 too
    [InlineData(1_190, 1900, true, 190)]   // German VAT inside 11.90
    public void One_rate(long amount, int basisPoints, bool inclusive, long tax) =>
        Assert.Equal([tax], TaxMath.LineTaxes(amount, [Rate(basisPoints, inclusive)]));

    [Fact]
    public void A_credit_gives_back_exactly_the_tax_its_charge_took() =>
        Gen.Select(Amounts, Rates, Gen.Bool).Sample((amount, rate, inclusive) =>
            TaxMath.LineTaxes(-amount, [Rate(rate, inclusive)])[0] == -TaxMath.LineTaxes(amount, [Rate(rate, inclusive)])[0]);

    [Fact]
    public void The_tax_is_the_exact_tax_rounded_to_the_nearest_minor_unit() =>
        Gen.Select(Gen.Long[-10_000_000, 10_000_000], Rates, Gen.Bool).Sample((amount, rate, inclusive) =>
        {
            var exact = inclusive ? amount * (decimal)rate / (TaxMath.BasisPointsPerWhole + rate) : amount * (decimal)rate / TaxMath.BasisPointsPerWhole;
            return TaxMath.LineTaxes(amount, [Rate(rate, inclusive)])[0] == (long)Math.Round(exact, MidpointRounding.AwayFromZero);
        });

    [Fact]
    public void Inclusive_tax_never_exceeds_the_amount_and_exclusive_tax_never_exceeds_the_rate() =>
        Gen.Select(Gen.Long[0, long.MaxValue / 4], Rates).Sample((amount, rate) =>
            TaxMath.LineTaxes(amount, [Rate(rate, inclusive: true)])[0] <= amount / 2 + 1
            && TaxMath.LineTaxes(amount, [Rate(rate, inclusive: false)])[0] <= amount);

    [Fact]
    public void Two_inclusive_rates_share_the_amount_and_each_rounds_on_its_own()
    {
        // 11.30 holding two inclusive rates, 5 % and 8 %: 1130 × 5/113 and 1130 × 8/113.
        var taxes = TaxMath.LineTaxes(1_130, [Rate(500, inclusive: true), Rate(800, inclusive: true)]);

        Assert.Equal([50L, 80L], taxes);
    }

    [Fact]
    public void A_rate_outside_0_to_100_percent_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => TaxMath.LineTaxes(100, [Rate(-1, inclusive: false)]));
        Assert.Throws<ArgumentOutOfRangeException>(() => TaxMath.LineTaxes(100, [Rate(10_001, inclusive: false)]));
    }
}
