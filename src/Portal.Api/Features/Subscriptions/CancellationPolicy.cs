using System.Globalization;
using Vinr.Portal.Api.Features.BillingPortal.Configurations;
using Vinr.Portal.Api.Infrastructure;

namespace Vinr.Portal.Api.Features.Subscriptions;

/// <summary>How a cancellation goes: at period end or now, with what credit, and the customer's reason.</summary>
/// <param name="Credit">Added to the customer's balance (≤ 0: credit for unused time) when cancelling now.</param>
public sealed record CancelDecision(bool AtPeriodEnd, long Credit, string? Reason, string? Feedback);

/// <summary>The rules of cancelling and renewing, as values in and a decision out (no database).</summary>
public static class CancellationPolicy
{
    public const int FeedbackMaxLength = 1000;

    /// <summary>Why this subscription cannot be cancelled here; null when it can.</summary>
    public static Problem? Refusal(SubscriptionCancelFeature rules, SubscriptionStatus status, bool cancelAtPeriodEnd) =>
        rules.Enabled && status != SubscriptionStatus.Canceled && !cancelAtPeriodEnd
            ? null
            : new Problem(ProblemKind.NotAllowed, Messages.Get("CancelNotAllowed"));

    /// <summary>
    /// A cancellation as the merchant configured it: at period end (the customer keeps access until
    /// then), or now, crediting the unused time of <paramref name="current"/> when the merchant prorates.
    /// </summary>
    public static Outcome<CancelDecision> Decide(SubscriptionCancelFeature rules, CurrentPlan current, string? reason, string? feedback, DateTimeOffset now)
    {
        if (Refusal(rules, current.Status, current.CancelAtPeriodEnd) is { } refused)
        {
            return refused;
        }
        if (reason is not null && (!rules.ReasonEnabled || !rules.ReasonOptions.Contains(reason)))
        {
            return new Problem(ProblemKind.Invalid, Messages.Get("CancelReasonInvalid"), "reason");
        }
        feedback = string.IsNullOrWhiteSpace(feedback) ? null : feedback.Trim();
        if (feedback is { Length: > FeedbackMaxLength })
        {
            return new Problem(ProblemKind.Invalid, Messages.Get("FeedbackTooLong", FeedbackMaxLength.ToString("N0", CultureInfo.CurrentCulture)), "feedback");
        }
        if (rules.Mode == CancelMode.AtPeriodEnd)
        {
            return new CancelDecision(AtPeriodEnd: true, Credit: 0, reason, feedback);
        }
        var credit = rules.ProrateImmediateCancellation && now < current.PeriodEnd
            ? Proration.Preview(new PlanChange(current.Plan.AmountFor(current.Quantity), current.Plan.Recurrence, 0, current.Plan.Recurrence,
                current.PeriodStart, current.PeriodEnd, now)).Subtotal
            : 0;
        return new CancelDecision(AtPeriodEnd: false, credit, reason, feedback);
    }

    /// <summary>Why a subscription cannot be renewed (its pending cancellation undone); null when it can.</summary>
    public static Problem? RenewRefusal(SubscriptionStatus status, bool cancelAtPeriodEnd) =>
        cancelAtPeriodEnd && status != SubscriptionStatus.Canceled ? null : new Problem(ProblemKind.NotAllowed, Messages.Get("NotSetToCancel"));
}
