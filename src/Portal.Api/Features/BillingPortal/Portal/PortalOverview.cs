using Vinr.Portal.Api.Features.Customers;
using Vinr.Portal.Api.Features.Invoices;
using Vinr.Portal.Api.Features.Subscriptions;
using Vinr.Portal.Api.Features.Tax;

namespace Vinr.Portal.Api.Features.BillingPortal.Portal;

/// <summary>Everything the overview page shows, read in one go for one portal session.</summary>
public sealed record PortalOverview(
    CustomerSummary Customer,
    OpenInvoice? PastDue,
    IReadOnlyList<SubscriptionSummary> Subscriptions,
    CardSummary? DefaultCard,
    IReadOnlyList<InvoiceSummary> RecentInvoices,
    TaxTreatment Tax);

public sealed record CustomerSummary(string Name, BillingDetails Details);

/// <param name="Renews">It will charge again (<see cref="SubscriptionRules.Renews"/>): the overview shows when and how much.</param>
/// <param name="PendingAdjustments">Proration waiting for the next invoice.</param>
/// <param name="NextInvoiceAmount">The next invoice's total, as the billing clock will write it (<see cref="RenewalInvoice.Next"/>); 0 when it does not renew.</param>
public sealed record SubscriptionSummary(
    string Id,
    PlanOption Plan,
    long Quantity,
    SubscriptionStatus Status,
    bool CancelAtPeriodEnd,
    bool Renews,
    DateTimeOffset CurrentPeriodEnd,
    ScheduledPlan? Scheduled,
    long PendingAdjustments,
    long NextInvoiceAmount)
{
    public long Amount => Plan.AmountFor(Quantity);
}

public sealed record CardSummary(string Id, string Brand, string Last4, int ExpMonth, int ExpYear);

public sealed record InvoiceSummary(string Id, string Number, DateTimeOffset Created, long Total, string Currency, InvoiceStatus Status);

/// <summary>An invoice waiting to be paid, and why the last attempt failed.</summary>
/// <param name="ActionRequired">The last attempt needs the customer to confirm it with their bank (<c>authentication_required</c>): "Confirm your payment".</param>
public sealed record OpenInvoice(string Id, string Number, long AmountDue, string Currency, string? LastPaymentError, bool ActionRequired = false);

/// <summary>A change waiting for period end.</summary>
public sealed record ScheduledPlan(PlanOption Plan, long Quantity)
{
    public long Amount => Plan.AmountFor(Quantity);
}
