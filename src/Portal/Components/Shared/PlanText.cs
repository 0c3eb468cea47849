using Vinr.Portal.Api.Features.Products;

namespace Vinr.Portal.Components.Shared;

/// <summary>How the portal words a plan's period: "per month", "per 3 months", and the toggle's "Monthly".</summary>
public static class PlanText
{
    /// <summary><c>month</c>, <c>year</c>, <c>3 months</c>: what follows "per".</summary>
    public static string Per(Recurrence recurrence) => recurrence.Count == 1
        ? recurrence.Interval == BillingInterval.Month ? "month" : "year"
        : $"{recurrence.Count} {(recurrence.Interval == BillingInterval.Month ? "months" : "years")}";

    /// <summary><c>Monthly</c>, <c>Yearly</c>, <c>Every 3 months</c>: the change-plan page's period toggle.</summary>
    public static string Toggle(Recurrence recurrence) => string.Concat(recurrence.Adverb[..1].ToUpperInvariant(), recurrence.Adverb[1..]);
}
