using Vinr.Portal.Api.Features.Tax;
using Vinr.Portal.Api.Infrastructure;
using Vinr.Portal.Api.Infrastructure.Data;

namespace Vinr.Portal.Api.Features.Invoices;

/// <summary>One line of an invoice about to be written.</summary>
public sealed record InvoiceDraftLine(
    string Description, long Amount, long Quantity, string? PriceId, bool Proration, DateTimeOffset PeriodStart, DateTimeOffset PeriodEnd);

/// <summary>
/// An invoice before it is written: its lines, their tax, and what the customer owes after their
/// credit. The one formula, used by renewals, plan changes and their previews alike:
/// <list type="bullet">
/// <item><c>Subtotal</c> = the sum of the lines as priced (inclusive taxes are inside them).</item>
/// <item>Each line is taxed by each rate of the customer's <see cref="TaxTreatment"/>, rounded per line
/// and rate (<see cref="TaxMath"/>); <c>Tax</c> is their sum, shown per rate in <c>TaxAmounts</c>.</item>
/// <item><c>Total</c> = <c>Subtotal</c> + the exclusive taxes.</item>
/// <item>Credit on the balance (a negative <c>Balance</c>) pays first:
/// <c>CreditApplied = min(max(Total, 0), max(−Balance, 0))</c>, and <c>AmountDue = max(Total, 0) − CreditApplied</c>.</item>
/// <item>A negative total is owed to the customer: <c>CreditToBalance = max(−Total, 0)</c>.</item>
/// <item>The balance moves by <c>CreditApplied − CreditToBalance</c>.</item>
/// </list>
/// </summary>
public sealed record InvoiceDraft(
    IReadOnlyList<InvoiceDraftLine> Lines, string Currency, DateTimeOffset PeriodStart, DateTimeOffset PeriodEnd,
    long Subtotal, IReadOnlyList<InvoiceTaxAmount> TaxAmounts, long Total, long CreditApplied, long AmountDue, long CreditToBalance,
    bool ReverseCharge = false, string? CustomerTaxId = null)
{
    public long Tax => TaxAmounts.Sum(t => t.Amount);

    /// <summary>What to add to the customer's balance (negative is credit) when this invoice is written.</summary>
    public long BalanceChange => CreditApplied - CreditToBalance;

    /// <param name="lines">At least one line; amounts may be negative (credit for unused time).</param>
    /// <param name="customerBalance">The customer's balance before this invoice; negative is credit.</param>
    /// <param name="tax">The customer's rates, or the reverse charge; none when left out.</param>
    public static InvoiceDraft Build(IReadOnlyList<InvoiceDraftLine> lines, string currency, DateTimeOffset periodStart, DateTimeOffset periodEnd,
        long customerBalance, TaxTreatment? tax = null)
    {
        ArgumentOutOfRangeException.ThrowIfZero(lines.Count);
        tax ??= TaxTreatment.None;
        var subtotal = lines.Sum(l => l.Amount);
        var perLine = lines.Select(l => TaxMath.LineTaxes(l.Amount, tax.Rates)).ToList();
        var taxAmounts = tax.Rates.Select((rate, i) => new InvoiceTaxAmount(rate, perLine.Sum(taxes => taxes[i]))).ToList();
        var total = subtotal + taxAmounts.Where(t => !t.Rate.Inclusive).Sum(t => t.Amount);
        var creditApplied = Math.Min(Math.Max(total, 0), Math.Max(-customerBalance, 0));
        return new InvoiceDraft(lines, currency, periodStart, periodEnd, subtotal, taxAmounts, total, creditApplied,
            AmountDue: Math.Max(total, 0) - creditApplied,
            CreditToBalance: Math.Max(-total, 0),
            tax.ReverseCharge, tax.CustomerTaxId);
    }

    /// <summary>The invoice row: open while something is due, paid when credit (or nothing) covers it.</summary>
    public Invoice ToInvoice(ICustomerScope owner, string? subscriptionId, string number, DateTimeOffset now)
    {
        var id = Ids.New("in");
        var invoice = new Invoice
        {
            Id = id, MerchantId = owner.MerchantId, Livemode = owner.Livemode, CustomerId = owner.CustomerId, SubscriptionId = subscriptionId,
            Number = number, Status = AmountDue == 0 ? InvoiceStatus.Paid : InvoiceStatus.Open, Currency = Currency,
            Subtotal = Subtotal, Tax = Tax, TaxAmounts = [.. TaxAmounts], ReverseCharge = ReverseCharge, CustomerTaxId = CustomerTaxId,
            Total = Total, AmountDue = AmountDue, PeriodStart = PeriodStart, PeriodEnd = PeriodEnd, Created = now,
            PaidAt = AmountDue == 0 ? now : null,
        };
        invoice.Lines.AddRange(Lines.Select(l => new InvoiceLine
        {
            Id = Ids.New("il"), InvoiceId = id, Description = l.Description, Amount = l.Amount, Quantity = l.Quantity, PriceId = l.PriceId,
            Proration = l.Proration, PeriodStart = l.PeriodStart, PeriodEnd = l.PeriodEnd,
        }));
        return invoice;
    }
}

/// <summary>What one rate took on an invoice.</summary>
public sealed record InvoiceTaxAmount(AppliedRate Rate, long Amount);
