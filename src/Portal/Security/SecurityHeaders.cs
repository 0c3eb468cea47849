using Vinr.Portal.Sessions;

namespace Vinr.Portal.Security;

/// <summary>
/// Headers on every response: one strict CSP (scripts only from this origin, no inline script
/// anywhere, forms posting only here, never framed), no sniffing, no referrer (a link's token must
/// not leak through Referer), and no caching of pages that carry personal data unless a handler
/// chose otherwise (static assets do).
/// </summary>
internal static class SecurityHeaders
{
    // MudBlazor sets inline styles; scripts stay 'self' only. Logos may come from the merchant's https host.
    private const string Policy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' https: data:; " +
        "font-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; object-src 'none'; form-action 'self'";

    /// <summary>Pages holding a bearer link, a card form or personal data: never cached, never indexed.</summary>
    /// <remarks>
    /// Exactly the value antiforgery writes when a page carries its token: anything else it overrides
    /// with a warning in the log, on every link page.
    /// </remarks>
    public static void NoStore(HttpContext http)
    {
        http.Response.Headers.CacheControl = "no-cache, no-store";
        http.Response.Headers.Pragma = "no-cache";
        http.Response.Headers["X-Robots-Tag"] = "noindex, nofollow";
    }

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) =>
        app.Use((context, next) =>
        {
            var headers = context.Response.Headers;
            headers.ContentSecurityPolicy = Policy;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "no-referrer";
            headers["Cross-Origin-Opener-Policy"] = "same-origin";
            headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=(), payment=()";
            context.Response.OnStarting(() =>
            {
                if (!context.Response.Headers.ContainsKey("Cache-Control"))
                {
                    context.Response.Headers.CacheControl = "no-store";
                }
                // "Return" posts to /portal/return, which redirects to the merchant's return_url; browsers
                // hold that redirect to form-action too, so a portal page allows its session's return origin.
                if (PortalCookie.AccessOf(context) is { } access && context.Response.Headers.ContentSecurityPolicy == Policy
                    && Uri.TryCreate(access.ReturnUrl, UriKind.Absolute, out var returnUrl))
                {
                    context.Response.Headers.ContentSecurityPolicy = $"{Policy} {returnUrl.GetLeftPart(UriPartial.Authority)}";
                }
                return Task.CompletedTask;
            });
            return next(context);
        });
}
