namespace Vinr.Portal.Api.Features.BillingPortal.Sessions;

/// <summary>The languages the portal speaks: the one list the API, the portal and its formatting share.</summary>
public static class PortalLocales
{
    /// <summary>Languages the portal is translated into; the first is the fallback.</summary>
    public static readonly string[] Translated = ["en", "fr", "de", "es"];

    /// <summary>What a session's <c>locale</c> may be: a translated language, or <c>auto</c> (the browser's).</summary>
    public static readonly string[] Accepted = ["auto", .. Translated];
}
