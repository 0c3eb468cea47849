using Vinr.Portal.Api.Features.Subscriptions;

namespace Vinr.Portal.Api.Features.BillingPortal.Configurations;

// The request bodies of create and update as the OpenAPI document shows them (ConfigurationRequest reads
// them). Every part is optional, unlike the object's, so they are types of their own. A form sends the same
// with Stripe's brackets: features[subscription_update][products][0][prices][0]=price_...

/// <summary>The body of a create request. Every part is optional: left out, it takes its default.</summary>
internal class CreateConfigurationParameters
{
    /// <summary>Your own label, up to 200 characters.</summary>
    public string? Name { get; init; }

    public BusinessProfileParameters? BusinessProfile { get; init; }

    public BrandingParameters? Branding { get; init; }

    /// <summary>Where "Return" sends customers when a session names no <c>return_url</c>: absolute https (http only to localhost in test mode).</summary>
    public string? DefaultReturnUrl { get; init; }

    /// <summary>Where a customer with an expired or used link can ask you for a new one: absolute https.</summary>
    public string? RefreshUrl { get; init; }

    /// <summary>Each feature; one left out keeps its default (on; plan changes only when products are listed).</summary>
    public FeaturesParameters? Features { get; init; }

    /// <summary>Up to 50 keys of up to 40 characters, values up to 500. On update an empty value removes its key, and <c>metadata=""</c> removes all.</summary>
    public IReadOnlyDictionary<string, string>? Metadata { get; init; }

    /// <summary><c>true</c> makes it the default for sessions that name no configuration; the old default stops being one.</summary>
    public bool? IsDefault { get; init; }
}

/// <summary>The body of an update request: only what it names changes; <c>""</c> clears a value or empties a list.</summary>
internal sealed class UpdateConfigurationParameters : CreateConfigurationParameters
{
    /// <summary><c>false</c> archives it (the default cannot be archived); <c>true</c> reactivates it.</summary>
    public bool? Active { get; init; }
}

internal sealed class BusinessProfileParameters
{
    /// <summary>Up to 60 characters, shown at the top of the portal.</summary>
    public string? Headline { get; init; }

    /// <summary>Absolute https.</summary>
    public string? PrivacyPolicyUrl { get; init; }

    /// <summary>Absolute https.</summary>
    public string? TermsOfServiceUrl { get; init; }
}

internal sealed class BrandingParameters
{
    /// <summary>Absolute https.</summary>
    public string? LogoUrl { get; init; }

    /// <summary><c>#rrggbb</c>, e.g. <c>#4338CA</c>.</summary>
    public string? AccentColor { get; init; }
}

internal sealed class FeaturesParameters
{
    public CustomerUpdateParameters? CustomerUpdate { get; init; }

    public FeatureSwitchParameters? InvoiceHistory { get; init; }

    public FeatureSwitchParameters? PaymentMethodUpdate { get; init; }

    public SubscriptionCancelParameters? SubscriptionCancel { get; init; }

    public SubscriptionUpdateParameters? SubscriptionUpdate { get; init; }

    /// <summary>Beyond Stripe: a customer whose subscription ended may start again on an offered price.</summary>
    public FeatureSwitchParameters? Resubscribe { get; init; }
}

internal sealed class FeatureSwitchParameters
{
    public bool? Enabled { get; init; }
}

internal sealed class CustomerUpdateParameters
{
    public bool? Enabled { get; init; }

    /// <summary>Any of <c>name</c>, <c>email</c>, <c>address</c>, <c>phone</c>, <c>tax_id</c>.</summary>
    public IReadOnlyList<string>? AllowedUpdates { get; init; }
}

internal sealed class SubscriptionCancelParameters
{
    public bool? Enabled { get; init; }

    public CancelMode? Mode { get; init; }

    /// <summary>With <c>immediately</c>: whether the unused time is credited.</summary>
    public CancelProration? ProrationBehavior { get; init; }

    public CancellationReasonParameters? CancellationReason { get; init; }

    /// <summary>
    /// Beyond Stripe: a coupon offered once per subscription in the cancel flow, beside the cancel button once a reason is chosen:
    /// <c>retention[coupon_offer][coupon]=WINBACK50</c> (<c>retention[type]</c> is <c>coupon_offer</c>, the default); an empty value removes it.
    /// </summary>
    public RetentionOfferObject? Retention { get; init; }
}

internal sealed class CancellationReasonParameters
{
    public bool? Enabled { get; init; }

    /// <summary>Stripe's reasons: <c>too_expensive</c>, <c>missing_features</c>, <c>switched_service</c>, <c>unused</c>, <c>customer_service</c>, <c>too_complex</c>, <c>low_quality</c>, <c>other</c>. At least one while enabled.</summary>
    public IReadOnlyList<string>? Options { get; init; }
}

internal sealed class SubscriptionUpdateParameters
{
    /// <summary><c>true</c> needs at least one product with prices.</summary>
    public bool? Enabled { get; init; }

    public IReadOnlyList<DefaultAllowedUpdate>? DefaultAllowedUpdates { get; init; }

    /// <summary>Replaces the offered prices: your own active prices, each under its product, all in one currency.</summary>
    public IReadOnlyList<ProductPricesParameters>? Products { get; init; }

    public ProrationBehavior? ProrationBehavior { get; init; }

    public ScheduleAtPeriodEndParameters? ScheduleAtPeriodEnd { get; init; }

    public QuantityParameters? Quantity { get; init; }

    public TransitionsParameters? Transitions { get; init; }
}

internal sealed class ProductPricesParameters
{
    /// <summary>A product id (<c>prod_...</c>).</summary>
    public required string Product { get; init; }

    /// <summary>At least one price id (<c>price_...</c>) of that product.</summary>
    public required IReadOnlyList<string> Prices { get; init; }
}

internal sealed class ScheduleAtPeriodEndParameters
{
    /// <summary>Replaces the conditions; <c>""</c> empties them (every change applies at once).</summary>
    public IReadOnlyList<ScheduleConditionParameters>? Conditions { get; init; }
}

internal sealed class ScheduleConditionParameters
{
    public required ScheduleCondition Type { get; init; }
}

internal sealed class QuantityParameters
{
    /// <summary>1 to 10,000.</summary>
    public int? Minimum { get; init; }

    /// <summary>1 to 10,000, not below the minimum.</summary>
    public int? Maximum { get; init; }
}

internal sealed class TransitionsParameters
{
    public PlanTransitions? Mode { get; init; }

    /// <summary>Only with <c>mode=table</c>: moves between offered prices, <c>from</c> and <c>to</c> different.</summary>
    public IReadOnlyList<PlanTransitionParameters>? Allowed { get; init; }
}

internal sealed class PlanTransitionParameters
{
    public required string From { get; init; }

    public required string To { get; init; }
}
