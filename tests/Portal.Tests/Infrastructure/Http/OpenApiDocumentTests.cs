using System.Net.Http.Json;
using System.Text.Json;
using Vinr.Portal.Tests.Support;

namespace Vinr.Portal.Tests.Infrastructure.Http;

public sealed class OpenApiDocumentTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    private async Task<JsonElement> DocumentAsync()
    {
        using var client = factory.CreateApiClient(key: null);
        return await client.GetFromJsonAsync<JsonElement>("/openapi/v1.json");
    }

    [Fact]
    public async Task Create_is_described_with_both_body_types_the_idempotency_header_and_the_error_shape()
    {
        var create = (await DocumentAsync()).GetProperty("paths").GetProperty("/v1/billing-portal/sessions").GetProperty("post");

        var bodies = create.GetProperty("requestBody").GetProperty("content").EnumerateObject().Select(p => p.Name).ToList();
        Assert.Contains("application/x-www-form-urlencoded", bodies);
        Assert.Contains("application/json", bodies);
        Assert.Contains(create.GetProperty("parameters").EnumerateArray(), p => p.GetProperty("name").GetString() == "Idempotency-Key");
        foreach (var status in new[] { "200", "400", "401", "404", "409", "429" })
        {
            Assert.True(create.GetProperty("responses").TryGetProperty(status, out _), $"no {status} response");
        }
        Assert.EndsWith("ErrorEnvelope", create.GetProperty("responses").GetProperty("400").GetProperty("content").GetProperty("application/json").GetProperty("schema").GetProperty("$ref").GetString());
    }

    [Fact]
    public async Task Every_tag_says_what_its_resource_is_for()
    {
        var tags = (await DocumentAsync()).GetProperty("tags").EnumerateArray().ToList();

        Assert.NotEmpty(tags);
        Assert.All(tags, tag => Assert.False(string.IsNullOrWhiteSpace(tag.TryGetProperty("description", out var d) ? d.GetString() : null), tag.ToString()));
    }

    [Fact]
    public async Task Every_v1_operation_documents_405_in_the_error_shape()
    {
        var paths = (await DocumentAsync()).GetProperty("paths").EnumerateObject().Where(p => p.Name.StartsWith("/v1/", StringComparison.Ordinal)).ToList();

        Assert.NotEmpty(paths);
        foreach (var operation in paths.SelectMany(p => p.Value.EnumerateObject()))
        {
            var response = operation.Value.GetProperty("responses").GetProperty("405");
            Assert.EndsWith("ErrorEnvelope", response.GetProperty("content").GetProperty("application/json").GetProperty("schema").GetProperty("$ref").GetString());
        }
    }

    [Fact]
    public async Task The_session_schema_keeps_the_seeds_names_and_integer_timestamps()
    {
        var schema = (await DocumentAsync()).GetProperty("components").GetProperty("schemas").GetProperty("SessionObject").GetProperty("properties");

        foreach (var field in new[] { "id", "customer", "url", "return_url", "created", "expires_at", "livemode", "locale", "configuration", "flow" })
        {
            Assert.True(schema.TryGetProperty(field, out _), $"no {field}");
        }
        Assert.Equal("integer", schema.GetProperty("created").GetProperty("type").GetString());
        Assert.Equal("string", schema.GetProperty("id").GetProperty("type").GetString());
    }

    [Fact]
    public async Task A_sessions_locale_lists_exactly_the_translated_languages()
    {
        var schemas = (await DocumentAsync()).GetProperty("components").GetProperty("schemas");
        string[] expected = ["auto", .. Vinr.Portal.Api.Features.BillingPortal.Sessions.PortalLocales.Translated];

        foreach (var owner in new[] { "SessionObject", "CreateSessionParameters" })
        {
            var locale = schemas.GetProperty(owner).GetProperty("properties").GetProperty("locale");
            Assert.Equal(expected, locale.GetProperty("enum").EnumerateArray().Select(v => v.GetString()));
        }
    }

    [Fact]
    public async Task An_expandable_customer_is_an_id_or_the_customer_object()
    {
        var schemas = (await DocumentAsync()).GetProperty("components").GetProperty("schemas");

        var customer = schemas.GetProperty("SessionObject").GetProperty("properties").GetProperty("customer").GetProperty("anyOf");

        Assert.Equal("string", customer[0].GetProperty("type").GetString());
        Assert.Equal("#/components/schemas/CustomerObject", customer[1].GetProperty("$ref").GetString());
        Assert.True(schemas.GetProperty("CustomerObject").GetProperty("properties").TryGetProperty("email", out _));
    }

    [Fact]
    public async Task The_document_says_how_to_authenticate()
    {
        var document = await DocumentAsync();

        var scheme = document.GetProperty("components").GetProperty("securitySchemes").GetProperty("SecretKey");
        Assert.Equal("X-Api-Key", scheme.GetProperty("name").GetString());
        Assert.Equal("VINR API", document.GetProperty("info").GetProperty("title").GetString());
    }

    [Fact]
    public async Task Only_customer_is_a_required_create_parameter()
    {
        var body = (await DocumentAsync()).GetProperty("components").GetProperty("schemas").GetProperty("CreateSessionParameters");

        Assert.Equal(["customer"], body.GetProperty("required").EnumerateArray().Select(e => e.GetString()));
    }
}
