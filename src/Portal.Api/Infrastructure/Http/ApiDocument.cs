using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Vinr.Portal.Api.Infrastructure.Http;

/// <summary>
/// What the generated OpenAPI document cannot see in the code: how callers authenticate, the
/// <c>Idempotency-Key</c> header every POST honours, and the product's name.
/// </summary>
internal sealed class ApiDocument : IOpenApiDocumentTransformer, IOpenApiOperationTransformer
{
    private const string KeyScheme = "SecretKey";
    private const string BearerScheme = "Bearer";

    private static readonly Dictionary<string, string> TagDescriptions = new()
    {
        ["Billing portal sessions"] = "One-time links into the hosted portal, one per customer visit, optionally deep-linked into one task.",
        ["Billing portal configurations"] = "What the portal looks like and lets customers do: branding, features, plan rules.",
        ["Payment methods"] = "Customers' cards, as added in the portal: read and detach.",
        ["Invoices"] = "Invoices billing creates: read, and download as PDF.",
        ["Events"] = "What happened to your objects, as webhooks deliver it: read, see delivery attempts, resend.",
        ["Webhook endpoints"] = "URLs that receive your events as signed POSTs, retried for three days.",
    };

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Info = new OpenApiInfo
        {
            Title = "VINR API",
            Version = "v1",
            Description = "The merchant API of the VINR hosted billing portal. Authenticate with your secret key " +
                "(`sk_test_...` or `sk_live_...`; the prefix sets the mode) in `X-Api-Key` or as a Bearer token. " +
                "Bodies are `application/x-www-form-urlencoded` (with `expand[]=customer` bracket notation) or " +
                "`application/json`; both give identical results. Errors share one shape: " +
                "`{\"error\": {\"type\", \"code\", \"param\", \"message\"}}`.",
            Contact = new OpenApiContact { Name = "VINR support", Email = "support@vinr.com" },
            License = new OpenApiLicense { Name = "Proprietary", Url = new Uri("https://vinr.com/terms") },
        };
        // The generated server is this process's address with a trailing slash; paths already start with one.
        foreach (var server in document.Servers ?? [])
        {
            server.Url = server.Url?.TrimEnd('/');
        }
        foreach (var tag in document.Tags ?? new HashSet<OpenApiTag>())
        {
            tag.Description = TagDescriptions.GetValueOrDefault(tag.Name ?? "");
        }
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes = new Dictionary<string, IOpenApiSecurityScheme>
        {
            [KeyScheme] = new OpenApiSecurityScheme { Type = SecuritySchemeType.ApiKey, In = ParameterLocation.Header, Name = "X-Api-Key", Description = "Your secret key." },
            [BearerScheme] = new OpenApiSecurityScheme { Type = SecuritySchemeType.Http, Scheme = "bearer", Description = "Your secret key as a Bearer token." },
        };
        document.Security =
        [
            new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(KeyScheme, document)] = [] },
            new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(BearerScheme, document)] = [] },
        ];
        return Task.CompletedTask;
    }

    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        if (context.Description.HttpMethod == "POST")
        {
            operation.Parameters ??= [];
            operation.Parameters.Add(new OpenApiParameter
            {
                Name = "Idempotency-Key",
                In = ParameterLocation.Header,
                Required = false,
                Description = "Any unique string (up to 255 characters). A retry with the same key and parameters within 24 hours replays the first response; other parameters are refused.",
                Schema = new OpenApiSchema { Type = JsonSchemaType.String, MaxLength = Idempotency.MaxKeyLength },
            });
        }
        return Task.CompletedTask;
    }
}
