using Vinr.Portal.Api.Features.Discounts;
using Vinr.Portal.Api.Features.Invoices;
using Vinr.Portal.Api.Features.Tax;

namespace Vinr.Portal.Api.Features.Subscriptions;

/// <summary>
/// The invoice a renewal writes, as a decision on values: a line for the next period's plan (price ×
/// quantity, the scheduled change's when one waits), then every item waiting for the subscription's
/// next invoice, less the customer's credit (<see cref="InvoiceDraft"/>, which also applies the customer's tax).
/// The billing clock writes <see cref="Draft"/> (<see cref="SubscriptionRenewals"/>) and the upcoming
/// invoice is <see cref="Next"/>, which decides the turn and drafts it the same way, so the two cannot differ.
/// </summary>
public static class RenewalInvoice
{
    /// <summary>The invoice of <paramref name="renews"/>, with the items <paramref name="waiting"/> for it.</summary>
    /// <param name="customerBalance">The customer's balance before the invoice; negative is credit, which pays first.</param>
    /// <param name="tax">The customer's tax rates (or reverse charge) at the renewal.</param>
    /// <param name="discount">The subscription's discount; it applies when the new period starts while it is active.</param>
    public static InvoiceDraft Draft(PeriodTurn.Renews renews, IEnumerable<InvoiceDraftLine> waiting, long customerBalance, TaxTreatment? tax = null,
        DiscountTerms? discount = null)
    {
        var plan = new InvoiceDraftLine(InvoiceLineText.Plan(renews.Plan, renews.Quantity), renews.Plan.AmountFor(renews.Quantity),
            renews.Quantity, renews.Plan.PriceId, Proration: false, renews.Start, renews.End);
        return InvoiceDraft.Build([plan, .. waiting], renews.Plan.Currency, renews.Start, renews.End, customerBalance, tax, discount);
    }

    /// <summary>
    /// The invoice the billing clock will write when <paramref name="state"/>'s period ends, as things are
    /// now; null when the period ends without one (set to cancel, canceled, unpaid or incomplete).
    /// </summary>
    public static UpcomingInvoice? Next(BillingState state, IEnumerable<InvoiceDraftLine> waiting, long customerBalance, TaxTreatment? tax = null,
        DiscountTerms? discount = null) =>
        // The clock decides at the period end or later; what it decides does not depend on how much later.
        PeriodTurn.Decide(state, state.PeriodEnd) is PeriodTurn.Renews renews
            ? new UpcomingInvoice(renews.Start, Draft(renews, waiting, customerBalance, tax, discount), customerBalance)
            : null;
}

/// <summary>The next invoice of a subscription before the billing clock writes it.</summary>
/// <param name="Date">When the clock writes it and charges what is due: the end of the current period.</param>
/// <param name="StartingBalance">The customer's balance now; negative is credit.</param>
public sealed record UpcomingInvoice(DateTimeOffset Date, InvoiceDraft Draft, long StartingBalance)
{
    /// <summary>The customer's balance once the invoice is written.</summary>
    public long EndingBalance => StartingBalance + Draft.BalanceChange;
}
