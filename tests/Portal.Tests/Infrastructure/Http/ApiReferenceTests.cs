using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Vinr.Portal.Api.Infrastructure.Http;
using Vinr.Portal.Tests.Support;

namespace Vinr.Portal.Tests.Infrastructure.Http;

/// <summary>
/// The reference matches the behaviour: every <c>/v1</c> endpoint the app serves is in <c>/openapi/v1.json</c>
/// and nothing else is, and each operation documents exactly the parameters its endpoint declares
/// (<see cref="ApiParameters"/>, the list the pipeline enforces): the query of a GET or DELETE, the body of a POST.
/// </summary>
public sealed class ApiReferenceTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    private static readonly string[] Methods = ["get", "post", "delete", "put", "patch"];

    private async Task<JsonObject> DocumentAsync()
    {
        using var client = factory.CreateApiClient(key: null);
        return (await client.GetFromJsonAsync<JsonObject>("/openapi/v1.json"))!;
    }

    private IReadOnlyList<RouteEndpoint> ApiEndpoints()
    {
        factory.CreateClient().Dispose(); // starts the host, so the endpoints are complete
        return [.. factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<ApiEndpointMetadata>() is not null)];
    }

    [Fact]
    public async Task Every_endpoint_and_the_document_agree_on_operations_and_parameters()
    {
        var endpoints = ApiEndpoints();

        var mismatches = Mismatches(endpoints, await DocumentAsync());

        Assert.True(endpoints.Count >= 15, $"only {endpoints.Count} /v1 endpoints found");
        Assert.True(mismatches.Count == 0, "The OpenAPI document and the endpoints disagree:\n" + string.Join("\n", mismatches));
    }

    [Fact]
    public async Task The_check_finds_a_missing_or_extra_query_parameter_a_body_field_and_an_operation()
    {
        var endpoints = ApiEndpoints();
        var document = await DocumentAsync();
        var paths = document["paths"]!.AsObject();
        var list = paths["/v1/products"]!["get"]!["parameters"]!.AsArray();
        list.Remove(list.First(p => (string?)p!["name"] == "active"));
        list.Add(new JsonObject { ["name"] = "shippable", ["in"] = "query" });
        var body = Schema(document, paths["/v1/prices"]!["post"]!)!["properties"]!.AsObject();
        body.Remove("nickname");
        paths["/v1/invoices/{id}"]!.AsObject().Remove("get");
        paths["/v1/invented"] = new JsonObject { ["get"] = new JsonObject() };

        var mismatches = Mismatches(endpoints, document);

        Assert.Contains(mismatches, m => m.Contains("GET /v1/products", StringComparison.Ordinal) && m.Contains("active", StringComparison.Ordinal));
        Assert.Contains(mismatches, m => m.Contains("GET /v1/products", StringComparison.Ordinal) && m.Contains("shippable", StringComparison.Ordinal));
        Assert.Contains(mismatches, m => m.Contains("POST /v1/prices", StringComparison.Ordinal) && m.Contains("nickname", StringComparison.Ordinal));
        Assert.Contains(mismatches, m => m.Contains("GET /v1/invoices/{id}", StringComparison.Ordinal));
        Assert.Contains(mismatches, m => m.Contains("GET /v1/invented", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Responses_document_request_id_and_posts_idempotent_replayed()
    {
        var paths = (await DocumentAsync())["paths"]!.AsObject();

        foreach (var (path, item) in paths.Where(p => p.Key.StartsWith("/v1/", StringComparison.Ordinal)))
        {
            foreach (var (method, operation) in item!.AsObject())
            {
                foreach (var (status, response) in operation!["responses"]!.AsObject())
                {
                    var headers = response!["headers"]?.AsObject();
                    Assert.True(headers?.ContainsKey("Request-Id") == true, $"{method} {path} {status}: no Request-Id");
                    Assert.Equal(method == "post" && !status.StartsWith('5'), headers!.ContainsKey("Idempotent-Replayed"));
                }
            }
        }
    }

    /// <summary>Every disagreement between the endpoints and the document, one line each.</summary>
    private static List<string> Mismatches(IReadOnlyList<RouteEndpoint> endpoints, JsonObject document)
    {
        var found = new List<string>();
        var paths = document["paths"]!.AsObject();
        var served = new HashSet<string>(StringComparer.Ordinal);
        foreach (var endpoint in endpoints)
        {
            var path = "/" + endpoint.RoutePattern.RawText!.Trim('/');
            foreach (var method in endpoint.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.HttpMethodMetadata>()!.HttpMethods)
            {
                var name = $"{method} {path}";
                served.Add(name);
                var operation = paths[path]?[method.ToLowerInvariant()];
                if (operation is null)
                {
                    found.Add($"{name}: served but not documented");
                    continue;
                }
                if (endpoint.Metadata.GetMetadata<ApiParameters>() is not { } declared)
                {
                    found.Add($"{name}: declares no parameters (add .Parameters(...), empty when it takes none)");
                    continue;
                }
                var accepted = declared.Accepted.Select(p => p.Type == Microsoft.OpenApi.JsonSchemaType.Array && method != "POST" ? p.Name + "[]" : p.Name).ToHashSet(StringComparer.Ordinal);
                var documented = method == "POST"
                    ? (Schema(document, operation)?["properties"]?.AsObject().Select(p => p.Key) ?? []).ToHashSet(StringComparer.Ordinal)
                    : (operation["parameters"]?.AsArray().Where(p => (string?)p!["in"] == "query").Select(p => (string)p!["name"]!) ?? []).ToHashSet(StringComparer.Ordinal);
                foreach (var missing in accepted.Except(documented))
                {
                    found.Add($"{name}: accepts {missing}, the document does not list it");
                }
                foreach (var extra in documented.Except(accepted))
                {
                    found.Add($"{name}: the document lists {extra}, the endpoint refuses it");
                }
            }
        }
        foreach (var (path, item) in paths.Where(p => p.Key.StartsWith("/v1/", StringComparison.Ordinal)))
        {
            foreach (var method in item!.AsObject().Select(m => m.Key).Where(Methods.Contains))
            {
                if (!served.Contains($"{method.ToUpperInvariant()} {path}"))
                {
                    found.Add($"{method.ToUpperInvariant()} {path}: documented but not served");
                }
            }
        }
        return found;
    }

    /// <summary>The form body's schema of a POST, its <c>$ref</c> resolved; null when it has no body.</summary>
    private static JsonObject? Schema(JsonObject document, JsonNode operation)
    {
        var schema = operation["requestBody"]?["content"]?["application/x-www-form-urlencoded"]?["schema"];
        if (schema?["$ref"] is { } reference)
        {
            schema = document["components"]!["schemas"]![((string)reference!).Split('/')[^1]];
        }
        return schema?.AsObject();
    }
}
