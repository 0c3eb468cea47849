using Vinr.Portal.Api.Infrastructure;
using Vinr.Portal.Api.Infrastructure.Data;

namespace Vinr.Portal.Api.Features.Invoices;

/// <summary>One line of an invoice about to be written.</summary>
public sealed record InvoiceDraftLine(
    string Description, long Amount, long Quantity, string? PriceId, bool Proration, DateTimeOffset PeriodStart, DateTimeOffset PeriodEnd);

/// <summary>
/// An invoice before it is written: its lines and what the customer owes for them after their
/// credit. The one formula for credit, used by renewals, plan changes and their previews alike:
/// <list type="bullet">
/// <item><c>Subtotal</c> = <c>Total</c> = the sum of the lines (no tax rates yet).</item>
/// <item>Credit on the balance (a negative <c>Balance</c>) pays first:
/// <c>CreditApplied = min(max(Total, 0), max(−Balance, 0))</c>, and <c>AmountDue = max(Total, 0) − CreditApplied</c>.</item>
/// <item>A negative total is owed to the customer: <c>CreditToBalance = max(−Total, 0)</c>.</item>
/// <item>The balance moves by <c>CreditApplied − CreditToBalance</c>.</item>
/// </list>
/// </summary>
public sealed record InvoiceDraft(
    IReadOnlyList<InvoiceDraftLine> Lines, string Currency, DateTimeOffset PeriodStart, DateTimeOffset PeriodEnd,
    long Total, long CreditApplied, long AmountDue, long CreditToBalance)
{
    /// <summary>What to add to the customer's balance (negative is credit) when this invoice is written.</summary>
    public long BalanceChange => CreditApplied - CreditToBalance;

    /// <param name="lines">At least one line; amounts may be negative (credit for unused time).</param>
    /// <param name="customerBalance">The customer's balance before this invoice; negative is credit.</param>
    public static InvoiceDraft Build(IReadOnlyList<InvoiceDraftLine> lines, string currency, DateTimeOffset periodStart, DateTimeOffset periodEnd,
        long customerBalance)
    {
        ArgumentOutOfRangeException.ThrowIfZero(lines.Count);
        var total = lines.Sum(l => l.Amount);
        var creditApplied = Math.Min(Math.Max(total, 0), Math.Max(-customerBalance, 0));
        return new InvoiceDraft(lines, currency, periodStart, periodEnd, total, creditApplied,
            AmountDue: Math.Max(total, 0) - creditApplied,
            CreditToBalance: Math.Max(-total, 0));
    }

    /// <summary>The invoice row: open while something is due, paid when credit (or nothing) covers it.</summary>
    public Invoice ToInvoice(ICustomerScope owner, string? subscriptionId, string number, DateTimeOffset now)
    {
        var id = Ids.New("in");
        var invoice = new Invoice
        {
            Id = id, MerchantId = owner.MerchantId, Livemode = owner.Livemode, CustomerId = owner.CustomerId, SubscriptionId = subscriptionId,
            Number = number, Status = AmountDue == 0 ? InvoiceStatus.Paid : InvoiceStatus.Open, Currency = Currency,
            Subtotal = Total, Total = Total, AmountDue = AmountDue, PeriodStart = PeriodStart, PeriodEnd = PeriodEnd, Created = now,
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
