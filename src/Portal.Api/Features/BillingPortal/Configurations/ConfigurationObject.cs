using Vinr.Portal.Api.Features.Subscriptions;

namespace Vinr.Portal.Api.Features.BillingPortal.Configurations;

/// <param name="Id">Unique identifier, e.g. <c>bpc_2Fy6rNxQ...</c>.</param>
/// <param name="Object">Always <c>billing_portal.configuration</c>.</param>
/// <param name="Active">Whether sessions can use it. False once archived (an update with <c>active=false</c>).</param>
/// <param name="IsDefault">Whether sessions that name no configuration use it. Exactly one per merchant and mode.</param>
/// <param name="Livemode">False for configurations made with a test key.</param>
/// <param name="Name">Your own label for it (up to 200 characters), never shown to customers.</param>
/// <param name="BusinessProfile">What the portal says about your business.</param>
/// <param name="Branding">How the portal looks.</param>
/// <param name="DefaultReturnUrl">Where "Return" sends the customer when the session names no <c>return_url</c>.</param>
/// <param name="RefreshUrl">Where a customer with an expired or used link can ask you for a new one ("Get a new link").</param>
/// <param name="Features">What customers may do in the portal.</param>
/// <param name="Metadata">Your key-value pairs.</param>
/// <param name="Created">Unix seconds.</param>
/// <param name="Updated">Unix seconds of the last update; equals <c>created</c> until then.</param>
/// <summary>
/// A billing portal configuration: how the portal looks and what it lets customers do. Stripe's
/// <c>billing_portal.configuration</c>, plus <c>branding</c>, <c>refresh_url</c>, seat limits, plan
/// transition rules and resubscription.
/// </summary>
public sealed record ConfigurationObject(
    string Id,
    string Object,
    bool Active,
    bool IsDefault,
    bool Livemode,
    string? Name,
    BusinessProfileObject BusinessProfile,
    BrandingObject Branding,
    string? DefaultReturnUrl,
    string? RefreshUrl,
    PortalFeaturesObject Features,
    IReadOnlyDictionary<string, string> Metadata,
    long Created,
    long Updated)
{
    public const string ObjectName = "billing_portal.configuration";

    /// <param name="productOfPrice">The product of each offered price (the caller's prices, loaded by id): the model stores the prices flat.</param>
    public static ConfigurationObject From(PortalConfiguration c, IReadOnlyDictionary<string, string> productOfPrice)
    {
        var features = c.Features;
        var cancel = features.SubscriptionCancel;
        var update = features.SubscriptionUpdate;
        return new ConfigurationObject(
            c.Id,
            ObjectName,
            c.Active,
            c.IsDefault,
            c.Livemode,
            c.Name,
            new BusinessProfileObject(c.Headline, c.PrivacyPolicyUrl, c.TermsOfServiceUrl),
            new BrandingObject(c.LogoUrl, c.AccentColor),
            c.DefaultReturnUrl,
            c.RefreshUrl,
            new PortalFeaturesObject(
                new CustomerUpdateObject(features.CustomerUpdate.Enabled, [.. features.CustomerUpdate.AllowedFields]),
                new FeatureSwitchObject(features.InvoiceHistory),
                new FeatureSwitchObject(features.PaymentMethodUpdate),
                new SubscriptionCancelObject(cancel.Enabled, cancel.Mode,
                    cancel.ProrateImmediateCancellation ? CancelProration.CreateProrations : CancelProration.None,
                    new CancellationReasonObject(cancel.ReasonEnabled, [.. cancel.ReasonOptions]),
                    cancel.RetentionCouponId is { } coupon ? RetentionOfferObject.Of(coupon) : null),
                new SubscriptionUpdateObject(
                    update.Enabled,
                    [.. AllowedUpdates(update)],
                    // Stored flat; shown per product, in the order the prices were given.
                    [.. update.Prices.Where(productOfPrice.ContainsKey).GroupBy(price => productOfPrice[price])
                        .Select(group => new ProductPricesObject(group.Key, [.. group]))],
                    update.ProrationBehavior,
                    new ScheduleAtPeriodEndObject([.. Conditions(update).Select(type => new ScheduleConditionObject(type))]),
                    new QuantityLimitsObject(update.QuantityMin, update.QuantityMax),
                    new PlanTransitionsObject(update.Transitions, [.. update.AllowedTransitions.Select(ToTransition)])),
                new FeatureSwitchObject(features.Resubscribe)),
            new Dictionary<string, string>(c.Metadata),
            c.Created.ToUnixTimeSeconds(),
            // Configurations written before "updated" existed (and the demo seed) carry none: last changed when created.
            (c.Updated > c.Created ? c.Updated : c.Created).ToUnixTimeSeconds());
    }

    private static IEnumerable<DefaultAllowedUpdate> AllowedUpdates(SubscriptionUpdateFeature update)
    {
        if (update.PriceEnabled)
        {
            yield return DefaultAllowedUpdate.Price;
        }
        if (update.QuantityEnabled)
        {
            yield return DefaultAllowedUpdate.Quantity;
        }
    }

    private static IEnumerable<ScheduleCondition> Conditions(SubscriptionUpdateFeature update)
    {
        if (update.ScheduleDecreasingAmount)
        {
            yield return ScheduleCondition.DecreasingItemAmount;
        }
        if (update.ScheduleShorterInterval)
        {
            yield return ScheduleCondition.ShorteningInterval;
        }
    }

    /// <summary>Reads a move as <see cref="PlanChangePolicy.Transition"/> writes it.</summary>
    private static PlanTransitionObject ToTransition(string move)
    {
        var arrow = move.IndexOf('>', StringComparison.Ordinal);
        return new PlanTransitionObject(move[..arrow], move[(arrow + 1)..]);
    }
}

/// <param name="Headline">The message shown at the top of the portal (up to 60 characters, as Stripe allows).</param>
/// <param name="PrivacyPolicyUrl">A link to your privacy policy (absolute https).</param>
/// <param name="TermsOfServiceUrl">A link to your terms of service (absolute https).</param>
public sealed record BusinessProfileObject(string? Headline, string? PrivacyPolicyUrl, string? TermsOfServiceUrl);

/// <param name="LogoUrl">Your logo (absolute https).</param>
/// <param name="AccentColor">Buttons and links, as <c>#rrggbb</c>.</param>
public sealed record BrandingObject(string? LogoUrl, string? AccentColor);

/// <summary>Each feature of the portal, on or off, with its settings.</summary>
/// <param name="CustomerUpdate">Editing billing details.</param>
/// <param name="InvoiceHistory">The invoice list, invoice pages and PDFs.</param>
/// <param name="PaymentMethodUpdate">Adding, choosing and removing cards.</param>
/// <param name="SubscriptionCancel">Cancelling (and renewing a pending cancellation).</param>
/// <param name="SubscriptionUpdate">Changing plan and seats.</param>
/// <param name="Resubscribe">A customer whose subscription ended may start again on a price <c>subscription_update</c> offers. Beyond Stripe; off by default.</param>
public sealed record PortalFeaturesObject(
    CustomerUpdateObject CustomerUpdate,
    FeatureSwitchObject InvoiceHistory,
    FeatureSwitchObject PaymentMethodUpdate,
    SubscriptionCancelObject SubscriptionCancel,
    SubscriptionUpdateObject SubscriptionUpdate,
    FeatureSwitchObject Resubscribe);

/// <param name="Enabled">Whether the feature is on.</param>
public sealed record FeatureSwitchObject(bool Enabled);

/// <param name="Enabled">Whether the feature is on.</param>
/// <param name="AllowedUpdates">Which details customers may edit: any of <c>name</c>, <c>email</c>, <c>address</c>, <c>phone</c>, <c>tax_id</c>. Empty: none.</param>
public sealed record CustomerUpdateObject(bool Enabled, IReadOnlyList<string> AllowedUpdates);

/// <param name="Enabled">Whether the feature is on.</param>
/// <param name="Mode">When a cancellation takes effect.</param>
/// <param name="ProrationBehavior">With <c>immediately</c>: <c>create_prorations</c> credits the unused time to the customer's balance; <c>none</c> does not.</param>
/// <param name="CancellationReason">The reason survey.</param>
/// <param name="Retention">Beyond Stripe's configuration: the coupon offered once in the cancel flow (<c>{"type": "coupon_offer", "coupon_offer": {"coupon": "..."}}</c>), or null.</param>
public sealed record SubscriptionCancelObject(bool Enabled, CancelMode Mode, CancelProration ProrationBehavior, CancellationReasonObject CancellationReason,
    RetentionOfferObject? Retention);

/// <summary>A retention offer as Stripe's session flow shapes it: <c>type</c> <c>coupon_offer</c> and the coupon.</summary>
public sealed record RetentionOfferObject(string Type, CouponOfferObject CouponOffer)
{
    public static RetentionOfferObject Of(string couponId) => new("coupon_offer", new CouponOfferObject(couponId));
}

public sealed record CouponOfferObject(string Coupon);

/// <param name="Enabled">Whether customers are asked why they cancel.</param>
/// <param name="Options">The reasons offered, among Stripe's: <c>too_expensive</c>, <c>missing_features</c>, <c>switched_service</c>, <c>unused</c>, <c>customer_service</c>, <c>too_complex</c>, <c>low_quality</c>, <c>other</c>.</param>
public sealed record CancellationReasonObject(bool Enabled, IReadOnlyList<string> Options);

/// <param name="Enabled">Whether the feature is on; needs at least one product with prices.</param>
/// <param name="DefaultAllowedUpdates">What customers may change: <c>price</c> (switch plan among <c>products</c>), <c>quantity</c> (seats on per-seat prices). Empty: neither.</param>
/// <param name="Products">The prices customers may switch between, per product: active, recurring, your own, all in one currency.</param>
/// <param name="ProrationBehavior">How a mid-period change is billed.</param>
/// <param name="ScheduleAtPeriodEnd">Which changes wait for the end of the period instead of applying now.</param>
/// <param name="Quantity">The seats a customer may choose (1 to 10,000).</param>
/// <param name="Transitions">Which moves between the offered prices are allowed. Beyond Stripe.</param>
public sealed record SubscriptionUpdateObject(
    bool Enabled,
    IReadOnlyList<DefaultAllowedUpdate> DefaultAllowedUpdates,
    IReadOnlyList<ProductPricesObject> Products,
    ProrationBehavior ProrationBehavior,
    ScheduleAtPeriodEndObject ScheduleAtPeriodEnd,
    QuantityLimitsObject Quantity,
    PlanTransitionsObject Transitions);

/// <param name="Product">A product id (<c>prod_...</c>).</param>
/// <param name="Prices">Price ids (<c>price_...</c>) of that product.</param>
public sealed record ProductPricesObject(string Product, IReadOnlyList<string> Prices);

/// <param name="Conditions">Each condition under which a change waits for period end.</param>
public sealed record ScheduleAtPeriodEndObject(IReadOnlyList<ScheduleConditionObject> Conditions);

/// <param name="Type"><c>decreasing_item_amount</c>: a lower amount on the same period; <c>shortening_interval</c>: a shorter period (yearly to monthly).</param>
public sealed record ScheduleConditionObject(ScheduleCondition Type);

/// <param name="Minimum">The fewest seats, at least 1.</param>
/// <param name="Maximum">The most seats, at most 10,000 and not below <c>minimum</c>.</param>
public sealed record QuantityLimitsObject(int Minimum, int Maximum);

/// <param name="Mode"><c>any</c>; <c>upgrades_only</c> (a higher amount or a longer period); <c>no_lateral_moves</c> (no switch to the same amount and period); <c>table</c> (only the moves in <c>allowed</c>).</param>
/// <param name="Allowed">With <c>table</c>: the allowed moves between offered prices. Seat changes on the same price are always allowed.</param>
public sealed record PlanTransitionsObject(PlanTransitions Mode, IReadOnlyList<PlanTransitionObject> Allowed);

/// <param name="From">The price a customer is on.</param>
/// <param name="To">A price they may switch to.</param>
public sealed record PlanTransitionObject(string From, string To);

/// <summary>Stripe's <c>default_allowed_updates</c>.</summary>
public enum DefaultAllowedUpdate
{
    Price,
    Quantity,
}

/// <summary>Stripe's <c>schedule_at_period_end.conditions[].type</c>.</summary>
public enum ScheduleCondition
{
    DecreasingItemAmount,
    ShorteningInterval,
}

/// <summary>Whether an immediate cancellation credits the unused time.</summary>
public enum CancelProration
{
    CreateProrations,
    None,
}
