using Vinr.Portal.Api.Features.Discounts;
using Vinr.Portal.Api.Features.Products;
using Vinr.Portal.Api.Infrastructure.Http;

namespace Vinr.Portal.Api.Features.Subscriptions;

/// <summary>
/// A subscription as the API and events show it, in Stripe's names and types so Stripe's client libraries
/// read it (unix seconds, ids as strings, <c>items</c> a list of one <c>subscription_item</c> with its
/// <c>price</c>). Beyond Stripe, and kept from before: <c>price</c> and <c>quantity</c> at the top and
/// <c>scheduled_change</c>. <c>discount</c> is the coupon applied (Stripe's older shape), <c>discounts</c> its id (the newer). <c>customer</c> and <c>latest_invoice</c> are ids, or objects with <c>expand[]</c>.
/// </summary>
public sealed record SubscriptionObject(
    string Id, string Object, object Customer, SubscriptionStatus Status, string Price, long Quantity,
    long CurrentPeriodStart, long CurrentPeriodEnd, bool CancelAtPeriodEnd, long? CanceledAt, long? EndedAt,
    CancellationDetails CancellationDetails, ScheduledChange? ScheduledChange, long Created, bool Livemode,
    ListObject<SubscriptionItemObject> Items, string? Currency, long StartDate, long BillingCycleAnchor, long? CancelAt,
    long? TrialStart, long? TrialEnd, object? LatestInvoice, string CollectionMethod, IReadOnlyDictionary<string, string> Metadata,
    DiscountObject? Discount, IReadOnlyList<string> Discounts)
{
    public const string ObjectName = "subscription";

    /// <summary>The one item's id: derived from the subscription's, since a VINR subscription has exactly one item.</summary>
    public static string ItemId(string subscriptionId) => "si_" + subscriptionId[(subscriptionId.IndexOf('_', StringComparison.Ordinal) + 1)..];

    /// <param name="s">Its <see cref="Subscription.Price"/> loaded gives the item its whole price; otherwise the price is its id only.</param>
    /// <param name="customer">The expanded customer; its id when null.</param>
    /// <param name="latestInvoice">The latest invoice's id, or the expanded invoice.</param>
    public static SubscriptionObject From(Subscription s, object? customer = null, object? latestInvoice = null)
    {
        var periodStart = s.CurrentPeriodStart.ToUnixTimeSeconds();
        var periodEnd = s.CurrentPeriodEnd.ToUnixTimeSeconds();
        var item = new SubscriptionItemObject(ItemId(s.Id), "subscription_item", ItemPrice.From(s.PriceId, s.Price), s.Quantity, periodStart, periodEnd,
            s.Id, s.Created.ToUnixTimeSeconds(), new Dictionary<string, string>());
        return new(
            s.Id, ObjectName, customer ?? s.CustomerId, s.Status, s.PriceId, s.Quantity, periodStart, periodEnd, s.CancelAtPeriodEnd,
            s.CanceledAt?.ToUnixTimeSeconds(), s.EndedAt?.ToUnixTimeSeconds(),
            new CancellationDetails(s.CancellationReason, s.CancellationFeedback),
            s.ScheduledPriceId is { } price ? new ScheduledChange(price, s.ScheduledQuantity ?? 1, periodEnd) : null,
            s.Created.ToUnixTimeSeconds(), s.Livemode,
            new ListObject<SubscriptionItemObject>("list", [item], false, $"/v1/subscription_items?subscription={s.Id}"),
            s.Price?.Currency, s.Created.ToUnixTimeSeconds(), s.BillingCycleAnchor.ToUnixTimeSeconds(),
            s.CancelAtPeriodEnd && s.Status != SubscriptionStatus.Canceled ? periodEnd : null,
            s.TrialStart?.ToUnixTimeSeconds(), s.TrialEnd?.ToUnixTimeSeconds(), latestInvoice, "charge_automatically", s.Metadata,
            s.Discount is { } d ? DiscountObject.From(d, s.CustomerId, s.Id, s.Livemode) : null,
            s.Discount is { } applied ? [applied.DiscountId] : []);
    }
}

/// <summary>The subscription's one item, as Stripe's <c>subscription_item</c>.</summary>
public sealed record SubscriptionItemObject(
    string Id, string Object, ItemPrice Price, long Quantity, long CurrentPeriodStart, long CurrentPeriodEnd, string Subscription, long Created,
    IReadOnlyDictionary<string, string> Metadata);

/// <summary>
/// The item's price as Stripe's <c>price</c> object shows it. Every field but the id is null when the
/// subscription was written without its price loaded (a few events of the billing clock).
/// </summary>
public sealed record ItemPrice(
    string Id, string Object, string? Product, long? UnitAmount, string? Currency, string Type, PriceRecurring? Recurring, bool? Active,
    string? Nickname, long? Created, bool? Livemode)
{
    public static ItemPrice From(string id, Price? price) => price is null
        ? new(id, "price", null, null, null, "recurring", null, null, null, null, null)
        : new(price.Id, "price", price.ProductId, price.UnitAmount, price.Currency, "recurring",
            new PriceRecurring(price.Interval.ToString().ToLowerInvariant(), price.IntervalCount),
            price.Active, price.Nickname, price.Created.ToUnixTimeSeconds(), price.Livemode);
}

/// <summary>How often a price bills: every <c>interval_count</c> <c>interval</c>s (<c>month</c> or <c>year</c>).</summary>
public sealed record PriceRecurring(string Interval, int IntervalCount);

/// <summary>Why the customer cancelled, carried in the same event as the cancellation.</summary>
public sealed record CancellationDetails(string? Reason, string? Feedback);

/// <summary>A change waiting for period end.</summary>
public sealed record ScheduledChange(string Price, long Quantity, long EffectiveAt);
