using System.Globalization;
using Vinr.Portal.Api.Features.Discounts;
using Vinr.Portal.Api.Features.Products;
using Vinr.Portal.Api.Features.Subscriptions;
using Vinr.Portal.Api.Infrastructure;

namespace Vinr.Portal.Api.Features.Invoices;

/// <summary>How invoice lines (and the plan-change preview, which shows the same lines) word what they bill.</summary>
public static class InvoiceLineText
{
    /// <summary><c>Business × 3 (monthly)</c>, <c>Pro (yearly)</c>: a whole period of a plan.</summary>
    public static string Plan(PlanOption plan, long quantity) => $"{PlanName(plan, quantity)} ({plan.Recurrence.Adverb})";

    /// <summary><c>Business × 3</c>, <c>Pro</c>: seats only where the price is per seat.</summary>
    public static string PlanName(PlanOption plan, long quantity) => $"{plan.ProductName}{(plan.PerUnit ? $" × {quantity}" : "")}";

    /// <summary>A proration line of a change from <paramref name="from"/> to <paramref name="to"/>.</summary>
    public static string Proration(ProrationLineKind kind, PlanOption from, long fromQuantity, PlanOption to, long toQuantity) => kind switch
    {
        ProrationLineKind.UnusedTime => $"Unused time on {PlanName(from, fromQuantity)}",
        ProrationLineKind.RemainingTime => $"Remaining time on {PlanName(to, toQuantity)}",
        _ => Plan(to, toQuantity),
    };

    /// <summary><c>Discount: Win-back (50 % off)</c>, <c>Discount ($5.00 off)</c>: a discount's own line, in English for the merchant's records.</summary>
    public static string Discount(DiscountTerms discount)
    {
        var off = discount.PercentOffBasisPoints is { } bp
            ? $"{(bp / 100m).ToString("0.##", CultureInfo.InvariantCulture)} % off"
            : $"{Money.Format(discount.AmountOff ?? 0, discount.Currency ?? "usd", CultureInfo.InvariantCulture)} off";
        return discount.CouponName is { Length: > 0 } name ? $"Discount: {name} ({off})" : $"Discount ({off})";
    }
}
