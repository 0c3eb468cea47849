namespace Vinr.Portal.Api.Features.BillingPortal.Configurations;

/// <summary>What a merchant lets customers do in the portal (Stripe's <c>features</c>), each on or off.</summary>
public sealed class PortalFeatures
{
    public CustomerUpdateFeature CustomerUpdate { get; set; } = new();
    public bool InvoiceHistory { get; set; } = true;
    public bool PaymentMethodUpdate { get; set; } = true;
    public SubscriptionCancelFeature SubscriptionCancel { get; set; } = new();
    public SubscriptionUpdateFeature SubscriptionUpdate { get; set; } = new();

    /// <summary>A customer whose subscription ended may start again on a price <see cref="SubscriptionUpdate"/> offers. Beyond Stripe; off by default.</summary>
    public bool Resubscribe { get; set; }
}

/// <summary>Editing billing details: which fields.</summary>
public sealed class CustomerUpdateFeature
{
    public static readonly string[] AllFields = ["name", "email", "address", "phone", "tax_id"];

    public bool Enabled { get; set; } = true;
    public string[] AllowedFields { get; set; } = AllFields;
}

/// <summary>Cancelling: when it takes effect, whether it credits unused time, and the reason survey.</summary>
public sealed class SubscriptionCancelFeature
{
    public static readonly string[] StripeReasons =
        ["too_expensive", "missing_features", "switched_service", "unused", "customer_service", "too_complex", "low_quality", "other"];

    public bool Enabled { get; set; } = true;
    public CancelMode Mode { get; set; } = CancelMode.AtPeriodEnd;

    /// <summary>With <see cref="CancelMode.Immediately"/>: credit the unused time to the customer's balance.</summary>
    public bool ProrateImmediateCancellation { get; set; } = true;

    public bool ReasonEnabled { get; set; } = true;
    public string[] ReasonOptions { get; set; } = StripeReasons;

    /// <summary>
    /// The retention offer: a coupon offered once per subscription in the cancel flow, beside the cancel button, after the
    /// reason is chosen (docs/decisions/0025). Beyond Stripe's configuration (its sessions' <c>flow_data</c> carry one); null for none.
    /// </summary>
    public string? RetentionCouponId { get; set; }

    /// <summary>These rules with the reason survey on, as a deep link's <c>retention[type]=survey</c> asks.</summary>
    public SubscriptionCancelFeature WithSurvey() => new()
    {
        Enabled = Enabled, Mode = Mode, ProrateImmediateCancellation = ProrateImmediateCancellation, ReasonEnabled = true,
        ReasonOptions = ReasonOptions.Length > 0 ? ReasonOptions : StripeReasons, RetentionCouponId = RetentionCouponId,
    };
}

/// <summary>Changing plan: which prices, how proration is billed, when downgrades happen, seats.</summary>
public sealed class SubscriptionUpdateFeature
{
    public bool Enabled { get; set; } = true;

    /// <summary>The prices customers may switch between (ids); empty offers none.</summary>
    public string[] Prices { get; set; } = [];

    /// <summary>Customers may switch to another of <see cref="Prices"/> (Stripe's <c>default_allowed_updates</c> has <c>price</c>); off leaves seats only.</summary>
    public bool PriceEnabled { get; set; } = true;

    public ProrationBehavior ProrationBehavior { get; set; } = ProrationBehavior.CreateProrations;

    /// <summary>A lower amount on the same period waits for period end (Stripe's <c>decreasing_item_amount</c>).</summary>
    public bool ScheduleDecreasingAmount { get; set; } = true;

    /// <summary>A shorter period (yearly to monthly) waits for period end (Stripe's <c>shortening_interval</c>).</summary>
    public bool ScheduleShorterInterval { get; set; } = true;

    /// <summary>Which moves between the offered prices are allowed at all. Beyond Stripe.</summary>
    public PlanTransitions Transitions { get; set; } = PlanTransitions.Any;

    /// <summary>With <see cref="PlanTransitions.Table"/>: the allowed moves, each <c>from_price&gt;to_price</c>.</summary>
    public string[] AllowedTransitions { get; set; } = [];

    public bool QuantityEnabled { get; set; } = true;
    public int QuantityMin { get; set; } = 1;
    public int QuantityMax { get; set; } = 100;
}

/// <summary>Which plan changes a merchant allows between the prices it offers.</summary>
public enum PlanTransitions
{
    /// <summary>Any offered price, any direction.</summary>
    Any,

    /// <summary>Only to a higher amount, or a longer period; more seats on the same price count.</summary>
    UpgradesOnly,

    /// <summary>Anything but a switch to another price of the same amount and period.</summary>
    NoLateralMoves,

    /// <summary>Only the moves listed in <see cref="SubscriptionUpdateFeature.AllowedTransitions"/> (and seat changes on the same price).</summary>
    Table,
}

public enum CancelMode
{
    AtPeriodEnd,
    Immediately,
}

/// <summary>How a mid-period change is billed (Stripe's <c>proration_behavior</c>).</summary>
public enum ProrationBehavior
{
    /// <summary>Proration lines wait for the next invoice.</summary>
    CreateProrations,

    /// <summary>An invoice for the proration is created and charged now.</summary>
    AlwaysInvoice,

    /// <summary>No proration: the new price applies from the next period's invoice.</summary>
    None,
}
