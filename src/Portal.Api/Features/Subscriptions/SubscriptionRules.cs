using System.Linq.Expressions;

namespace Vinr.Portal.Api.Features.Subscriptions;

/// <summary>The status rules every part of billing shares: who is billed, and what a payment changes.</summary>
public static class SubscriptionRules
{
    /// <summary>Statuses the billing clock turns at period end.</summary>
    public static readonly SubscriptionStatus[] BilledStatuses = [SubscriptionStatus.Active, SubscriptionStatus.Trialing, SubscriptionStatus.PastDue];

    /// <summary>It will charge again: billed, and not set to cancel. Its default card must stay. Also a query filter.</summary>
    public static readonly Expression<Func<Subscription, bool>> Renewing = s => !s.CancelAtPeriodEnd && BilledStatuses.Contains(s.Status);

    private static readonly Func<Subscription, bool> RenewingCheck = Renewing.Compile();

    public static bool Renews(Subscription subscription) => RenewingCheck(subscription);

    /// <summary>
    /// Statuses the billing clock looks at when a period ends: the billed ones, and an unpaid one set to
    /// cancel (it renews no more, but its cancellation still takes effect).
    /// </summary>
    public static readonly SubscriptionStatus[] TurnedStatuses = [.. BilledStatuses, SubscriptionStatus.Unpaid];

    /// <summary>Owes an open invoice the customer is asked to pay: past due, or unpaid after dunning gave up.</summary>
    public static readonly SubscriptionStatus[] OwingStatuses = [SubscriptionStatus.PastDue, SubscriptionStatus.Unpaid];

    /// <summary>
    /// A past-due or unpaid subscription is active again once nothing of it is left open; so is an
    /// incomplete one (its first invoice was not paid when it was created through the API), as in Stripe.
    /// </summary>
    public static SubscriptionStatus StatusAfterPayment(SubscriptionStatus status, bool anotherInvoiceOpen) =>
        (OwingStatuses.Contains(status) || status == SubscriptionStatus.Incomplete) && !anotherInvoiceOpen ? SubscriptionStatus.Active : status;
}
