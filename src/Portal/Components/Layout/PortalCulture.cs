using System.Globalization;
using Vinr.Portal.Api.Features.BillingPortal.Sessions;

namespace Vinr.Portal.Components.Layout;

/// <summary>
/// The culture amounts and dates are shown in: the session's <c>locale</c> when the merchant set one,
/// else the browser's (request localization sets the current culture from Accept-Language).
/// </summary>
internal static class PortalCulture
{
    public static CultureInfo For(string? locale) =>
        locale is not null && PortalLocales.Translated.Contains(locale) ? CultureInfo.GetCultureInfo(locale) : CultureInfo.CurrentCulture;

    /// <summary><c>26 Nov 2026</c>, <c>26 nov. 2026</c>, <c>26. Nov. 2026</c>.</summary>
    public static string Date(DateTimeOffset value, CultureInfo culture) =>
        value.UtcDateTime.ToString(culture.TwoLetterISOLanguageName == "de" ? "d. MMM yyyy" : "d MMM yyyy", culture);
}
