using CsCheck;
using Vinr.Portal.Api.Features.Discounts;
using Vinr.Portal.Api.Features.Invoices;
using Vinr.Portal.Api.Features.Subscriptions;
using Vinr.Portal.Api.Features.Tax;
using Vinr.Portal.Api.Infrastructure.Data;

namespace Vinr.Portal.Tests.Features.Discounts;

/// <summary>The discount arithmetic and its place in the one invoice formula, on values alone.</summary>
public sealed class DiscountMathTests
{
    private static readonly DateTimeOffset Start = new(2026, 3, 1, 0, 0, 0, TimeSpan.Zero);

    private static DiscountTerms Percent(decimal percent, CouponDuration duration = CouponDuration.Forever, DateTimeOffset? start = null, DateTimeOffset? end = null) =>
        new("di_1", "WINBACK", "Win-back", (int)(percent * 100), null, null, duration, duration == CouponDuration.Repeating ? 3 : null, start ?? Start, end);

    private static DiscountTerms AmountOff(long amount, string currency = "usd") =>
        new("di_2", "FIVE", null, null, amount, currency, CouponDuration.Forever, null, Start, null);

    private static InvoiceDraftLine Line(long amount, bool proration = false) => new("Line", amount, 1, null, proration, Start, Start.AddMonths(1));

    private static InvoiceDraft Draft(DiscountTerms? discount, TaxTreatment? tax = null, long balance = 0, params long[] amounts) =>
        InvoiceDraft.Build([.. amounts.Select(a => Line(a))], "usd", Start, Start.AddMonths(1), balance, tax, discount);

    [Fact]
    public void Percent_off_is_of_the_lines_sum_rounded_half_away_from_zero()
    {
        // 12.5 % of 49.99 is 6.24875: 6.25.
        Assert.Equal(625, DiscountMath.Amount(4_999, "usd", Percent(12.5m)));
        // 50 % of 0.05 is 0.025: 0.03.
        Assert.Equal(3, DiscountMath.Amount(5, "usd", Percent(50m)));
        Assert.Equal(4_900, DiscountMath.Amount(4_900, "usd", Percent(100m)));
    }

    [Fact]
    public void Amount_off_applies_in_its_currency_only_and_never_beyond_the_lines()
    {
        Assert.Equal(500, DiscountMath.Amount(4_900, "usd", AmountOff(500)));
        Assert.Equal(300, DiscountMath.Amount(300, "usd", AmountOff(500)));
        Assert.Equal(0, DiscountMath.Amount(4_900, "eur", AmountOff(500)));
    }

    [Fact]
    public void Lines_that_sum_to_nothing_or_less_get_no_discount()
    {
        Assert.Equal(0, DiscountMath.Amount(0, "usd", Percent(50m)));
        Assert.Equal(0, DiscountMath.Amount(-1_200, "usd", AmountOff(500)));
        var credit = Draft(Percent(50m), amounts: [1_000, -3_000]);

        Assert.Null(credit.Discount);
        Assert.DoesNotContain(credit.Lines, l => l.DiscountId is not null);
    }

    [Fact]
    public void It_applies_to_invoices_whose_period_starts_while_it_is_active()
    {
        var applied = new DateTimeOffset(2026, 1, 15, 0, 0, 0, TimeSpan.Zero);
        var repeating = Percent(50m, CouponDuration.Repeating, applied, DiscountMath.EndOf(CouponDuration.Repeating, 3, applied));

        Assert.False(DiscountMath.AppliesTo(repeating, applied.AddDays(-1)));
        Assert.True(DiscountMath.AppliesTo(repeating, new DateTimeOffset(2026, 2, 1, 0, 0, 0, TimeSpan.Zero)));
        Assert.True(DiscountMath.AppliesTo(repeating, new DateTimeOffset(2026, 4, 1, 0, 0, 0, TimeSpan.Zero)));
        Assert.False(DiscountMath.AppliesTo(repeating, new DateTimeOffset(2026, 4, 15, 0, 0, 0, TimeSpan.Zero)));
        Assert.False(DiscountMath.AppliesTo(repeating, new DateTimeOffset(2026, 5, 1, 0, 0, 0, TimeSpan.Zero)));
        Assert.Null(DiscountMath.EndOf(CouponDuration.Forever, null, applied));
        Assert.Null(DiscountMath.EndOf(CouponDuration.Once, null, applied));
    }

    [Fact]
    public void The_discount_is_its_own_negative_line_before_tax_and_the_subtotal_is_before_it()
    {
        var vat = new AppliedRate("txr_fr", "TVA", "FR", 2000, Inclusive: false);

        var draft = Draft(Percent(50m), new TaxTreatment([vat], false, null), amounts: [4_900]);

        var line = Assert.Single(draft.Lines, l => l.DiscountId == "di_1");
        Assert.Equal((-2_450L, "Discount: Win-back (50 % off)"), (line.Amount, line.Description));
        // Tax on the discounted amount: 20 % of 49.00 − 20 % of 24.50.
        Assert.Equal((4_900L, 2_450L, 490L, 2_940L), (draft.Subtotal, draft.TotalDiscount, draft.Tax, draft.Total));
        var invoice = draft.ToInvoice(new CustomerScope("acct_1", false, "cust_1"), "sub_1", "INV-1", Start);
        Assert.Equal(("di_1", 2_450L, 2_450L), (invoice.Discount!.Terms.DiscountId, invoice.Discount.Amount, invoice.TotalDiscount));
        Assert.Equal("di_1", Assert.Single(invoice.Lines, l => l.Amount < 0).DiscountId);
    }

    [Fact]
    public void An_inclusive_rate_shares_the_discounted_amount()
    {
        var inside = new AppliedRate("txr_de", "USt.", "DE", 1900, Inclusive: true);

        var draft = Draft(Percent(50m), new TaxTreatment([inside], false, null), amounts: [11_900]);

        // Half of 119.00 is 59.50, which holds 9.50 of VAT: per line, 19.00 − 9.50.
        Assert.Equal((5_950L, 950L), (draft.Total, draft.Tax));
    }

    [Fact]
    public void Prorations_are_discounted_with_the_rest_of_the_invoice()
    {
        // Credit for unused time on the old plan, the new plan's remaining time: the net is discounted.
        var draft = InvoiceDraft.Build([Line(-1_633, proration: true), Line(3_300, proration: true)], "usd", Start, Start.AddMonths(1), 0, null, Percent(50m));

        Assert.Equal((1_667L, 834L, 833L), (draft.Subtotal, draft.TotalDiscount, draft.Total));
    }

    [Fact]
    public void A_discount_not_yet_started_or_already_ended_changes_nothing()
    {
        var later = Percent(50m, start: Start.AddDays(1));
        var ended = Percent(50m, CouponDuration.Repeating, Start.AddMonths(-3), Start);

        Assert.Equal(4_900, Draft(later, amounts: [4_900]).Total);
        Assert.Equal(4_900, Draft(ended, amounts: [4_900]).Total);
    }

    [Fact]
    public void A_once_discount_ends_after_the_invoice_it_applied_to_and_a_repeating_one_at_its_end()
    {
        var once = Percent(50m, CouponDuration.Once);
        var repeating = Percent(50m, CouponDuration.Repeating, Start, Start.AddMonths(3));

        Assert.True(DiscountPolicy.EndsAfter(once, Draft(once, amounts: [4_900]), Start.AddMonths(1)));
        Assert.False(DiscountPolicy.EndsAfter(once, Draft(once, amounts: [1_000, -3_000]), Start.AddMonths(1)));
        Assert.False(DiscountPolicy.EndsAfter(repeating, Draft(repeating, amounts: [4_900]), Start.AddMonths(1)));
        Assert.True(DiscountPolicy.EndsAfter(repeating, Draft(repeating, amounts: [4_900]), Start.AddMonths(3)));
    }

    private static readonly Gen<DiscountTerms> Discounts =
        Gen.OneOf(
            Gen.Int[1, 10_000].Select(bp => new DiscountTerms("di_p", "P", null, bp, null, null, CouponDuration.Forever, null, Start, null)),
            Gen.Long[1, 2_000_000].Select(off => new DiscountTerms("di_a", "A", null, null, off, "usd", CouponDuration.Forever, null, Start, null)));

    [Fact]
    public void Never_negative_never_more_than_the_lines_and_conserved()
    {
        var gen =
            from amounts in Gen.Long[-1_000_000, 1_000_000].Array[1, 6]
            from discount in Discounts
            from balance in Gen.Long[-1_000_000, 1_000_000]
            select (amounts, discount, balance);

        gen.Sample(c =>
        {
            var draft = Draft(c.discount, balance: c.balance, amounts: c.amounts);
            var sum = c.amounts.Sum();

            Assert.InRange(draft.TotalDiscount, 0, Math.Max(sum, 0));
            // The discounted total is never negative unless the lines already were.
            Assert.True(sum <= 0 ? draft.Total == sum : draft.Total >= 0);
            // Conservation: the lines, the discount's among them, are the total (no tax here).
            Assert.Equal(draft.Lines.Sum(l => l.Amount), draft.Total);
            Assert.Equal(draft.Subtotal - draft.TotalDiscount, draft.Total);
            Assert.Equal(Math.Max(draft.Total, 0), draft.AmountDue + draft.CreditApplied);
        }, iter: 10_000);
    }

    [Fact]
    public void A_hundred_percent_off_leaves_nothing_to_pay_and_no_tax()
    {
        var gen =
            from amounts in Gen.Long[1, 1_000_000].Array[1, 6]
            from rate in Gen.Int[0, 10_000]
            from inclusive in Gen.Bool
            select (amounts, rate, inclusive);

        gen.Sample(c =>
        {
            var applied = new AppliedRate("txr_x", "Tax", "FR", c.rate, c.inclusive);

            var draft = Draft(Percent(100m), new TaxTreatment([applied], false, null), amounts: c.amounts);

            Assert.Equal((0L, 0L, 0L), (draft.Total, draft.AmountDue, draft.Tax));
        }, iter: 5_000);
    }

    [Fact]
    public void Tax_on_the_discounted_amount_is_the_lines_tax_less_each_lines_share_per_line_rounded()
    {
        var gen =
            from amounts in Gen.Long[-1_000_000, 1_000_000].Array[1, 6]
            from discount in Discounts
            from rate in Gen.Int[0, 10_000]
            from inclusive in Gen.Bool
            select (amounts, discount, rate, inclusive);

        gen.Sample(c =>
        {
            var applied = new AppliedRate("txr_x", "Tax", "FR", c.rate, c.inclusive);
            var tax = new TaxTreatment([applied], false, null);

            var draft = Draft(c.discount, tax, amounts: c.amounts);

            var shares = DiscountMath.Allocate(c.amounts, draft.TotalDiscount);
            var expected = c.amounts.Sum(a => TaxMath.LineTaxes(a, [applied])[0]) - shares.Sum(s => TaxMath.LineTaxes(s, [applied])[0]);
            Assert.Equal(draft.TotalDiscount, shares.Sum());
            Assert.Equal(expected, draft.Tax);
            if (c.amounts.Length == 1)
            {
                // One line: the same as taxing the discount line itself.
                Assert.Equal(TaxMath.LineTaxes(c.amounts[0], [applied])[0] + TaxMath.LineTaxes(-draft.TotalDiscount, [applied])[0], draft.Tax);
            }
            // The tax of the discounted lines, each line's own discounted amount taxed, is the invoice's tax.
            Assert.Equal(c.amounts.Select((a, i) => TaxMath.LineTaxes(a, [applied])[0] - TaxMath.LineTaxes(shares[i], [applied])[0]).Sum(), draft.Tax);
            Assert.Equal(draft.Subtotal - draft.TotalDiscount + (c.inclusive ? 0 : draft.Tax), draft.Total);
        }, iter: 10_000);
    }
}
