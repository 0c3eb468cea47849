using Vinr.Portal.Api.Features.Discounts;
using Vinr.Portal.Api.Features.Tax;
using Vinr.Portal.Api.Infrastructure;
using Vinr.Portal.Api.Infrastructure.Data;

namespace Vinr.Portal.Api.Features.Invoices;

/// <summary>One line of an invoice about to be written.</summary>
/// <param name="DiscountId">Set on the discount's own (negative) line only: the discount it takes off.</param>
public sealed record InvoiceDraftLine(
    string Description, long Amount, long Quantity, string? PriceId, bool Proration, DateTimeOffset PeriodStart, DateTimeOffset PeriodEnd,
    string? DiscountId = null);

/// <summary>
/// An invoice before it is written: its lines, their tax, and what the customer owes after their
/// credit. The one formula, used by renewals, plan changes and their previews alike:
/// <list type="bullet">
/// <item><c>Subtotal</c> = the sum of the lines as priced (inclusive taxes are inside them), before any discount (Stripe's <c>subtotal</c>).</item>
/// <item>A subscription's discount, when it applies to the invoice's period, is its own negative line
/// (<see cref="DiscountMath"/>: of the lines' sum, never more, never below zero), before tax; <c>TotalDiscount</c> is what it takes off.
/// Its tax is minus the tax its share of each line took, so the invoice is taxed on the discounted amount.</item>
/// <item>Each line is taxed by each rate of the customer's <see cref="TaxTreatment"/>, rounded per line
/// and rate (<see cref="TaxMath"/>); <c>Tax</c> is their sum, shown per rate in <c>TaxAmounts</c>.</item>
/// <item><c>Total</c> = <c>Subtotal</c> − <c>TotalDiscount</c> + the exclusive taxes.</item>
/// <item>Credit on the balance (a negative <c>Balance</c>) pays first:
/// <c>CreditApplied = min(max(Total, 0), max(−Balance, 0))</c>, and <c>AmountDue = max(Total, 0) − CreditApplied</c>.</item>
/// <item>A negative total is owed to the customer: <c>CreditToBalance = max(−Total, 0)</c>.</item>
/// <item>The balance moves by <c>CreditApplied − CreditToBalance</c>.</item>
/// </list>
/// </summary>
public sealed record InvoiceDraft(
    IReadOnlyList<InvoiceDraftLine> Lines, string Currency, DateTimeOffset PeriodStart, DateTimeOffset PeriodEnd,
    long Subtotal, IReadOnlyList<InvoiceTaxAmount> TaxAmounts, long Total, long CreditApplied, long AmountDue, long CreditToBalance,
    bool ReverseCharge = false, string? CustomerTaxId = null, InvoiceDiscount? Discount = null)
{
    public long Tax => TaxAmounts.Sum(t => t.Amount);

    /// <summary>What the discount took off (≥ 0), before tax.</summary>
    public long TotalDiscount => Discount?.Amount ?? 0;

    /// <summary>The lines that bill something: every line but the discount's.</summary>
    public IEnumerable<InvoiceDraftLine> ChargedLines => Lines.Where(l => l.DiscountId is null);

    /// <summary>What to add to the customer's balance (negative is credit) when this invoice is written.</summary>
    public long BalanceChange => CreditApplied - CreditToBalance;

    /// <param name="lines">At least one line; amounts may be negative (credit for unused time).</param>
    /// <param name="customerBalance">The customer's balance before this invoice; negative is credit.</param>
    /// <param name="tax">The customer's rates, or the reverse charge; none when left out.</param>
    /// <param name="discount">The subscription's discount, if any; it applies when the invoice's period starts while it is active.</param>
    public static InvoiceDraft Build(IReadOnlyList<InvoiceDraftLine> lines, string currency, DateTimeOffset periodStart, DateTimeOffset periodEnd,
        long customerBalance, TaxTreatment? tax = null, DiscountTerms? discount = null)
    {
        ArgumentOutOfRangeException.ThrowIfZero(lines.Count);
        tax ??= TaxTreatment.None;
        var subtotal = lines.Sum(l => l.Amount);
        var off = discount is not null && DiscountMath.AppliesTo(discount, periodStart) ? DiscountMath.Amount(subtotal, currency, discount) : 0;
        IReadOnlyList<InvoiceDraftLine> all = off > 0
            ? [.. lines, new InvoiceDraftLine(InvoiceLineText.Discount(discount!), -off, 1, null, Proration: false, periodStart, periodEnd, discount!.DiscountId)]
            : lines;
        var perLine = lines.Select(l => TaxMath.LineTaxes(l.Amount, tax.Rates)).ToList();
        if (off > 0)
        {
            // The discount gives back the tax its share of each line took (DiscountMath).
            perLine.Add(DiscountMath.Taxes(DiscountMath.Allocate([.. lines.Select(l => l.Amount)], off), tax.Rates));
        }
        var taxAmounts = tax.Rates.Select((rate, i) => new InvoiceTaxAmount(rate, perLine.Sum(taxes => taxes[i]))).ToList();
        var total = subtotal - off + taxAmounts.Where(t => !t.Rate.Inclusive).Sum(t => t.Amount);
        var creditApplied = Math.Min(Math.Max(total, 0), Math.Max(-customerBalance, 0));
        return new InvoiceDraft(all, currency, periodStart, periodEnd, subtotal, taxAmounts, total, creditApplied,
            AmountDue: Math.Max(total, 0) - creditApplied,
            CreditToBalance: Math.Max(-total, 0),
            tax.ReverseCharge, tax.CustomerTaxId,
            off > 0 ? new InvoiceDiscount(discount!, off) : null);
    }

    /// <summary>The invoice row: open while something is due, paid when credit (or nothing) covers it.</summary>
    public Invoice ToInvoice(ICustomerScope owner, string? subscriptionId, string number, DateTimeOffset now)
    {
        var id = Ids.New("in");
        var invoice = new Invoice
        {
            Id = id, MerchantId = owner.MerchantId, Livemode = owner.Livemode, CustomerId = owner.CustomerId, SubscriptionId = subscriptionId,
            Number = number, Status = AmountDue == 0 ? InvoiceStatus.Paid : InvoiceStatus.Open, Currency = Currency,
            Subtotal = Subtotal, TotalDiscount = TotalDiscount, Discount = Discount, Tax = Tax, TaxAmounts = [.. TaxAmounts], ReverseCharge = ReverseCharge, CustomerTaxId = CustomerTaxId,
            Total = Total, AmountDue = AmountDue, PeriodStart = PeriodStart, PeriodEnd = PeriodEnd, Created = now,
            PaidAt = AmountDue == 0 ? now : null,
        };
        invoice.Lines.AddRange(Lines.Select(l => new InvoiceLine
        {
            Id = Ids.New("il"), InvoiceId = id, Description = l.Description, Amount = l.Amount, Quantity = l.Quantity, PriceId = l.PriceId,
            Proration = l.Proration, PeriodStart = l.PeriodStart, PeriodEnd = l.PeriodEnd, DiscountId = l.DiscountId,
        }));
        return invoice;
    }
}

/// <summary>What one rate took on an invoice.</summary>
public sealed record InvoiceTaxAmount(AppliedRate Rate, long Amount);

/// <summary>
/// The discount an invoice applied, with a copy of its coupon's terms as they were (as <see cref="InvoiceTaxAmount"/> copies a rate),
/// and what it took off (≥ 0).
/// </summary>
public sealed record InvoiceDiscount(DiscountTerms Terms, long Amount);
