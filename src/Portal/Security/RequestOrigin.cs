namespace Vinr.Portal.Security;

/// <summary>Whether a state-changing request came from a page of this origin (with the anti-forgery token, CSRF defence in depth).</summary>
public static class RequestOrigin
{
    /// <summary>
    /// <c>Sec-Fetch-Site</c> is authoritative where browsers send it; under
    /// <c>Referrer-Policy: no-referrer</c> they send <c>Origin: null</c> even same-origin, so a null
    /// Origin proves nothing either way (the anti-forgery token still must match), unless
    /// <paramref name="nullIsForeign"/>: for requests that never carry one from our own pages.
    /// </summary>
    public static bool IsSameOrigin(HttpRequest request, bool nullIsForeign = false)
    {
        var fetchSite = request.Headers["Sec-Fetch-Site"].ToString();
        if (fetchSite.Length > 0)
        {
            return fetchSite == "same-origin";
        }
        var origin = request.Headers.Origin.ToString();
        return origin.Length == 0 || (origin == "null" && !nullIsForeign) || string.Equals(origin, $"{request.Scheme}://{request.Host}", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>
    /// The Blazor hub (<c>/_blazor</c>: negotiate, the WebSocket upgrade, long polling, the disconnect
    /// beacon) serves only pages of this origin: another site's page must not open a circuit in a
    /// visitor's browser (cross-site WebSocket hijacking), cookie or not. A client that is not a
    /// browser sends no Origin and proves nothing by it; it still needs a portal cookie.
    /// </summary>
    public static IApplicationBuilder UseHubOriginCheck(this IApplicationBuilder app) =>
        app.Use((context, next) =>
        {
            if (context.Request.Path.StartsWithSegments("/_blazor") && !IsSameOrigin(context.Request, nullIsForeign: true))
            {
                context.Response.StatusCode = StatusCodes.Status403Forbidden;
                return Task.CompletedTask;
            }
            return next(context);
        });

    /// <summary>The client address rate limits count by.</summary>
    public static string ClientOf(HttpContext context) => context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
}
