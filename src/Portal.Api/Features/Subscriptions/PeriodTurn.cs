namespace Vinr.Portal.Api.Features.Subscriptions;

/// <summary>A subscription as the billing clock sees it at period end.</summary>
/// <param name="Anchor">Where its periods are counted from (<see cref="Subscription.BillingCycleAnchor"/>).</param>
/// <param name="Scheduled">A change waiting for period end, if any, with <paramref name="ScheduledQuantity"/>.</param>
public sealed record BillingState(
    SubscriptionStatus Status, bool CancelAtPeriodEnd, DateTimeOffset PeriodEnd, DateTimeOffset Anchor,
    PlanOption Plan, long Quantity, PlanOption? Scheduled, long? ScheduledQuantity)
{
    /// <param name="subscription">With its price and product loaded.</param>
    /// <param name="scheduled">The price of its scheduled change (<see cref="Subscription.ScheduledPriceId"/>), with its product; null when none waits.</param>
    public static BillingState Of(Subscription subscription, Products.Price? scheduled) =>
        new(subscription.Status, subscription.CancelAtPeriodEnd, subscription.CurrentPeriodEnd, subscription.BillingCycleAnchor,
            PlanOption.Of(subscription.Price!), subscription.Quantity, scheduled is null ? null : PlanOption.Of(scheduled), subscription.ScheduledQuantity);
}

/// <summary>
/// What happens when a period ends, as a decision on values: a subscription set to cancel ends;
/// otherwise the scheduled change (if any) takes over and the next period starts where the last one
/// ended, counted from the billing anchor — which a new recurrence restarts at the turn.
/// </summary>
public abstract record PeriodTurn
{
    private PeriodTurn()
    {
    }

    /// <summary>The period has not ended, or the subscription is not billed any more.</summary>
    public sealed record NotDue : PeriodTurn;

    /// <summary>The subscription ends at <paramref name="At"/> (its last period's end).</summary>
    public sealed record Ends(DateTimeOffset At) : PeriodTurn;

    /// <summary>The next period, [<paramref name="Start"/>, <paramref name="End"/>), on <paramref name="Plan"/>.</summary>
    public sealed record Renews(PlanOption Plan, long Quantity, DateTimeOffset Start, DateTimeOffset End, DateTimeOffset Anchor) : PeriodTurn;

    public static PeriodTurn Decide(BillingState state, DateTimeOffset now)
    {
        if (state.PeriodEnd > now || !SubscriptionRules.TurnedStatuses.Contains(state.Status))
        {
            return new NotDue();
        }
        if (state.CancelAtPeriodEnd)
        {
            return new Ends(state.PeriodEnd);
        }
        if (state.Status == SubscriptionStatus.Unpaid)
        {
            return new NotDue(); // no new invoices until the open one is paid (Stripe's unpaid)
        }
        var plan = state.Scheduled ?? state.Plan;
        var quantity = state.Scheduled is null ? state.Quantity : state.ScheduledQuantity ?? 1;
        var start = state.PeriodEnd;
        var anchor = plan.Recurrence == state.Plan.Recurrence ? state.Anchor : start;
        return new Renews(plan, quantity, start, plan.Recurrence.PeriodEndAfter(anchor, start), anchor);
    }
}
