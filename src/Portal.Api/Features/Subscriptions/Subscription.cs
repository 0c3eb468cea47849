using Vinr.Portal.Api.Infrastructure.Data;
using Vinr.Portal.Api.Infrastructure.Http;
using Vinr.Portal.Api.Features.Customers;
using Vinr.Portal.Api.Features.Discounts;
using Vinr.Portal.Api.Features.Products;

namespace Vinr.Portal.Api.Features.Subscriptions;

/// <summary>A customer's recurring purchase of one price.</summary>
public sealed class Subscription : ICustomerOwned, IListable
{
    public required string Id { get; init; }
    public required string MerchantId { get; init; }
    public bool Livemode { get; init; }
    public required string CustomerId { get; init; }
    public Customer? Customer { get; init; }
    public required string PriceId { get; set; }
    public Price? Price { get; set; }
    public long Quantity { get; set; } = 1;
    public SubscriptionStatus Status { get; set; }
    public DateTimeOffset CurrentPeriodStart { get; set; }
    public DateTimeOffset CurrentPeriodEnd { get; set; }

    /// <summary>
    /// Where periods are counted from (Stripe's <c>billing_cycle_anchor</c>), so a subscription started
    /// on the 31st bills on the last day of shorter months and on the 31st again after. A change of
    /// recurrence restarts it.
    /// </summary>
    public required DateTimeOffset BillingCycleAnchor { get; set; }
    public bool CancelAtPeriodEnd { get; set; }

    /// <summary>A downgrade waiting for period end: the price and quantity it switches to then.</summary>
    public string? ScheduledPriceId { get; set; }
    public long? ScheduledQuantity { get; set; }

    /// <summary>Why the customer cancelled (one of the configured options), and what they wrote.</summary>
    public string? CancellationReason { get; set; }
    public string? CancellationFeedback { get; set; }
    public DateTimeOffset? CanceledAt { get; set; }
    public DateTimeOffset? EndedAt { get; set; }

    /// <summary>The free trial it started with, if any: [<see cref="TrialStart"/>, <see cref="TrialEnd"/>) is its first period.</summary>
    public DateTimeOffset? TrialStart { get; set; }
    public DateTimeOffset? TrialEnd { get; set; }

    /// <summary>The coupon applied to it (Stripe's <c>discount</c>), with a copy of the coupon's terms; null when none.</summary>
    public DiscountTerms? Discount { get; set; }

    /// <summary>
    /// The cancel flow's retention offer, which a customer sees once per subscription: when it was shown,
    /// which coupon it offered, and what the customer did (<see cref="RetentionOfferOutcome"/>).
    /// </summary>
    public DateTimeOffset? RetentionOfferShownAt { get; set; }
    public string? RetentionOfferCouponId { get; set; }
    public RetentionOfferOutcome? RetentionOfferOutcome { get; set; }

    /// <summary>The merchant's key-value pairs (Stripe's <c>metadata</c>).</summary>
    public Dictionary<string, string> Metadata { get; set; } = [];
    public DateTimeOffset Created { get; init; }
}

/// <summary>What a customer did with the retention offer they were shown.</summary>
public enum RetentionOfferOutcome
{
    /// <summary>Took it: the discount was applied and the subscription kept.</summary>
    Accepted,

    /// <summary>Cancelled anyway.</summary>
    Declined,
}

public enum SubscriptionStatus
{
    Trialing,
    Active,
    PastDue,
    Canceled,
    Incomplete,

    /// <summary>Dunning gave up and the merchant's final action is <c>mark_unpaid</c>: no more renewals until the open invoice is paid.</summary>
    Unpaid,
}
