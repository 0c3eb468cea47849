using System.ComponentModel.DataAnnotations;

namespace Vinr.Portal.Api.Features.Subscriptions;

/// <summary>What a subscription does once every scheduled retry of its renewal has failed (Stripe's names).</summary>
public enum DunningFinalAction
{
    /// <summary>Canceled at once (<c>customer.subscription.deleted</c>).</summary>
    Cancel,

    /// <summary>Status <c>unpaid</c>: it stops renewing until the open invoice is paid.</summary>
    MarkUnpaid,

    /// <summary>Stays <c>past_due</c>; no more automatic attempts (the customer can still pay).</summary>
    PastDue,
}

/// <summary>A merchant's retry schedule: days after the first failed charge, and what happens after the last.</summary>
public sealed record DunningSchedule(IReadOnlyList<int> RetryDays, DunningFinalAction FinalAction);

/// <summary>The <c>Billing:Dunning</c> section: the schedule of every merchant that has not set its own.</summary>
public sealed class DunningOptions : IValidatableObject
{
    public const string Section = "Billing:Dunning";

    private static readonly int[] DefaultRetryDays = [1, 3, 5, 7];

    /// <summary>Null until configured: the binder appends to an initialised array instead of replacing it.</summary>
    public int[]? RetryDays { get; set; }

    public DunningFinalAction FinalAction { get; set; } = DunningFinalAction.Cancel;

    public IReadOnlyList<int> EffectiveRetryDays => RetryDays ?? DefaultRetryDays;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext) =>
        DunningPolicy.Validate(EffectiveRetryDays) is { } problem ? [new ValidationResult(problem, [nameof(RetryDays)])] : [];
}

/// <summary>What dunning does after a failed automatic charge.</summary>
public abstract record DunningStep
{
    private DunningStep()
    {
    }

    /// <summary>Charge again at <paramref name="At"/>.</summary>
    public sealed record Retry(DateTimeOffset At) : DunningStep;

    /// <summary>No retry is left: the subscription follows <paramref name="Action"/>.</summary>
    public sealed record GiveUp(DunningFinalAction Action) : DunningStep;
}

/// <summary>
/// Smart-retry-free dunning as a decision on values: retry <c>n</c> happens <c>RetryDays[n]</c> days
/// after the first failure (the renewal charge, made when the invoice was created), so a late run
/// never shifts the rest of the schedule; after the last, the final action.
/// </summary>
public static class DunningPolicy
{
    public const int MaxRetries = 8;
    public const int MaxDays = 60;

    /// <param name="firstFailure">When the renewal charge failed: the schedule counts from there.</param>
    /// <param name="retriesDone">Scheduled retries already made (0 right after the renewal charge failed).</param>
    public static DunningStep AfterFailure(DunningSchedule schedule, DateTimeOffset firstFailure, int retriesDone) =>
        retriesDone < schedule.RetryDays.Count
            ? new DunningStep.Retry(firstFailure.AddDays(schedule.RetryDays[retriesDone]))
            : new DunningStep.GiveUp(schedule.FinalAction);

    /// <summary>
    /// After an off-session charge the card's issuer wants the customer to authenticate (<c>authentication_required</c>):
    /// every retry would ask again, so none is made before the schedule's last one, the deadline the merchant's final
    /// action waits for (the customer confirms in the portal meanwhile; a new default card pays at once). Returns the step
    /// and the retries to count as done (the last one's index, so that retry's failure gives up).
    /// </summary>
    public static (DunningStep Step, int RetriesDone) AfterAuthenticationRequired(DunningSchedule schedule, DateTimeOffset firstFailure, int retriesDone)
    {
        if (retriesDone >= schedule.RetryDays.Count)
        {
            return (new DunningStep.GiveUp(schedule.FinalAction), retriesDone);
        }
        var last = schedule.RetryDays.Count - 1;
        return (new DunningStep.Retry(firstFailure.AddDays(schedule.RetryDays[last])), last);
    }

    /// <summary>The status the subscription takes when dunning gives up (Stripe: canceled, unpaid, or left past due).</summary>
    public static SubscriptionStatus StatusAfter(DunningFinalAction action) => action switch
    {
        DunningFinalAction.Cancel => SubscriptionStatus.Canceled,
        DunningFinalAction.MarkUnpaid => SubscriptionStatus.Unpaid,
        _ => SubscriptionStatus.PastDue,
    };

    /// <summary>Why a schedule cannot be, or null: 0 to 8 retries (as Stripe allows), each 1–60 days after the failure, in increasing order.</summary>
    public static string? Validate(IReadOnlyList<int> retryDays)
    {
        if (retryDays.Count > MaxRetries)
        {
            return $"At most {MaxRetries} retries.";
        }
        if (retryDays.Any(d => d is < 1 or > MaxDays))
        {
            return $"Each retry is 1 to {MaxDays} days after the first failure.";
        }
        return retryDays.Zip(retryDays.Skip(1)).Any(p => p.Second <= p.First) ? "Retry days must increase (e.g. 1, 3, 5, 7)." : null;
    }

    /// <summary>Reads a stored <c>1,3,5,7</c>; the empty string is "no retries".</summary>
    public static int[] ParseDays(string stored) =>
        stored.Length == 0 ? [] : [.. stored.Split(',').Select(int.Parse)];

    public static string FormatDays(IEnumerable<int> days) => string.Join(',', days);
}
