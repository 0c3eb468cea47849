using Vinr.Portal.Api.Features.Invoices;
using Vinr.Portal.Api.Features.Products;
using Vinr.Portal.Api.Features.Subscriptions;

namespace Vinr.Portal.Api.Features.BillingPortal.Portal;

/// <summary>Everything the overview page shows, read in one go for one portal session.</summary>
public sealed record PortalOverview(
    CustomerSummary Customer,
    OpenInvoice? PastDue,
    IReadOnlyList<SubscriptionSummary> Subscriptions,
    CardSummary? DefaultCard,
    IReadOnlyList<InvoiceSummary> RecentInvoices);

public sealed record CustomerSummary(string Name, string? Email, string? Phone, string? AddressLine, string? TaxId);

public sealed record SubscriptionSummary(
    string Id,
    string ProductName,
    long Amount,
    long UnitAmount,
    string Currency,
    BillingInterval Interval,
    long Quantity,
    bool PerUnit,
    SubscriptionStatus Status,
    bool CancelAtPeriodEnd,
    DateTimeOffset CurrentPeriodEnd,
    ScheduledPlan? Scheduled,
    long PendingAdjustments)
{
    /// <summary>The next invoice: the plan (as it will be then) plus any proration waiting for it.</summary>
    public long NextInvoiceAmount => (Scheduled?.Amount ?? Amount) + PendingAdjustments;

    /// <summary>What the customer will be charged next, and when; none once it will not renew.</summary>
    public bool Renews => !CancelAtPeriodEnd && Status is SubscriptionStatus.Active or SubscriptionStatus.Trialing or SubscriptionStatus.PastDue;
}

public sealed record CardSummary(string Id, string Brand, string Last4, int ExpMonth, int ExpYear);

public sealed record InvoiceSummary(string Id, string Number, DateTimeOffset Created, long Total, string Currency, InvoiceStatus Status);

/// <summary>An invoice waiting to be paid, and why the last attempt failed.</summary>
public sealed record OpenInvoice(string Id, string Number, long AmountDue, string Currency, string? LastPaymentError);

/// <summary>A change waiting for period end.</summary>
public sealed record ScheduledPlan(string ProductName, long Amount, BillingInterval Interval, long Quantity);
