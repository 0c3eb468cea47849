using Vinr.Portal.Api.Infrastructure.Http;

namespace Vinr.Portal.Api.Features.BillingPortal.Sessions;

/// <summary>The validated parameters of <c>POST /v1/billing-portal/sessions</c>.</summary>
public sealed record CreateSessionRequest(string Customer, string? ReturnUrl, string? Configuration, string? Locale, bool ExpandCustomer)
{
    public static CreateSessionRequest Parse(ApiParams p, bool livemode)
    {
        p.AllowOnly("customer", "return_url", "configuration", "locale", "expand");
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
        return new CreateSessionRequest(customer, returnUrl, p.String("configuration", 64), locale, expand.Contains("customer"));
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
