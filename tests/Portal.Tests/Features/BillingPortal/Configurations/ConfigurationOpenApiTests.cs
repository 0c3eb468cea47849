using System.Net.Http.Json;
using System.Text.Json;
using Vinr.Portal.Tests.Support;

namespace Vinr.Portal.Tests.Features.BillingPortal.Configurations;

public sealed class ConfigurationOpenApiTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    private async Task<JsonElement> DocumentAsync()
    {
        using var client = factory.CreateApiClient(key: null);
        return await client.GetFromJsonAsync<JsonElement>("/openapi/v1.json");
    }

    [Fact]
    public async Task The_four_operations_are_described_under_their_tag()
    {
        var paths = (await DocumentAsync()).GetProperty("paths");

        var operations = new[]
        {
            ("/v1/billing-portal/configurations", "post", "CreateBillingPortalConfiguration"),
            ("/v1/billing-portal/configurations", "get", "ListBillingPortalConfigurations"),
            ("/v1/billing-portal/configurations/{id}", "get", "RetrieveBillingPortalConfiguration"),
            ("/v1/billing-portal/configurations/{id}", "post", "UpdateBillingPortalConfiguration"),
        };
        foreach (var (path, method, id) in operations)
        {
            var operation = paths.GetProperty(path).GetProperty(method);
            Assert.Equal(id, operation.GetProperty("operationId").GetString());
            Assert.Equal(["Billing portal configurations"], operation.GetProperty("tags").EnumerateArray().Select(t => t.GetString()));
            Assert.True(operation.GetProperty("responses").TryGetProperty("200", out _), $"{method} {path}: no 200");
            Assert.True(operation.GetProperty("responses").TryGetProperty("404", out _), $"{method} {path}: no 404");
        }
    }

    [Fact]
    public async Task Create_and_update_take_a_form_or_json_with_an_idempotency_key()
    {
        var paths = (await DocumentAsync()).GetProperty("paths");

        foreach (var (path, schema) in new[] { ("/v1/billing-portal/configurations", "CreateConfigurationParameters"), ("/v1/billing-portal/configurations/{id}", "UpdateConfigurationParameters") })
        {
            var post = paths.GetProperty(path).GetProperty("post");
            var content = post.GetProperty("requestBody").GetProperty("content");
            Assert.Equal(["application/x-www-form-urlencoded", "application/json"], content.EnumerateObject().Select(p => p.Name));
            Assert.EndsWith(schema, content.GetProperty("application/json").GetProperty("schema").GetProperty("$ref").GetString());
            Assert.Contains(post.GetProperty("parameters").EnumerateArray(), p => p.GetProperty("name").GetString() == "Idempotency-Key");
        }
    }

    [Fact]
    public async Task The_list_documents_its_query()
    {
        var list = (await DocumentAsync()).GetProperty("paths").GetProperty("/v1/billing-portal/configurations").GetProperty("get");

        Assert.Equal(["limit", "starting_after", "ending_before", "active", "is_default"],
            list.GetProperty("parameters").EnumerateArray().Select(p => p.GetProperty("name").GetString()));
        Assert.All(list.GetProperty("parameters").EnumerateArray(), p => Assert.Equal("query", p.GetProperty("in").GetString()));
    }

    [Fact]
    public async Task The_object_schema_is_described_with_integer_timestamps_and_nothing_is_required_to_create()
    {
        var schemas = (await DocumentAsync()).GetProperty("components").GetProperty("schemas");

        var properties = schemas.GetProperty("ConfigurationObject").GetProperty("properties");
        foreach (var field in new[] { "id", "object", "active", "is_default", "livemode", "name", "business_profile", "branding", "default_return_url", "refresh_url", "features", "metadata", "created", "updated" })
        {
            Assert.True(properties.TryGetProperty(field, out var property), $"no {field}");
            Assert.True(property.TryGetProperty("description", out _) || property.TryGetProperty("$ref", out _) || property.TryGetProperty("oneOf", out _), $"{field} undescribed");
        }
        Assert.Equal("integer", properties.GetProperty("created").GetProperty("type").GetString());
        Assert.Equal("integer", properties.GetProperty("updated").GetProperty("type").GetString());
        Assert.False(schemas.GetProperty("CreateConfigurationParameters").TryGetProperty("required", out _));
        Assert.Equal(["any", "upgrades_only", "no_lateral_moves", "table"], schemas.GetProperty("PlanTransitions").GetProperty("enum").EnumerateArray().Select(e => e.GetString()));
        Assert.True(schemas.GetProperty("UpdateConfigurationParameters").GetProperty("properties").TryGetProperty("active", out _));
        Assert.False(schemas.GetProperty("CreateConfigurationParameters").GetProperty("properties").TryGetProperty("active", out _));
    }
}
