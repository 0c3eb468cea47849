using System.Reflection;
using System.Text.Json;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using Vinr.Portal.Api.Features.BillingPortal.Sessions;

namespace Vinr.Portal.Api.Infrastructure.Http;

/// <summary>
/// What the generated OpenAPI document cannot see in the code: how callers authenticate, the
/// <c>Idempotency-Key</c> header every POST honours, expandable fields, the languages a session's
/// <c>locale</c> accepts, and the product's name.
/// </summary>
internal sealed class ApiDocument : IOpenApiDocumentTransformer, IOpenApiOperationTransformer, IOpenApiSchemaTransformer
{
    private const string KeyScheme = "SecretKey";
    private const string BearerScheme = "Bearer";

    private static readonly Dictionary<string, string> TagDescriptions = new()
    {
        ["Billing portal sessions"] = "One-time links into the hosted portal, one per customer visit, optionally deep-linked into one task.",
        ["Billing portal configurations"] = "What the portal looks like and lets customers do: branding, features, plan rules.",
        ["Payment methods"] = "Customers' cards, as added in the portal: read and detach.",
        ["Invoices"] = "Invoices billing creates: read, preview the next one, and download as PDF.",
        ["Products"] = "What you sell: create, read, update, archive, and delete while it has no prices.",
        ["Prices"] = "How much and how often a product bills: create, read, archive. Amount, currency and period never change.",
        ["Customers"] = "The people and companies you bill: create, read, update, list, delete.",
        ["Subscriptions"] = "A customer's recurring purchase of one price: start (with an optional trial), change price or seats, cancel, list.",
        ["Billing settings"] = "The merchant's dunning schedule (when failed renewals are retried, and what happens after the last retry) and tax origin and EU reverse charge.",
        ["Coupons"] = "Percent or amount off for one invoice, some months or for ever, applied to subscriptions as discounts: create, read, rename, delete.",
        ["Tax rates"] = "Percentages by country (and state) that invoices apply, inclusive or exclusive: create, read, relabel, archive.",
        ["Test clocks"] = "Test mode only: clocks whose customers are billed at the clock's time, advanced on demand.",
        ["Events"] = "What happened to your objects, as webhooks deliver it: read, see delivery attempts, resend.",
        ["Webhook endpoints"] = "URLs that receive your events as signed POSTs, retried for three days.",
    };

    /// <summary>Every <see cref="ExpandableAttribute"/> field of the API's objects, found once.</summary>
    private static readonly (Type Owner, string Field, Type Expanded)[] Expandables =
    [
        .. typeof(ApiDocument).Assembly.GetTypes()
            .SelectMany(type => type.GetProperties(), (type, property) => (type, property, property.GetCustomAttribute<ExpandableAttribute>()))
            .Where(x => x.Item3 is not null)
            .Select(x => (x.type, JsonNamingPolicy.SnakeCaseLower.ConvertName(x.property.Name), x.Item3!.Expanded)),
    ];

    public async Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
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
        await DescribeExpandablesAsync(document, context, cancellationToken);
    }

    /// <summary>An expandable field is "the id, or the object": <c>anyOf</c> a string and the object's schema.</summary>
    private static async Task DescribeExpandablesAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        IDictionary<string, IOpenApiSchema> schemas = document.Components!.Schemas ?? new Dictionary<string, IOpenApiSchema>();
        foreach (var (owner, field, expanded) in Expandables)
        {
            if (!schemas.TryGetValue(owner.Name, out var schema) || schema is not OpenApiSchema { Properties: { } properties }
                || !properties.TryGetValue(field, out var property))
            {
                continue;
            }
            if (!schemas.ContainsKey(expanded.Name))
            {
                document.AddComponent(expanded.Name, await context.GetOrCreateSchemaAsync(expanded, cancellationToken: cancellationToken));
            }
            properties[field] = new OpenApiSchema
            {
                Description = property.Description,
                AnyOf = [new OpenApiSchema { Type = JsonSchemaType.String }, new OpenApiSchemaReference(expanded.Name, document)],
            };
        }
    }

    /// <summary>A session's <c>locale</c> (in the request and the object) is one of the portal's languages.</summary>
    public Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        if (context.JsonPropertyInfo is { Name: "locale" } property
            && property.DeclaringType.Namespace == typeof(PortalLocales).Namespace)
        {
            schema.Enum = [.. PortalLocales.Accepted.Select(l => (System.Text.Json.Nodes.JsonNode)System.Text.Json.Nodes.JsonValue.Create(l))];
        }
        return Task.CompletedTask;
    }

    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var method = context.Description.HttpMethod;
        // ApiParams reads the query itself, so the generator cannot see it: the endpoint's declared list is the truth.
        if (method is "GET" or "DELETE"
            && context.Description.ActionDescriptor.EndpointMetadata.OfType<ApiParameters>().LastOrDefault() is { } declared)
        {
            operation.Parameters ??= [];
            foreach (var parameter in declared.Accepted)
            {
                operation.Parameters.Add(new OpenApiParameter
                {
                    Name = parameter.Type == JsonSchemaType.Array ? parameter.Name + "[]" : parameter.Name,
                    In = ParameterLocation.Query,
                    Required = false,
                    Description = parameter.Description,
                    // An object travels as name[key]=value: OpenAPI's deepObject style.
                    Style = parameter.Type == JsonSchemaType.Object ? ParameterStyle.DeepObject : null,
                    Explode = parameter.Type == JsonSchemaType.Object,
                    Schema = parameter.Type switch
                    {
                        JsonSchemaType.Array => new OpenApiSchema { Type = JsonSchemaType.Array, Items = new OpenApiSchema { Type = JsonSchemaType.String } },
                        JsonSchemaType.Object => new OpenApiSchema
                        {
                            Type = JsonSchemaType.Object,
                            Properties = new Dictionary<string, IOpenApiSchema>
                            {
                                ["gte"] = new OpenApiSchema { Type = JsonSchemaType.Integer },
                                ["lte"] = new OpenApiSchema { Type = JsonSchemaType.Integer },
                            },
                        },
                        _ => new OpenApiSchema { Type = parameter.Type },
                    },
                });
            }
        }
        foreach (var (status, response) in operation.Responses ?? [])
        {
            if (response is not OpenApiResponse concrete)
            {
                continue;
            }
            concrete.Headers ??= new Dictionary<string, IOpenApiHeader>();
            concrete.Headers["Request-Id"] = new OpenApiHeader
            {
                Description = "This request's id; quote it to support.",
                Schema = new OpenApiSchema { Type = JsonSchemaType.String },
            };
            // Idempotency replays what the first request answered, successes and 4xx alike (a 5xx frees the key).
            if (method == "POST" && !status.StartsWith('5'))
            {
                concrete.Headers["Idempotent-Replayed"] = new OpenApiHeader
                {
                    Description = "`true` when this is the stored response of an earlier request with the same `Idempotency-Key`; absent otherwise.",
                    Schema = new OpenApiSchema { Type = JsonSchemaType.String, Enum = [System.Text.Json.Nodes.JsonValue.Create("true")] },
                };
            }
        }
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
