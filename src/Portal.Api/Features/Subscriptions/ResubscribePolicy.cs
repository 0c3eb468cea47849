using Vinr.Portal.Api.Features.BillingPortal.Configurations;
using Vinr.Portal.Api.Features.Invoices;
using Vinr.Portal.Api.Features.Tax;
using Vinr.Portal.Api.Infrastructure;

namespace Vinr.Portal.Api.Features.Subscriptions;

/// <summary>A customer's subscriptions as resubscribing sees them: their statuses, and the currency of the latest one.</summary>
/// <param name="Statuses">Of every subscription the customer has had; none for a customer who never subscribed.</param>
/// <param name="LastCurrency">The currency of the most recent subscription; a new one stays in it. Null when there was none.</param>
public sealed record SubscriptionHistory(IReadOnlyList<SubscriptionStatus> Statuses, string? LastCurrency)
{
    public static SubscriptionHistory None { get; } = new([], null);

    /// <summary>One of them is still billed (<see cref="SubscriptionRules.BilledStatuses"/>): active, trialing or past due.</summary>
    public bool HasBilled => Statuses.Any(SubscriptionRules.BilledStatuses.Contains);

    /// <summary>The customer had a subscription before (it ended), rather than never having one.</summary>
    public bool HadOne => Statuses.Count > 0;
}

/// <summary>What the resubscribe page offers: the plans, and the seat range of per-seat ones.</summary>
public sealed record ResubscribeChoices(IReadOnlyList<PlanOption> Options, bool QuantityEnabled, int QuantityMin, int QuantityMax, TaxTreatment Tax);

/// <summary>
/// A new subscription before it starts, shown before anything is charged. Its first period is
/// [<see cref="StartAt"/>, <see cref="PeriodEnd"/>), counted from a new billing anchor at
/// <see cref="StartAt"/>; <see cref="Invoice"/> bills that period now, less the customer's credit.
/// Confirming soon after applies exactly these amounts.
/// </summary>
public sealed record ResubscribePreview(PlanOption Plan, long Quantity, DateTimeOffset StartAt, DateTimeOffset PeriodEnd, InvoiceDraft Invoice)
{
    public string Currency => Plan.Currency;

    /// <summary>Where the new subscription's periods are counted from (<see cref="Subscription.BillingCycleAnchor"/>).</summary>
    public DateTimeOffset Anchor => StartAt;

    public long CreditApplied => Invoice.CreditApplied;

    public long DueToday => Invoice.AmountDue;

    /// <summary>What every later period costs.</summary>
    public long RecurringAmount => Plan.AmountFor(Quantity);

    public DateTimeOffset NextBillingDate => PeriodEnd;
}

/// <summary>
/// The rules of starting a subscription again, as values in and a decision out (no database). Beyond
/// Stripe, behind <see cref="PortalFeatures.Resubscribe"/>: a customer with no subscription that is
/// still billed may start one on any price <see cref="PortalFeatures.SubscriptionUpdate"/> lists, in
/// the currency they were billed in. The customer chooses afresh, so the rules about moving between
/// plans do not apply: <see cref="SubscriptionUpdateFeature.PriceEnabled"/> and
/// <see cref="SubscriptionUpdateFeature.Transitions"/> govern changes of a running subscription only.
/// </summary>
public static class ResubscribePolicy
{
    /// <summary>The customer has a subscription that is still billed: the way on is a plan change (or paying it), not a second subscription.</summary>
    public static Problem AlreadySubscribed => new(ProblemKind.NotAllowed, Messages.Get("AlreadySubscribed"));

    /// <summary>Why this customer cannot start a new subscription here; null when they can.</summary>
    public static Problem? Refusal(PortalFeatures features, SubscriptionHistory history) =>
        !features.Resubscribe ? new Problem(ProblemKind.NotAllowed, Messages.Get("ResubscribeUnavailable"))
        : history.HasBilled ? AlreadySubscribed
        : null;

    /// <summary>The plans offered: the configured prices among <paramref name="candidates"/>, in the last subscription's currency if any, by period then price.</summary>
    public static IReadOnlyList<PlanOption> Offered(SubscriptionUpdateFeature rules, SubscriptionHistory history, IEnumerable<PlanOption> candidates) =>
        [.. candidates.Where(p => IsOffered(rules, history, p)).Select(p => p with { IsCurrent = false }).OrderBy(p => p.Recurrence.Months).ThenBy(p => p.UnitAmount)];

    /// <summary>What the page offers, or why it offers nothing.</summary>
    public static Outcome<ResubscribeChoices> Choices(PortalFeatures features, SubscriptionHistory history, IEnumerable<PlanOption> candidates, TaxTreatment tax)
    {
        if (Refusal(features, history) is { } refused)
        {
            return refused;
        }
        var rules = features.SubscriptionUpdate;
        return new ResubscribeChoices(Offered(rules, history, candidates), rules.QuantityEnabled, rules.QuantityMin, rules.QuantityMax, tax);
    }

    /// <summary>
    /// Everything starting <paramref name="target"/> (null: not a price the merchant has) at
    /// <paramref name="quantity"/> at <paramref name="startAt"/> would do, or why it cannot happen.
    /// </summary>
    /// <param name="customerBalance">Minor units; negative is credit that pays the first invoice first.</param>
    /// <param name="startAt">Truncated to the second, as <see cref="Proration"/> measures time.</param>
    public static Outcome<ResubscribePreview> Decide(PortalFeatures features, SubscriptionHistory history, PlanOption? target, long quantity,
        long customerBalance, DateTimeOffset startAt, TaxTreatment? tax = null)
    {
        if (Refusal(features, history) is { } refused)
        {
            return refused;
        }
        var rules = features.SubscriptionUpdate;
        if (target is null || !IsOffered(rules, history, target))
        {
            return new Problem(ProblemKind.Invalid, Messages.Get("PlanUnavailable"), "price");
        }
        // As for a plan change: seats count only on per-seat prices the merchant lets customers size; anything else is one.
        var seated = target.PerUnit && rules.QuantityEnabled;
        quantity = seated ? quantity : 1;
        if (seated && (quantity < rules.QuantityMin || quantity > rules.QuantityMax))
        {
            return new Problem(ProblemKind.Invalid, Messages.Get("SeatsRange", rules.QuantityMin, rules.QuantityMax), "quantity");
        }

        return FirstPeriod(target, quantity, customerBalance, startAt, tax);
    }

    /// <summary>
    /// A new subscription's first period, starting at <paramref name="startAt"/> (truncated to the second) on
    /// a new billing anchor, and its invoice less the customer's credit: the one way both the portal's
    /// resubscribe and the merchant's <c>POST /v1/subscriptions</c> start one.
    /// </summary>
    public static ResubscribePreview FirstPeriod(PlanOption target, long quantity, long customerBalance, DateTimeOffset startAt, TaxTreatment? tax = null)
    {
        var plan = target with { IsCurrent = false };
        var start = new DateTimeOffset(startAt.Ticks - (startAt.Ticks % TimeSpan.TicksPerSecond), startAt.Offset);
        var end = plan.Recurrence.PeriodEndAfter(start, start);
        var line = new InvoiceDraftLine(InvoiceLineText.Plan(plan, quantity), plan.AmountFor(quantity), quantity, plan.PriceId, Proration: false, start, end);
        return new ResubscribePreview(plan, quantity, start, end, InvoiceDraft.Build([line], plan.Currency, start, end, customerBalance, tax));
    }

    private static bool IsOffered(SubscriptionUpdateFeature rules, SubscriptionHistory history, PlanOption candidate) =>
        rules.Prices.Contains(candidate.PriceId) && (history.LastCurrency is null || candidate.Currency == history.LastCurrency);
}
