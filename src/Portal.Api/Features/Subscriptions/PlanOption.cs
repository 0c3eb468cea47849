using Vinr.Portal.Api.Features.Products;
using Vinr.Portal.Api.Features.Tax;

namespace Vinr.Portal.Api.Features.Subscriptions;

/// <summary>A plan as customers choose it: a price of a product, per seat or flat.</summary>
public sealed record PlanOption(string PriceId, string ProductName, string? Description, long UnitAmount, string Currency,
    Recurrence Recurrence, bool PerUnit, bool IsCurrent)
{
    /// <param name="price">With its product loaded.</param>
    public static PlanOption Of(Price price, bool isCurrent = false) => new(price.Id, price.Product!.Name, price.Product.Description,
        price.UnitAmount, price.Currency, price.Recurrence, price.BillingScheme == BillingScheme.PerUnit, isCurrent);

    /// <summary>What one period costs at <paramref name="quantity"/>: per-seat prices multiply, flat ones do not.</summary>
    public long AmountFor(long quantity) => PerUnit ? UnitAmount * quantity : UnitAmount;
}

/// <summary>
/// What the change-plan page offers for one subscription. <see cref="Unavailable"/> says, by price,
/// why the merchant's transition rules leave a plan out, so the page can say it instead of hiding it.
/// <see cref="Tax"/> is the customer's, so prices can say whether they include it.
/// </summary>
public sealed record PlanChoices(
    string SubscriptionId, string CurrentPriceId, long CurrentQuantity, IReadOnlyList<PlanOption> Options,
    bool QuantityEnabled, int QuantityMin, int QuantityMax, IReadOnlyDictionary<string, string> Unavailable, TaxTreatment Tax);
