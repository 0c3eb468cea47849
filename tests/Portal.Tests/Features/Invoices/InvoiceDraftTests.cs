using CsCheck;
using Vinr.Portal.Api.Features.Invoices;
using Vinr.Portal.Api.Features.Tax;
using Vinr.Portal.Api.Infrastructure.Data;

namespace Vinr.Portal.Tests.Features.Invoices;

/// <summary>The one credit formula of every invoice, on values alone.</summary>
public sealed class InvoiceDraftTests
{
    private static readonly DateTimeOffset Start = new(2026, 3, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly CustomerScope Owner = new("acct_1", false, "cust_1");

    private static InvoiceDraftLine Line(long amount) => new("Line", amount, 1, null, false, Start, Start.AddMonths(1));

    private static InvoiceDraft Draft(long balance, params long[] amounts) =>
        InvoiceDraft.Build([.. amounts.Select(Line)], "usd", Start, Start.AddMonths(1), balance);

    [Fact]
    public void Without_credit_the_customer_owes_the_total()
    {
        var draft = Draft(0, 4_900, -1_000);

        Assert.Equal((3_900L, 0L, 3_900L, 0L, 0L), (draft.Total, draft.CreditApplied, draft.AmountDue, draft.CreditToBalance, draft.BalanceChange));
    }

    [Fact]
    public void Credit_pays_first_and_what_it_does_not_cover_is_due()
    {
        var partly = Draft(-1_000, 4_900);
        var fully = Draft(-10_000, 4_900);

        Assert.Equal((1_000L, 3_900L, 1_000L), (partly.CreditApplied, partly.AmountDue, partly.BalanceChange));
        Assert.Equal((4_900L, 0L, 4_900L), (fully.CreditApplied, fully.AmountDue, fully.BalanceChange));
    }

    [Fact]
    public void A_negative_total_is_credit_for_the_customer_and_takes_none_of_theirs()
    {
        var draft = Draft(-300, 1_200, -3_000);

        Assert.Equal((-1_800L, 0L, 0L, 1_800L, -1_800L), (draft.Total, draft.CreditApplied, draft.AmountDue, draft.CreditToBalance, draft.BalanceChange));
    }

    [Fact]
    public void A_balance_the_customer_owes_is_not_credit()
    {
        Assert.Equal((0L, 4_900L), (Draft(2_500, 4_900).CreditApplied, Draft(2_500, 4_900).AmountDue));
    }

    [Fact]
    public void Written_it_is_open_while_something_is_due_and_paid_when_credit_covers_it()
    {
        var open = Draft(0, 4_900).ToInvoice(Owner, "sub_1", "ACME-0001", Start);
        var covered = Draft(-5_000, 4_900).ToInvoice(Owner, "sub_1", "ACME-0002", Start);

        Assert.Equal((InvoiceStatus.Open, (DateTimeOffset?)null, 4_900L), (open.Status, open.PaidAt, open.AmountDue));
        Assert.Equal((InvoiceStatus.Paid, (DateTimeOffset?)Start, 0L), (covered.Status, covered.PaidAt, covered.AmountDue));
        Assert.Equal(("acct_1", "cust_1", "sub_1"), (open.MerchantId, open.CustomerId, open.SubscriptionId));
        Assert.All(open.Lines, l => Assert.Equal(open.Id, l.InvoiceId));
    }

    [Fact]
    public void Credit_is_conserved_and_nothing_is_ever_owed_below_zero()
    {
        var gen =
            from balance in Gen.Long[-1_000_000, 1_000_000]
            from amounts in Gen.Long[-1_000_000, 1_000_000].Array[1, 6]
            select (balance, amounts);

        gen.Sample(c =>
        {
            var draft = Draft(c.balance, c.amounts);
            var credit = Math.Max(0, -c.balance);

            Assert.Equal(c.amounts.Sum(), draft.Total);
            Assert.InRange(draft.CreditApplied, 0, credit);
            Assert.True(draft.AmountDue >= 0);
            Assert.Equal(Math.Max(draft.Total, 0), draft.AmountDue + draft.CreditApplied);
            Assert.True(draft.CreditApplied == 0 || draft.CreditToBalance == 0, "credit is either used or added, never both");
            // Conservation: what they owed plus this invoice is what they pay now plus what they owe after.
            Assert.Equal(c.balance + draft.Total, draft.AmountDue + c.balance + draft.BalanceChange);
        }, iter: 10_000);
    }

    private static readonly AppliedRate FrenchVat = new("txr_fr", "TVA", "FR", 2000, Inclusive: false);
    private static readonly AppliedRate GermanVatInside = new("txr_de", "USt.", "DE", 1900, Inclusive: true);

    private static InvoiceDraft Taxed(TaxTreatment tax, long balance, params long[] amounts) =>
        InvoiceDraft.Build([.. amounts.Select(Line)], "eur", Start, Start.AddMonths(1), balance, tax);

    [Fact]
    public void An_exclusive_rate_is_added_per_line_and_shown_per_rate()
    {
        // 20 % of 49.99 is 9.998 and of -10.01 is -2.002: each line rounds on its own.
        var draft = Taxed(new TaxTreatment([FrenchVat], false, null), 0, 4_999, -1_001);

        Assert.Equal((3_998L, 800L, 4_798L, 4_798L), (draft.Subtotal, draft.Tax, draft.Total, draft.AmountDue));
        Assert.Equal([new InvoiceTaxAmount(FrenchVat, 800)], draft.TaxAmounts);
    }

    [Fact]
    public void An_inclusive_rate_is_inside_the_prices_and_the_total_is_what_they_say()
    {
        var draft = Taxed(new TaxTreatment([GermanVatInside], false, null), 0, 11_900);

        Assert.Equal((11_900L, 1_900L, 11_900L), (draft.Subtotal, draft.Tax, draft.Total));
    }

    [Fact]
    public void The_reverse_charge_takes_no_tax_and_the_invoice_says_so()
    {
        var draft = Taxed(new TaxTreatment([], ReverseCharge: true, "DE123456789"), 0, 4_900);
        var invoice = draft.ToInvoice(Owner, "sub_1", "INV-1", Start);

        Assert.Equal((0L, 4_900L, true, "DE123456789"), (invoice.Tax, invoice.Total, invoice.ReverseCharge, invoice.CustomerTaxId));
        Assert.Empty(invoice.TaxAmounts);
    }

    [Fact]
    public void Tax_is_conserved_credit_pays_it_too_and_a_credit_gives_back_its_own_tax()
    {
        var gen =
            from balance in Gen.Long[-1_000_000, 1_000_000]
            from amounts in Gen.Long[-1_000_000, 1_000_000].Array[1, 6]
            from rate in Gen.Int[0, 10_000]
            from inclusive in Gen.Bool
            select (balance, amounts, rate, inclusive);

        gen.Sample(c =>
        {
            var applied = new AppliedRate("txr_x", "Tax", "FR", c.rate, c.inclusive);
            var tax = new TaxTreatment([applied], false, null);
            var draft = Taxed(tax, c.balance, c.amounts);
            var mirrored = Taxed(tax, 0, [.. c.amounts.Select(a => -a)]);

            Assert.Equal(c.amounts.Sum(a => TaxMath.LineTaxes(a, [applied])[0]), draft.Tax);
            Assert.Equal(c.amounts.Sum() + (c.inclusive ? 0 : draft.Tax), draft.Total);
            Assert.Equal(-draft.Tax, mirrored.Tax);
            Assert.Equal(Math.Max(draft.Total, 0), draft.AmountDue + draft.CreditApplied);
        }, iter: 5_000);
    }
}
