using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Template;

namespace Vinr.Portal.Api.Infrastructure.Http;

/// <summary>Metadata on every endpoint of the <c>/v1</c> group.</summary>
internal sealed class ApiEndpointMetadata;

/// <summary>
/// The URLs and methods <c>/v1</c> serves, so that a request no API endpoint was chosen for still gets
/// the error shape: 404 <c>url_unrecognized</c>, 405 <c>method_not_allowed</c> with <c>Allow</c>, or 415.
/// The router alone cannot say. Its own 405 and 415 have empty bodies, and an endpoint outside the API
/// can catch a <c>/v1</c> URL: <c>MapStaticAssets</c>' runtime fallback (<c>{**path:file}</c>, GET and HEAD,
/// present whenever the app runs from build output) turns every unknown <c>/v1</c> POST into a 405,
/// makes a GET to a POST-only URL a 404, and adds GET, HEAD to the <c>Allow</c> of a real 405.
/// </summary>
internal sealed class ApiRoutes(EndpointDataSource endpoints)
{
    // Read on first use: the endpoints are complete only once the app has started.
    private readonly Lazy<(TemplateMatcher Matcher, IReadOnlyList<string> Methods)[]> _routes = new(() =>
    [
        .. endpoints.Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<ApiEndpointMetadata>() is not null)
            .Select(e => (new TemplateMatcher(new RouteTemplate(e.RoutePattern), new RouteValueDictionary()),
                e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? [])),
    ]);

    /// <summary>Whether the router chose a <c>/v1</c> endpoint for the request.</summary>
    public static bool Chosen(HttpContext context) => context.GetEndpoint()?.Metadata.GetMetadata<ApiEndpointMetadata>() is not null;

    /// <summary>Why no API endpoint serves <paramref name="request"/>: its URL, its method, or else its body's type.</summary>
    public ApiError NotServed(HttpRequest request)
    {
        var allowed = _routes.Value
            .Where(route => route.Matcher.TryMatch(request.Path, new RouteValueDictionary()))
            .SelectMany(route => route.Methods)
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToList();
        if (allowed.Count == 0)
        {
            return new ApiError(404, ApiError.InvalidRequest, "url_unrecognized",
                $"Unrecognized request URL ({request.Method}: {request.Path}).");
        }
        if (!allowed.Contains(request.Method, StringComparer.OrdinalIgnoreCase))
        {
            var allow = string.Join(", ", allowed);
            return new ApiError(405, ApiError.InvalidRequest, "method_not_allowed",
                $"{request.Method} is not allowed on {request.Path}; it accepts {allow}.") { Allow = allow };
        }
        // URL and method are served, so the router refused the Content-Type (an endpoint's Accepts
        // metadata), the one other rule /v1 endpoints carry; it does so even for an empty body.
        return ApiError.UnsupportedContentType(ApiParams.MediaType(request));
    }
}
