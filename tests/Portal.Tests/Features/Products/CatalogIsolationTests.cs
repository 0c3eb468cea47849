using System.Net;
using Vinr.Portal.Tests.Support;
using static Vinr.Portal.Tests.Features.BillingPortal.Configurations.ConfigurationApi;
using static Vinr.Portal.Tests.Features.Products.CatalogApi;

namespace Vinr.Portal.Tests.Features.Products;

/// <summary>Another merchant's products and prices, and the other mode's, read exactly like missing ones.</summary>
public sealed class CatalogIsolationTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    private static async Task AssertMissingAsync(HttpResponseMessage response, string param)
    {
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var error = await response.ErrorAsync();
        Assert.Equal(("resource_missing", param), (error.GetProperty("code").GetString(), error.GetProperty("param").GetString()));
    }

    public static TheoryData<bool> OtherMerchantOrOtherMode => new() { false, true };

    [Theory]
    [MemberData(nameof(OtherMerchantOrOtherMode))]
    public async Task Their_products_and_prices_are_missing_everywhere(bool sameMerchantLiveMode)
    {
        var (mine, kit) = await MerchantAsync(factory);
        var other = sameMerchantLiveMode
            ? await TestData.AddMerchantAsync(factory, livemode: true, merchantId: kit.MerchantId)
            : await TestData.AddMerchantAsync(factory, livemode: false);
        using var theirs = factory.CreateApiClient(other.Key);
        var product = (await CreateProductAsync(theirs, "Theirs")).Id();
        var price = (await CreatePriceAsync(theirs, product)).Id();
        var deletable = (await CreateProductAsync(theirs, "Deletable")).Id();

        await AssertMissingAsync(await mine.GetAsync($"/v1/products/{product}"), "id");
        await AssertMissingAsync(await mine.PostAsync($"/v1/products/{product}", Form(("name", "Mine now"))), "id");
        await AssertMissingAsync(await mine.DeleteAsync($"/v1/products/{deletable}"), "id");
        await AssertMissingAsync(await mine.GetAsync($"/v1/prices/{price}"), "id");
        await AssertMissingAsync(await mine.PostAsync($"/v1/prices/{price}", Form(("active", "false"))), "id");
        await AssertMissingAsync(await mine.PostAsync("/v1/prices", Form(("product", product), ("currency", "usd"), ("unit_amount", "100"), ("recurring[interval]", "month"))), "product");
        await AssertMissingAsync(await mine.GetAsync($"/v1/prices?product={product}"), "product");
        await AssertMissingAsync(await mine.GetAsync($"/v1/products?starting_after={product}"), "starting_after");
        await AssertMissingAsync(await mine.GetAsync($"/v1/prices?ending_before={price}"), "ending_before");
        Assert.Empty((await OkAsync(await mine.GetAsync("/v1/products?limit=100"))).DataIds());
        Assert.Empty((await OkAsync(await mine.GetAsync("/v1/prices?limit=100"))).DataIds());

        // Nothing of theirs changed.
        var still = await OkAsync(await theirs.GetAsync($"/v1/products/{product}"));
        Assert.Equal(("Theirs", sameMerchantLiveMode), (still.GetProperty("name").GetString(), still.GetProperty("livemode").GetBoolean()));
        Assert.True((await OkAsync(await theirs.GetAsync($"/v1/prices/{price}"))).GetProperty("active").GetBoolean());
        Assert.Equal(HttpStatusCode.OK, (await theirs.GetAsync($"/v1/products/{deletable}")).StatusCode);
        Assert.Equal([price], (await OkAsync(await theirs.GetAsync("/v1/prices"))).DataIds());
    }
}
