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
        };
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
