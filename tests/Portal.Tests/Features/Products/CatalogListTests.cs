using System.Net;
using System.Text.Json;
using Vinr.Portal.Tests.Support;
using static Vinr.Portal.Tests.Features.BillingPortal.Configurations.ConfigurationApi;
using static Vinr.Portal.Tests.Features.Products.CatalogApi;

namespace Vinr.Portal.Tests.Features.Products;

/// <summary>Each test lists a merchant of its own, whose objects are created a second apart.</summary>
public sealed class CatalogListTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    private static async Task<JsonElement> ListAsync(HttpClient api, string path) => await OkAsync(await api.GetAsync(path));

    /// <summary>A new merchant with <paramref name="count"/> products; ids newest first.</summary>
    private async Task<(HttpClient Api, List<string> NewestFirst)> ProductsAsync(int count)
    {
        var (api, _) = await MerchantAsync(factory);
        var ids = new List<string>();
        for (var i = 0; i < count; i++)
        {
            factory.Time.Advance(TimeSpan.FromSeconds(1));
            ids.Add((await CreateProductAsync(api, $"Product {i}")).Id());
        }
        ids.Reverse();
        return (api, ids);
    }

    [Fact]
    public async Task An_empty_catalog_is_an_empty_list()
    {
        var (api, _) = await ProductsAsync(0);

        foreach (var path in new[] { "/v1/products", "/v1/prices" })
        {
            var list = await ListAsync(api, path);
            Assert.Equal("list", list.GetProperty("object").GetString());
            Assert.Equal(path, list.GetProperty("url").GetString());
            Assert.Empty(list.DataIds());
            Assert.False(list.GetProperty("has_more").GetBoolean());
        }
    }

    [Fact]
    public async Task Exactly_one_page_has_no_more()
    {
        var (api, ids) = await ProductsAsync(3);

        var list = await ListAsync(api, "/v1/products?limit=3");

        Assert.Equal(ids, list.DataIds());
        Assert.False(list.GetProperty("has_more").GetBoolean());
    }

    [Fact]
    public async Task Starting_after_and_ending_before_page_both_ways()
    {
        var (api, ids) = await ProductsAsync(5);

        var first = await ListAsync(api, "/v1/products?limit=2");
        var second = await ListAsync(api, $"/v1/products?limit=2&starting_after={ids[1]}");
        var last = await ListAsync(api, $"/v1/products?limit=2&starting_after={ids[3]}");
        var back = await ListAsync(api, $"/v1/products?limit=2&ending_before={ids[4]}");
        var beforeNewest = await ListAsync(api, $"/v1/products?ending_before={ids[0]}");

        Assert.Equal(ids[..2], first.DataIds());
        Assert.True(first.GetProperty("has_more").GetBoolean());
        Assert.Equal(ids[2..4], second.DataIds());
        Assert.True(second.GetProperty("has_more").GetBoolean());
        Assert.Equal(ids[4..], last.DataIds());
        Assert.False(last.GetProperty("has_more").GetBoolean());
        Assert.Equal(ids[2..4], back.DataIds());
        Assert.True(back.GetProperty("has_more").GetBoolean());
        Assert.Empty(beforeNewest.DataIds());
    }

    [Fact]
    public async Task Products_filter_by_active()
    {
        var (api, ids) = await ProductsAsync(3);
        await OkAsync(await api.PostAsync($"/v1/products/{ids[1]}", Form(("active", "false"))));

        Assert.Equal([ids[0], ids[2]], (await ListAsync(api, "/v1/products?active=true")).DataIds());
        Assert.Equal([ids[1]], (await ListAsync(api, "/v1/products?active=false")).DataIds());
    }

    [Fact]
    public async Task Prices_filter_by_product_active_and_currency_newest_first()
    {
        var (api, products) = await ProductsAsync(2);
        factory.Time.Advance(TimeSpan.FromSeconds(1));
        var usdA = (await CreatePriceAsync(api, products[0], currency: "usd")).Id();
        factory.Time.Advance(TimeSpan.FromSeconds(1));
        var eurA = (await CreatePriceAsync(api, products[0], currency: "eur")).Id();
        factory.Time.Advance(TimeSpan.FromSeconds(1));
        var usdB = (await CreatePriceAsync(api, products[1], currency: "usd")).Id();
        await OkAsync(await api.PostAsync($"/v1/prices/{usdA}", Form(("active", "false"))));

        Assert.Equal([usdB, eurA, usdA], (await ListAsync(api, "/v1/prices")).DataIds());
        Assert.Equal([eurA, usdA], (await ListAsync(api, $"/v1/prices?product={products[0]}")).DataIds());
        Assert.Equal([usdB, usdA], (await ListAsync(api, "/v1/prices?currency=usd")).DataIds());
        Assert.Equal([usdB, eurA], (await ListAsync(api, "/v1/prices?active=true")).DataIds());
        Assert.Equal([usdA], (await ListAsync(api, $"/v1/prices?product={products[0]}&currency=usd&active=false")).DataIds());
        Assert.Equal([eurA], (await ListAsync(api, $"/v1/prices?limit=1&starting_after={usdB}")).DataIds());
    }

    public static TheoryData<string, string, int> BadQueries => new()
    {
        { "/v1/products?limit=0", "limit", 400 },
        { "/v1/products?limit=101", "limit", 400 },
        { "/v1/products?active=maybe", "active", 400 },
        { "/v1/products?starting_after=a&ending_before=b", "ending_before", 400 },
        { "/v1/products?starting_after=prod_DoesNotExist0000000000000", "starting_after", 404 },
        { "/v1/products?ending_before=prod_DoesNotExist0000000000000", "ending_before", 404 },
        { "/v1/products?customer=cust_8aZ2", "customer", 400 },
        { "/v1/prices?currency=usdd", "currency", 400 },
        { "/v1/prices?product=prod_DoesNotExist0000000000000", "product", 404 },
        { "/v1/prices?type=one_time", "type", 400 },
        { "/v1/prices?starting_after=price_DoesNotExist000000000000", "starting_after", 404 },
    };

    [Theory]
    [MemberData(nameof(BadQueries))]
    public async Task A_bad_query_names_its_parameter(string path, string param, int status)
    {
        using var api = factory.CreateApiClient();

        var response = await api.GetAsync(path);

        Assert.Equal((status, param), ((int)response.StatusCode, (await response.ErrorAsync()).GetProperty("param").GetString()));
    }
}
