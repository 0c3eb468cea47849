namespace Vinr.Portal.Api.Features.Products;

/// <param name="Id">Unique identifier, e.g. <c>prod_2Fy6rNxQ...</c>.</param>
/// <param name="Object">Always <c>product</c>.</param>
/// <param name="Active">Whether it can be sold. False once archived (an update with <c>active=false</c>).</param>
/// <param name="Name">What customers see, e.g. "Pro".</param>
/// <param name="Description">A longer description customers may see.</param>
/// <param name="Livemode">False for products made with a test key.</param>
/// <param name="Metadata">Your key-value pairs.</param>
/// <param name="Created">Unix seconds.</param>
/// <param name="Updated">Unix seconds of the last update; equals <c>created</c> until then.</param>
/// <summary>A product: what you sell. Its prices say how much and how often. Stripe's <c>product</c>.</summary>
public sealed record ProductObject(
    string Id,
    string Object,
    bool Active,
    string Name,
    string? Description,
    bool Livemode,
    IReadOnlyDictionary<string, string> Metadata,
    long Created,
    long Updated)
{
    public static ProductObject From(Product p) => new(
        p.Id, "product", p.Active, p.Name, p.Description, p.Livemode, new Dictionary<string, string>(p.Metadata),
        p.Created.ToUnixTimeSeconds(),
        // Products written before "updated" existed (and the demo seed) carry none: last changed when created.
        (p.Updated > p.Created ? p.Updated : p.Created).ToUnixTimeSeconds());
}

/// <param name="Id">Unique identifier, e.g. <c>price_2Fy6rNxQ...</c>.</param>
/// <param name="Object">Always <c>price</c>.</param>
/// <param name="Active">Whether new subscriptions can use it. False once archived (an update with <c>active=false</c>).</param>
/// <param name="BillingScheme"><c>per_unit</c>: the amount is per seat, times the subscription's quantity; <c>flat</c>: the amount is for the whole subscription, whatever its quantity (beyond Stripe).</param>
/// <param name="Created">Unix seconds.</param>
/// <param name="Currency">Lower-case ISO 4217, e.g. <c>usd</c>.</param>
/// <param name="Livemode">False for prices made with a test key.</param>
/// <param name="Metadata">Your key-value pairs.</param>
/// <param name="Nickname">Your own label, never shown to customers.</param>
/// <param name="Product">The product's id (<c>prod_...</c>).</param>
/// <param name="Recurring">How often it bills.</param>
/// <param name="Type">Always <c>recurring</c>: VINR bills subscriptions.</param>
/// <param name="UnitAmount">In the currency's minor units (cents): 4900 is $49.00.</param>
/// <summary>A price: how much and how often a product bills. Immutable in amount, currency and period. Stripe's <c>price</c>.</summary>
public sealed record PriceObject(
    string Id,
    string Object,
    bool Active,
    BillingScheme BillingScheme,
    long Created,
    string Currency,
    bool Livemode,
    IReadOnlyDictionary<string, string> Metadata,
    string? Nickname,
    string Product,
    RecurringObject Recurring,
    string Type,
    long UnitAmount)
{
    public static PriceObject From(Price p) => new(
        p.Id, "price", p.Active, p.BillingScheme, p.Created.ToUnixTimeSeconds(), p.Currency, p.Livemode, new Dictionary<string, string>(p.Metadata),
        p.Nickname, p.ProductId, new RecurringObject(p.Interval, p.IntervalCount, "licensed"), "recurring", p.UnitAmount);
}

/// <param name="Interval"><c>month</c> or <c>year</c>.</param>
/// <param name="IntervalCount">Bills every this many intervals: 3 months is a quarter. At most three years in all.</param>
/// <param name="UsageType">Always <c>licensed</c>: billed for the quantity subscribed, not for metered use.</param>
public sealed record RecurringObject(BillingInterval Interval, int IntervalCount, string UsageType);
