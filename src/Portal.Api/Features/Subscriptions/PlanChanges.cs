using Vinr.Portal.Api.Features.BillingPortal.Configurations;
using Vinr.Portal.Api.Features.Products;

namespace Vinr.Portal.Api.Features.Subscriptions;

/// <summary>A plan the customer may switch to.</summary>
public sealed record PlanOption(string PriceId, string ProductName, string? Description, long UnitAmount, string Currency,
    BillingInterval Interval, bool PerUnit, bool IsCurrent);

/// <summary>What the change-plan page offers for one subscription.</summary>
public sealed record PlanChoices(
    string SubscriptionId, string CurrentPriceId, long CurrentQuantity, IReadOnlyList<PlanOption> Options,
    bool QuantityEnabled, int QuantityMin, int QuantityMax);

/// <summary>
/// What a plan change will do, shown before anything changes. <see cref="ChangeAt"/> is the instant
/// the amounts were computed for; confirming soon after applies exactly these amounts.
/// </summary>
public sealed record ChangePreview(
    string SubscriptionId,
    PlanOption From,
    long FromQuantity,
    PlanOption To,
    long ToQuantity,
    DateTimeOffset ChangeAt,
    bool Scheduled,
    DateTimeOffset EffectiveAt,
    ProrationBehavior Behavior,
    IReadOnlyList<ProrationLine> Lines,
    long Subtotal,
    long Tax,
    long CreditApplied,
    long DueToday,
    long AddedToNextInvoice,
    long CreditToBalance,
    long NewRecurringAmount,
    DateTimeOffset NextBillingDate,
    string Currency)
{
    /// <summary>A line as the preview and the invoice both word it.</summary>
    public string Describe(ProrationLine line) => line.Kind switch
    {
        ProrationLineKind.UnusedTime => $"Unused time on {From.ProductName}{Seats(From, FromQuantity)}",
        ProrationLineKind.RemainingTime => $"Remaining time on {To.ProductName}{Seats(To, ToQuantity)}",
        _ => $"{To.ProductName}{Seats(To, ToQuantity)} ({(To.Interval == BillingInterval.Month ? "monthly" : "yearly")})",
    };

    private static string Seats(PlanOption plan, long quantity) => plan.PerUnit ? $" × {quantity}" : "";
}

public enum ChangeProblem
{
    None,
    NotFound,
    NotAllowed,
    NotOffered,
    QuantityOutOfRange,
    NoChange,
    Declined,
}

/// <summary>How a change, cancellation or renewal went; a problem in words the customer can act on.</summary>
public sealed record ChangeOutcome(ChangeProblem Problem, string? Message = null, ChangePreview? Preview = null)
{
    public static readonly ChangeOutcome Done = new(ChangeProblem.None);

    public bool Succeeded => Problem == ChangeProblem.None;
}
