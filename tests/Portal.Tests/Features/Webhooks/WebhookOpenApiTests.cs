using System.Net.Http.Json;
using System.Text.Json;
using Vinr.Portal.Tests.Support;

namespace Vinr.Portal.Tests.Features.Webhooks;

public sealed class WebhookOpenApiTests(WebhookFactory factory) : IClassFixture<WebhookFactory>
{
    private async Task<JsonElement> PathsAsync()
    {
        using var client = factory.CreateApiClient(key: null);
        return (await client.GetFromJsonAsync<JsonElement>("/openapi/v1.json")).GetProperty("paths");
    }

    [Theory]
    [InlineData("/v1/events", "get", "ListEvents", "Events", "limit,starting_after,ending_before,type,types[],created")]
    [InlineData("/v1/events/{id}", "get", "RetrieveEvent", "Events", "")]
    [InlineData("/v1/events/{id}/attempts", "get", "ListEventAttempts", "Events", "limit,starting_after,ending_before,webhook_endpoint")]
    [InlineData("/v1/events/{id}/resend", "post", "ResendEvent", "Events", "")]
    [InlineData("/v1/webhook_endpoints", "post", "CreateWebhookEndpoint", "Webhook endpoints", "")]
    [InlineData("/v1/webhook_endpoints", "get", "ListWebhookEndpoints", "Webhook endpoints", "limit,starting_after,ending_before")]
    [InlineData("/v1/webhook_endpoints/{id}", "get", "RetrieveWebhookEndpoint", "Webhook endpoints", "")]
    [InlineData("/v1/webhook_endpoints/{id}", "post", "UpdateWebhookEndpoint", "Webhook endpoints", "")]
    [InlineData("/v1/webhook_endpoints/{id}", "delete", "DeleteWebhookEndpoint", "Webhook endpoints", "")]
    [InlineData("/v1/webhook_endpoints/{id}/attempts", "get", "ListWebhookEndpointAttempts", "Webhook endpoints", "limit,starting_after,ending_before")]
    public async Task Every_operation_is_described_with_its_query(string path, string method, string operationId, string tag, string query)
    {
        var operation = (await PathsAsync()).GetProperty(path).GetProperty(method);

        Assert.Equal(operationId, operation.GetProperty("operationId").GetString());
        Assert.Equal([tag], operation.GetProperty("tags").EnumerateArray().Select(t => t.GetString()));
        Assert.False(string.IsNullOrEmpty(operation.GetProperty("summary").GetString()));
        Assert.False(string.IsNullOrEmpty(operation.GetProperty("description").GetString()));
        Assert.True(operation.GetProperty("responses").TryGetProperty("200", out _));
        Assert.True(operation.GetProperty("responses").TryGetProperty("404", out _));
        var queryParameters = operation.TryGetProperty("parameters", out var parameters)
            ? parameters.EnumerateArray().Where(p => p.GetProperty("in").GetString() == "query").Select(p => p.GetProperty("name").GetString()).ToList()
            : [];
        Assert.Equal(query.Split(',', StringSplitOptions.RemoveEmptyEntries), queryParameters);
        if (method == "post")
        {
            var content = operation.GetProperty("requestBody").GetProperty("content");
            Assert.Equal(["application/x-www-form-urlencoded", "application/json"], content.EnumerateObject().Select(p => p.Name));
        }
    }
}
