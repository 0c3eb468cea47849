using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Vinr.Portal.Api.Features.Products;
using Vinr.Portal.Api.Infrastructure;
using Vinr.Portal.Tests.Support;

namespace Vinr.Portal.Tests.Features.BillingPortal.Configurations;

/// <summary>The merchant's catalog by name: <c>"Pro"</c> is a product id, <c>"Pro monthly"</c> a price id.</summary>
public sealed partial record Catalog(IReadOnlyDictionary<string, string> Ids)
{
    public string this[string name] => Ids.TryGetValue(name, out var id) ? id : throw new KeyNotFoundException($"No product or price named '{name}'.");

    /// <summary>Replaces each <c>{Pro monthly}</c> in a request body with the id it names.</summary>
    public string Fill(string text) => Token().Replace(text, match => this[match.Groups[1].Value]);

    [GeneratedRegex(@"\{([A-Za-z][^{}]*)\}")]
    private static partial Regex Token();
}

/// <summary>Requests and data the configuration tests share.</summary>
public static class ConfigurationApi
{
    public const string Endpoint = "/v1/billing-portal/configurations";

    /// <summary>Demo merchant, test mode: Starter, Pro, Business, each monthly and yearly in USD, plus whatever tests added.</summary>
    public static Task<Catalog> CatalogAsync(PortalFactory factory, string merchantId = PortalFactory.DemoMerchant, bool livemode = false) =>
        factory.WithDbAsync(async db =>
        {
            var prices = await db.Prices.Include(p => p.Product).Where(p => p.MerchantId == merchantId && p.Livemode == livemode).ToListAsync();
            var ids = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var price in prices)
            {
                ids[price.Nickname!] = price.Id;
                ids[price.Product!.Name] = price.ProductId;
            }
            return new Catalog(ids);
        });

    /// <summary>
    /// A price named <paramref name="nickname"/> (made once) under the product named <paramref name="productName"/>
    /// (made if missing, archived when <paramref name="productActive"/> is false).
    /// </summary>
    public static Task EnsurePriceAsync(PortalFactory factory, string nickname, string productName, string currency = "usd", bool active = true,
        bool productActive = true, string merchantId = PortalFactory.DemoMerchant, bool livemode = false) =>
        factory.WithDbAsync(async db =>
        {
            if (await db.Prices.AnyAsync(p => p.MerchantId == merchantId && p.Livemode == livemode && p.Nickname == nickname))
            {
                return;
            }
            var now = factory.Time.GetUtcNow();
            var product = await db.Products.FirstOrDefaultAsync(p => p.MerchantId == merchantId && p.Livemode == livemode && p.Name == productName);
            if (product is null)
            {
                product = new Product { Id = Ids.New("prod"), MerchantId = merchantId, Livemode = livemode, Name = productName, Active = productActive, Created = now };
                db.Products.Add(product);
            }
            db.Prices.Add(new Price
            {
                Id = Ids.New("price"), MerchantId = merchantId, Livemode = livemode, ProductId = product.Id, UnitAmount = 1_000, Currency = currency,
                Interval = BillingInterval.Month, Nickname = nickname, Active = active, Created = now,
            });
            await db.SaveChangesAsync();
        });

    /// <summary><c>"a=1&amp;b[c]=2"</c> as a form, each value encoded, so bodies stay readable in tests.</summary>
    public static FormUrlEncodedContent Form(string body) =>
        new(body.Split('&', StringSplitOptions.RemoveEmptyEntries).Select(pair =>
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            return KeyValuePair.Create(pair[..equals], pair[(equals + 1)..]);
        }));

    public static FormUrlEncodedContent Form(params (string Key, string Value)[] pairs) =>
        new(pairs.Select(p => KeyValuePair.Create(p.Key, p.Value)));

    public static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    public static async Task<JsonElement> CreateAsync(HttpClient api, HttpContent body) => await OkAsync(await api.PostAsync(Endpoint, body));

    public static async Task<JsonElement> UpdateAsync(HttpClient api, string id, HttpContent body) => await OkAsync(await api.PostAsync($"{Endpoint}/{id}", body));

    public static async Task<JsonElement> GetAsync(HttpClient api, string id) => await OkAsync(await api.GetAsync($"{Endpoint}/{id}"));

    public static async Task<JsonElement> ListAsync(HttpClient api, string query = "") => await OkAsync(await api.GetAsync($"{Endpoint}{query}"));

    public static string Id(this JsonElement configuration) => configuration.GetProperty("id").GetString()!;

    public static IReadOnlyList<string> DataIds(this JsonElement list) => [.. list.GetProperty("data").EnumerateArray().Select(c => c.Id())];

    private static async Task<JsonElement> OkAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {body}");
        return body;
    }
}
