using System.Globalization;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Vinr.Portal.Api.Features.Discounts;
using Vinr.Portal.Api.Features.Products;
using Vinr.Portal.Api.Infrastructure;
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

    /// <summary><c>50 % off</c>, <c>$5.00 off</c>: what a coupon takes off, in the customer's language.</summary>
    public static string Off(DiscountTerms discount, CultureInfo culture) => discount.PercentOffBasisPoints is { } basisPoints
        ? L["PercentOff", (basisPoints / 100m).ToString("0.##", culture)]
        : L["AmountOff", Money.Format(discount.AmountOff ?? 0, discount.Currency ?? "usd", culture)];

    /// <summary><c>Discount: Win-back (50 % off)</c>: the discount's own row on an invoice, a preview or the upcoming invoice.</summary>
    public static string Discount(DiscountTerms discount, CultureInfo culture) => discount.CouponName is { Length: > 0 } name
        ? L["DiscountNamed", name, Off(discount, culture)]
        : L["DiscountUnnamed", Off(discount, culture)];

    /// <summary><c>50 % off for 3 months</c>, <c>50 % off your next invoice</c>, <c>50 % off for as long as you subscribe</c>: an offer's terms.</summary>
    public static string OfferTerms(DiscountTerms discount, CultureInfo culture) => discount.Duration switch
    {
        CouponDuration.Once => L["OfferOnce", Off(discount, culture)],
        CouponDuration.Repeating => L[discount.DurationInMonths == 1 ? "OfferRepeating_one" : "OfferRepeating_other", Off(discount, culture), discount.DurationInMonths ?? 1],
        _ => L["OfferForever", Off(discount, culture)],
    };
}
