using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Vinr.Portal.Api.Features.Webhooks;
using Vinr.Portal.Tests.Support;

namespace Vinr.Portal.Tests.Features.Webhooks;

/// <summary>The app with its background deliverer idle: tests run the deliverer themselves, at the time they choose.</summary>
public class WebhookFactory : PortalFactory
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Webhooks:PollSeconds", "3600");
    }

    public WebhookDeliverer Deliverer => Services.GetRequiredService<WebhookDeliverer>();

    /// <summary>One run of the deliverer at the test clock's now.</summary>
    public Task<int> DeliverAsync() => Deliverer.DeliverDueAsync(Time.GetUtcNow(), CancellationToken.None);
}

/// <summary>Requests the webhook tests share.</summary>
public static class WebhookApi
{
    public const string Endpoints = "/v1/webhook_endpoints";

    public static FormUrlEncodedContent Form(params (string Key, string Value)[] pairs) => new(pairs.Select(p => KeyValuePair.Create(p.Key, p.Value)));

    public static async Task<JsonElement> OkAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {body}");
        return body;
    }

    public static async Task<JsonElement> CreateEndpointAsync(HttpClient api, string url, params string[] events) =>
        await OkAsync(await api.PostAsync(Endpoints, Form([("url", url), .. (events.Length == 0 ? ["*"] : events).Select(e => ("enabled_events[]", e))])));

    public static string Id(this JsonElement o) => o.GetProperty("id").GetString()!;

    public static IReadOnlyList<string> DataIds(this JsonElement list) => [.. list.GetProperty("data").EnumerateArray().Select(Id)];

    public static async Task AssertErrorAsync(HttpResponseMessage response, int status, string code, string param)
    {
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True((int)response.StatusCode == status, $"{(int)response.StatusCode}: {body}");
        var error = body.GetProperty("error");
        Assert.Equal(code, error.GetProperty("code").GetString());
        Assert.Equal(param, error.GetProperty("param").GetString());
    }
}
