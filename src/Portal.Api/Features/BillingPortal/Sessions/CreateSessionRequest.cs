using Vinr.Portal.Api.Features.BillingPortal.Configurations;
using Vinr.Portal.Api.Infrastructure.Http;

namespace Vinr.Portal.Api.Features.BillingPortal.Sessions;

/// <summary>The validated parameters of <c>POST /v1/billing-portal/sessions</c>.</summary>
public sealed record CreateSessionRequest(string Customer, string? ReturnUrl, string? Configuration, string? Locale, bool ExpandCustomer,
    PortalFlow? Flow = null)
{
    /// <summary>The <c>flow_data</c> types, as the API names them.</summary>
    private static readonly Dictionary<string, FlowType> FlowTypes = Enum.GetValues<FlowType>().ToDictionary(PortalFlow.NameOf, StringComparer.Ordinal);

    /// <summary>What create accepts; the pipeline refuses anything else (see <see cref="ApiParameters"/>).</summary>
    public static readonly string[] Parameters = ["customer", "return_url", "configuration", "locale", "expand", "flow_data"];

    public static CreateSessionRequest Parse(ApiParams p, bool livemode)
    {
        var customer = p.RequiredString("customer", 64);
        var returnUrl = p.String("return_url", 2048);
        if (returnUrl is not null)
        {
            ValidateReturnUrl(returnUrl, livemode);
        }
        var locale = p.String("locale", 16);
        if (locale is not null && !PortalLocales.Accepted.Contains(locale, StringComparer.Ordinal))
        {
            throw new ApiException(ApiError.Invalid("locale", $"Invalid locale '{locale}': use one of {string.Join(", ", PortalLocales.Accepted)}."));
        }
        var expand = p.StringList("expand");
        foreach (var field in expand.Where(f => f != "customer"))
        {
            throw new ApiException(ApiError.Invalid("expand", $"This property cannot be expanded ({field}). Expandable: customer."));
        }
        return new CreateSessionRequest(customer, returnUrl, p.String("configuration", 64), locale, expand.Contains("customer"),
            p.Object("flow_data") is { } flow ? ParseFlow(flow, livemode) : null);
    }

    /// <summary>
    /// <c>flow_data</c> as Stripe shapes it: <c>type</c>, the type's own object (<c>subscription_cancel[subscription]</c>,
    /// <c>subscription_update_confirm[items][0][price]</c>, ...), and <c>after_completion</c>. Whether the
    /// subscription and price allow the flow is checked against the data when the session is created.
    /// </summary>
    private static PortalFlow ParseFlow(ApiParams flow, bool livemode)
    {
        var typeName = flow.RequiredString("type", 64);
        if (!FlowTypes.TryGetValue(typeName, out var type))
        {
            throw flow.Invalid("type", $"Invalid {flow.NameOf("type")}: use one of {string.Join(", ", FlowTypes.Keys)}.");
        }
        flow.AllowOnly("type", "after_completion", typeName);
        var afterCompletion = flow.Object("after_completion") is { } after ? ParseAfterCompletion(after, livemode) : AfterCompletion.Homepage;
        var task = flow.Object(typeName);
        switch (type)
        {
            case FlowType.PaymentMethodUpdate:
                task?.AllowOnly();
                return new PortalFlow(type, afterCompletion);
            case FlowType.SubscriptionCancel:
                task = task ?? throw new ApiException(ApiError.Missing(flow.NameOf(typeName)));
                task.AllowOnly("subscription", "retention");
                var retention = task.Object("retention") is { } r ? ParseRetention(r) : (Survey: false, Coupon: null);
                return new PortalFlow(type, afterCompletion, task.RequiredString("subscription", 64), Survey: retention.Survey, RetentionCouponId: retention.Coupon);
            case FlowType.SubscriptionUpdate:
                task = task ?? throw new ApiException(ApiError.Missing(flow.NameOf(typeName)));
                task.AllowOnly("subscription");
                return new PortalFlow(type, afterCompletion, task.RequiredString("subscription", 64));
            default:
                task = task ?? throw new ApiException(ApiError.Missing(flow.NameOf(typeName)));
                task.AllowOnly("subscription", "items");
                var items = task.ObjectList("items");
                if (items.Count != 1)
                {
                    throw task.Invalid("items", $"Invalid {task.NameOf("items")}: give exactly one item, the price and quantity to switch to.");
                }
                items[0].AllowOnly("id", "price", "quantity");
                return new PortalFlow(type, afterCompletion, task.RequiredString("subscription", 64), items[0].RequiredString("price", 64),
                    items[0].Integer("quantity", 1, 10_000) ?? 1);
        }
    }

    private static AfterCompletion ParseAfterCompletion(ApiParams after, bool livemode)
    {
        var type = after.RequiredString("type", 32);
        after.AllowOnly("type", type);
        switch (type)
        {
            case "portal_homepage":
                return AfterCompletion.Homepage;
            case "redirect":
                var redirect = after.Object("redirect") ?? throw new ApiException(ApiError.Missing(after.NameOf("redirect")));
                redirect.AllowOnly("return_url");
                var url = redirect.RequiredString("return_url", 2048);
                ValidateReturnUrl(url, livemode, redirect.NameOf("return_url"));
                return new AfterCompletion(AfterCompletionType.Redirect, RedirectUrl: url);
            case "hosted_confirmation":
                var confirmation = after.Object("hosted_confirmation");
                confirmation?.AllowOnly("custom_message");
                return new AfterCompletion(AfterCompletionType.HostedConfirmation, CustomMessage: confirmation?.String("custom_message", 500));
            default:
                throw after.Invalid("type", $"Invalid {after.NameOf("type")}: use portal_homepage, redirect or hosted_confirmation.");
        }
    }

    /// <summary>
    /// <c>retention[type]=survey</c>: the cancel flow asks why before cancelling, even where the
    /// configuration's survey is off. Coupon offers come with coupons.
    /// </summary>
    /// <summary><c>type</c> <c>coupon_offer</c> (Stripe's, with <c>coupon_offer[coupon]</c>) or <c>survey</c> (VINR's: ask the reason).</summary>
    private static (bool Survey, string? Coupon) ParseRetention(ApiParams retention)
    {
        retention.AllowOnly("type", "coupon_offer");
        return retention.RequiredString("type", 32) switch
        {
            "survey" when !retention.Has("coupon_offer") => (true, null),
            "coupon_offer" => (false, ConfigurationRequest.ReadRetention(retention)),
            "survey" => throw retention.Invalid("coupon_offer", $"{retention.NameOf("coupon_offer")} goes with {retention.NameOf("type")}=coupon_offer only."),
            _ => throw retention.Invalid("type", $"Invalid {retention.NameOf("type")}: use coupon_offer (with coupon_offer[coupon]) or survey."),
        };
    }

    /// <summary>An absolute https URL; plain http only to localhost, and only in test mode.</summary>
    public static void ValidateReturnUrl(string value, bool livemode, string param = "return_url")
    {
        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp)
            || string.IsNullOrEmpty(uri.Host) || !string.IsNullOrEmpty(uri.UserInfo))
        {
            throw new ApiException(ApiError.UrlInvalid(param, $"Invalid {param}: must be an absolute https URL, such as https://example.com/account."));
        }
        if (uri.Scheme == Uri.UriSchemeHttp && (livemode || !uri.IsLoopback))
        {
            throw new ApiException(ApiError.UrlInvalid(param,
                $"Invalid {param}: must use https. Plain http is accepted only for localhost in test mode."));
        }
    }
}
