using System.Globalization;
using Microsoft.AspNetCore.Localization;
using Microsoft.Extensions.Localization;
using Vinr.Portal.Api.Features.BillingPortal.Sessions;
using Vinr.Portal.Sessions;

namespace Vinr.Portal.Components.Layout;

/// <summary>
/// The language of every portal response, the circuit included (Blazor keeps the culture of the
/// request that opened it): the session's <c>locale</c> when the merchant set one, else the browser's
/// Accept-Language among the translated languages, else English. Formats follow the same culture.
/// The merchant API answers in English whatever the caller's Accept-Language, as Stripe's does
/// (docs/decisions/0019-four-languages.md).
/// </summary>
internal static class PortalCulture
{
    public static IApplicationBuilder UsePortalCulture(this IApplicationBuilder app) =>
        app.UseRequestLocalization(o =>
        {
            o.SetDefaultCulture(PortalLocales.Translated[0])
                .AddSupportedCultures(PortalLocales.Translated)
                .AddSupportedUICultures(PortalLocales.Translated);
            // Nothing the browser controls beyond its language: no ?culture= and no culture cookie.
            o.RequestCultureProviders = [new MerchantApi(), new SessionLocale(), new AcceptLanguageHeaderRequestCultureProvider()];
        });

    /// <summary>The culture of a session's explicit locale; null (the browser decides) for <c>auto</c> or none.</summary>
    public static CultureInfo? Of(string? locale) =>
        locale is not null && PortalLocales.Translated.Contains(locale) ? CultureInfo.GetCultureInfo(locale) : null;

    /// <summary><c>26 Nov 2026</c>, <c>26 nov. 2026</c>, <c>26. Nov. 2026</c>.</summary>
    public static string Date(DateTimeOffset value, CultureInfo culture) =>
        value.UtcDateTime.ToString(culture.TwoLetterISOLanguageName == "de" ? "d. MMM yyyy" : "d MMM yyyy", culture);

    /// <summary>
    /// Picks <c>{key}_one</c> or <c>{key}_other</c> by the current culture's plural rule ("1 seat",
    /// "3 seats"; French counts 0 as one), formatted with the count as <c>{0}</c>.
    /// </summary>
    public static LocalizedString Plural(this IStringLocalizer localizer, string key, long count)
    {
        var one = CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "fr" ? count is 0 or 1 : count == 1;
        return localizer[one ? key + "_one" : key + "_other", count.ToString("N0", CultureInfo.CurrentCulture)];
    }

    private sealed class MerchantApi : RequestCultureProvider
    {
        private static readonly Task<ProviderCultureResult?> English = Task.FromResult<ProviderCultureResult?>(new(PortalLocales.Translated[0]));
        private static readonly Task<ProviderCultureResult?> NotTheApi = Task.FromResult<ProviderCultureResult?>(null);

        public override Task<ProviderCultureResult?> DetermineProviderCultureResult(HttpContext httpContext) =>
            httpContext.Request.Path.StartsWithSegments("/v1") ? English : NotTheApi;
    }

    /// <summary>The cookie's session (PortalCookie validated it before this runs) names the language.</summary>
    private sealed class SessionLocale : RequestCultureProvider
    {
        public override Task<ProviderCultureResult?> DetermineProviderCultureResult(HttpContext httpContext) =>
            Task.FromResult(Of(PortalCookie.AccessOf(httpContext)?.Locale) is { } culture ? new ProviderCultureResult(culture.Name) : null);
    }
}
