using System.Text.Json;

namespace Vinr.Portal.Api.Features.BillingPortal.Sessions;

/// <summary>The one task a deep-linked session opens on (Stripe's <c>flow_data[type]</c>).</summary>
public enum FlowType
{
    PaymentMethodUpdate,
    SubscriptionCancel,
    SubscriptionUpdate,
    SubscriptionUpdateConfirm,
}

/// <summary>What happens once the customer has done the task.</summary>
public enum AfterCompletionType
{
    /// <summary>The whole portal opens.</summary>
    PortalHomepage,

    /// <summary>The session ends and the browser goes to <see cref="AfterCompletion.RedirectUrl"/>.</summary>
    Redirect,

    /// <summary>A page with the merchant's message and the way back.</summary>
    HostedConfirmation,
}

public sealed record AfterCompletion(AfterCompletionType Type, string? RedirectUrl = null, string? CustomMessage = null)
{
    public static readonly AfterCompletion Homepage = new(AfterCompletionType.PortalHomepage);
}

/// <summary>
/// A deep link: the session opens straight in one task, with the rest of the portal hidden until it
/// is done. <see cref="SubscriptionId"/> names the subscription of the subscription flows;
/// <see cref="PriceId"/> and <see cref="Quantity"/> the change a confirm flow previews.
/// </summary>
/// <param name="Survey">A cancel flow asks for the reason even where the configuration's survey is off.</param>
/// <param name="RetentionCouponId">A cancel flow's retention offer (<c>retention[type]=coupon_offer</c>), instead of the configuration's.</param>
public sealed record PortalFlow(FlowType Type, AfterCompletion AfterCompletion, string? SubscriptionId = null, string? PriceId = null, long? Quantity = null,
    bool Survey = false, string? RetentionCouponId = null)
{
    /// <summary>The page a <see cref="AfterCompletionType.HostedConfirmation"/> shows.</summary>
    public const string ConfirmationPath = "/done";

    /// <summary><c>payment_method_update</c>, <c>subscription_cancel</c>, ...: the type as the API names it.</summary>
    public static string NameOf(FlowType type) => JsonNamingPolicy.SnakeCaseLower.ConvertName(type.ToString());

    /// <summary>Where Continue lands: the task's own page.</summary>
    public string StartPath => Type switch
    {
        FlowType.PaymentMethodUpdate => "/payment-methods",
        FlowType.SubscriptionCancel => $"/subscriptions/{SubscriptionId}/cancel",
        FlowType.SubscriptionUpdate => $"/subscriptions/{SubscriptionId}/plan",
        _ => $"/subscriptions/{SubscriptionId}/plan?price={Uri.EscapeDataString(PriceId!)}&quantity={Quantity}",
    };
}
