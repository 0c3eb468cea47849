using System.Globalization;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Vinr.Portal.Api.Features.Products;
using Vinr.Portal.Api.Features.Subscriptions;
using Vinr.Portal.Components.Layout;

namespace Vinr.Portal.Components.Shared;

/// <summary>
/// How the portal words a plan and its period in the customer's language: "per month", "Monthly",
/// "Business (3 seats)", and the lines of a plan-change preview. The domain words invoice lines in
/// English for the merchant's records; the customer reads these.
/// </summary>
public static class PlanText
{
    // A static helper has no injection: it reads its resources (Resources/Components/Shared/PlanText.*.resx)
    // through the same factory AddLocalization registers, in the current UI culture, which is the customer's.
    private static readonly IStringLocalizer L = new ResourceManagerStringLocalizerFactory(
        Options.Create(new LocalizationOptions { ResourcesPath = "Resources" }), NullLoggerFactory.Instance).Create(typeof(PlanText));

    /// <summary><c>month</c>, <c>year</c>, <c>3 months</c>: what follows "per".</summary>
    public static string Per(Recurrence recurrence) => recurrence.Count == 1
        ? L[recurrence.Interval == BillingInterval.Month ? "Month" : "Year"]
        : L[recurrence.Interval == BillingInterval.Month ? "Months" : "Years", recurrence.Count];

    /// <summary><c>per month</c>, <c>every 3 months</c>: a price's period as a whole phrase.</summary>
    public static string PerPeriod(Recurrence recurrence) => recurrence.Count == 1
        ? L[recurrence.Interval == BillingInterval.Month ? "PerMonth" : "PerYear"]
        : L[recurrence.Interval == BillingInterval.Month ? "EveryMonths" : "EveryYears", recurrence.Count];

    /// <summary><c>monthly</c>, <c>yearly</c>, <c>every 3 months</c>.</summary>
    public static string Adverb(Recurrence recurrence) => recurrence.Count == 1
        ? L[recurrence.Interval == BillingInterval.Month ? "Monthly" : "Yearly"]
        : L[recurrence.Interval == BillingInterval.Month ? "EveryMonths" : "EveryYears", recurrence.Count];

    /// <summary><c>Monthly</c>, <c>Yearly</c>, <c>Every 3 months</c>: the change-plan page's period toggle.</summary>
    public static string Toggle(Recurrence recurrence)
    {
        var adverb = Adverb(recurrence);
        return string.Concat(adverb[..1].ToUpper(CultureInfo.CurrentCulture), adverb[1..]);
    }

    /// <summary><c>3 seats</c>, <c>1 seat</c>.</summary>
    public static string Seats(long quantity) => L.Plural("Seats", quantity);

    /// <summary><c>Business (3 seats)</c>, <c>Pro</c>: seats only where the price is per seat.</summary>
    public static string Name(PlanOption plan, long quantity) => plan.PerUnit ? L["NameWithSeats", plan.ProductName, Seats(quantity)] : plan.ProductName;

    /// <summary>A line of a plan-change preview: the unused time credited, the remaining time charged, or a whole new period.</summary>
    public static string Line(ProrationLineKind kind, PlanOption from, long fromQuantity, PlanOption to, long toQuantity) => kind switch
    {
        ProrationLineKind.UnusedTime => L["UnusedTime", Name(from, fromQuantity)],
        ProrationLineKind.RemainingTime => L["RemainingTime", Name(to, toQuantity)],
        _ => Period(to, toQuantity),
    };

    /// <summary><c>Pro (yearly)</c>, <c>Business (2 seats, monthly)</c>: a whole period of a plan.</summary>
    public static string Period(PlanOption plan, long quantity) => plan.PerUnit
        ? L["PeriodWithSeats", plan.ProductName, Seats(quantity), Adverb(plan.Recurrence)]
        : L["Period", plan.ProductName, Adverb(plan.Recurrence)];
}
