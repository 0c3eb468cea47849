using System.Text.Json;
using Vinr.Portal.Api.Features.BillingPortal.Configurations;
using Vinr.Portal.Api.Features.Customers;
using Vinr.Portal.Api.Infrastructure.Http;

namespace Vinr.Portal.Api.Features.BillingPortal.Sessions;

/// <param name="Id">Unique identifier, e.g. <c>bps_2Fy6rNxQ...</c>.</param>
/// <param name="Object">Always <c>billing_portal.session</c>.</param>
/// <param name="Customer">The customer's id (<c>cust_...</c>), or the full customer object with <c>expand[]=customer</c>.</param>
/// <param name="Url">The one-time portal URL; redirect the customer to it. Returned on create only, null afterwards.</param>
/// <param name="ReturnUrl">Where "Return" sends the customer.</param>
/// <param name="Created">Unix seconds.</param>
/// <param name="ExpiresAt">Unix seconds; the link works until then (24 hours).</param>
/// <param name="Livemode">False for sessions made with a test key.</param>
/// <param name="Locale">auto, en, fr, de or es; null follows the browser.</param>
/// <param name="Configuration">The portal configuration used (<c>bpc_...</c>).</param>
/// <param name="Flow">The deep-linked flow, if any; null opens the portal home.</param>
/// <param name="Status">unused, active, ended or expired.</param>
/// <param name="OpenedAt">Unix seconds when the customer redeemed the link; null until then.</param>
/// <summary>
/// The billing portal session as the API shows it. The seed's five fields (<c>id</c>, <c>customer</c>,
/// <c>url</c>, <c>return_url</c>, <c>created</c>) keep their names and types; <c>customer</c> is the full
/// object with <c>expand[]=customer</c>. <c>url</c> is returned once, on create: the token is not stored.
/// </summary>
public sealed record SessionObject(
    string Id,
    string Object,
    [property: Expandable(typeof(CustomerObject))] object Customer,
    string? Url,
    string ReturnUrl,
    long Created,
    long ExpiresAt,
    bool Livemode,
    string? Locale,
    string Configuration,
    FlowObject? Flow,
    PortalSessionStatus Status,
    long? OpenedAt)
{
    public const string ObjectName = "billing_portal.session";
}

/// <summary>A deep link as the session object shows it (Stripe's <c>flow</c>); each type's object is null but for its own.</summary>
public sealed record FlowObject(
    string Type, AfterCompletionObject AfterCompletion, FlowCancelObject? SubscriptionCancel, FlowSubscriptionObject? SubscriptionUpdate,
    FlowConfirmObject? SubscriptionUpdateConfirm)
{
    public static FlowObject From(PortalFlow flow)
    {
        var after = flow.AfterCompletion;
        return new FlowObject(
            PortalFlow.NameOf(flow.Type),
            new AfterCompletionObject(JsonNamingPolicy.SnakeCaseLower.ConvertName(after.Type.ToString()),
                after.RedirectUrl is { } url ? new RedirectObject(url) : null,
                after.Type == AfterCompletionType.HostedConfirmation ? new HostedConfirmationObject(after.CustomMessage) : null),
            flow.Type == FlowType.SubscriptionCancel ? new FlowCancelObject(flow.SubscriptionId!,
                flow.RetentionCouponId is { } coupon ? new RetentionObject("coupon_offer", new CouponOfferObject(coupon))
                : flow.Survey ? new RetentionObject("survey") : null) : null,
            flow.Type == FlowType.SubscriptionUpdate ? new FlowSubscriptionObject(flow.SubscriptionId!) : null,
            flow.Type == FlowType.SubscriptionUpdateConfirm ? new FlowConfirmObject(flow.SubscriptionId!, [new FlowItemObject(flow.PriceId!, flow.Quantity ?? 1)]) : null);
    }
}

public sealed record AfterCompletionObject(string Type, RedirectObject? Redirect, HostedConfirmationObject? HostedConfirmation);

public sealed record RedirectObject(string ReturnUrl);

public sealed record HostedConfirmationObject(string? CustomMessage);

public sealed record FlowCancelObject(string Subscription, RetentionObject? Retention);

public sealed record FlowSubscriptionObject(string Subscription);

/// <summary>Stripe's <c>retention</c>: <c>coupon_offer</c> with its coupon; VINR's <c>survey</c> asks the reason.</summary>
public sealed record RetentionObject(string Type, CouponOfferObject? CouponOffer = null);

public sealed record FlowConfirmObject(string Subscription, IReadOnlyList<FlowItemObject> Items);

public sealed record FlowItemObject(string Price, long Quantity);
