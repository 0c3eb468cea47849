namespace Vinr.Portal.Security;

/// <summary>Whether a state-changing request came from a page of this origin (with the anti-forgery token, CSRF defence in depth).</summary>
public static class RequestOrigin
{
    /// <summary>
    /// <c>Sec-Fetch-Site</c> is authoritative where browsers send it; under
    /// <c>Referrer-Policy: no-referrer</c> they send <c>Origin: null</c> even same-origin, so a null
    /// Origin proves nothing either way (the anti-forgery token still must match).
    /// </summary>
    public static bool IsSameOrigin(HttpRequest request)
    {
        var fetchSite = request.Headers["Sec-Fetch-Site"].ToString();
        if (fetchSite.Length > 0)
        {
            return fetchSite == "same-origin";
        }
        var origin = request.Headers.Origin.ToString();
        return origin.Length == 0 || origin == "null" || string.Equals(origin, $"{request.Scheme}://{request.Host}", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>The client address rate limits count by.</summary>
    public static string ClientOf(HttpContext context) => context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
}
