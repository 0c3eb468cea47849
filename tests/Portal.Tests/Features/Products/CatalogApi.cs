using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Vinr.Portal.Tests.Support;
using static Vinr.Portal.Tests.Features.BillingPortal.Configurations.ConfigurationApi;

namespace Vinr.Portal.Tests.Features.Products;

/// <summary>Requests the catalog tests share.</summary>
public static class CatalogApi
{
    public static async Task<JsonElement> OkAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {body}");
        return body;
    }

    public static async Task<JsonElement> CreateProductAsync(HttpClient api, string name = "Team") =>
        await OkAsync(await api.PostAsync("/v1/products", Form(("name", name))));

    public static async Task<JsonElement> CreatePriceAsync(HttpClient api, string productId, long amount = 1_500, string currency = "usd", string interval = "month") =>
        await OkAsync(await api.PostAsync("/v1/prices", Form(("product", productId), ("currency", currency), ("unit_amount", amount.ToString()), ("recurring[interval]", interval))));

    /// <summary>A merchant of its own, in test mode, with a client for its key.</summary>
    public static async Task<(HttpClient Api, TestData.MerchantKit Kit)> MerchantAsync(PortalFactory factory, bool livemode = false)
    {
        var kit = await TestData.AddMerchantAsync(factory, livemode);
        return (factory.CreateApiClient(kit.Key), kit);
    }

    /// <summary>
    /// The type of every event written about <paramref name="id"/>, sorted by name: the test clock stands still,
    /// so events of one test share a timestamp and their ids are random.
    /// </summary>
    public static async Task<List<string>> EventTypesAsync(PortalFactory factory, string id) =>
        [.. (await factory.WithDbAsync(db => db.Events.Where(e => e.Data.Contains(id)).Select(e => e.Type).ToListAsync())).Order(StringComparer.Ordinal)];

    public static async Task<(string Code, string? Param, int Status)> ErrorOfAsync(HttpResponseMessage response)
    {
        var error = await response.ErrorAsync();
        return (error.GetProperty("code").GetString()!, error.GetProperty("param").GetString(), (int)response.StatusCode);
    }
}
