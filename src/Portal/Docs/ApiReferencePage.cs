using Scalar.AspNetCore;

namespace Vinr.Portal.Docs;

/// <summary>
/// The interactive API reference at <c>/docs</c>: Scalar's standalone script (served by
/// Scalar.AspNetCore under <c>/docs/</c>) started from a file of ours. Scalar's own page starts it
/// with an inline script, which the CSP refuses everywhere.
/// </summary>
internal static class ApiReferencePage
{
    private const string Html = """
        <!doctype html>
        <html lang="en">
        <head>
            <meta charset="utf-8" />
            <meta name="viewport" content="width=device-width, initial-scale=1" />
            <title>VINR API reference</title>
        </head>
        <body>
            <div id="app"></div>
            <script src="/docs/scalar.js"></script>
            <script src="/js/api-reference.js"></script>
        </body>
        </html>
        """;

    public static IEndpointRouteBuilder MapApiReference(this IEndpointRouteBuilder app)
    {
        app.MapScalarApiReference("/docs", o => o.WithOpenApiRoutePattern("/openapi/{documentName}.json"));
        // Ahead of Scalar's own page for the same address.
        app.MapGet("/docs", () => TypedResults.Content(Html, "text/html; charset=utf-8")).WithOrder(-1).ExcludeFromDescription();
        return app;
    }
}
