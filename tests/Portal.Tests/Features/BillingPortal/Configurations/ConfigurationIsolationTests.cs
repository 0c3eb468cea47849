using System.Net;
using Vinr.Portal.Tests.Support;
using static Vinr.Portal.Tests.Features.BillingPortal.Configurations.ConfigurationApi;

namespace Vinr.Portal.Tests.Features.BillingPortal.Configurations;

/// <summary>Another merchant's configurations and prices, and the other mode's, read exactly like missing ones.</summary>
public sealed class ConfigurationIsolationTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    private const string Products = "features[subscription_update][products]";
    private const string Missing = "bpc_DoesNotExist000000000000";

    private static async Task AssertMissingAsync(HttpResponseMessage response, string param, string id, string missingMessage)
    {
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var error = await response.ErrorAsync();
        Assert.Equal("invalid_request_error", error.GetProperty("type").GetString());
        Assert.Equal("resource_missing", error.GetProperty("code").GetString());
        Assert.Equal(param, error.GetProperty("param").GetString());
        Assert.Equal(missingMessage, error.GetProperty("message").GetString()!.Replace(id, "ID", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Another_merchants_configuration_is_a_404_everywhere()
    {
        var other = await TestData.AddMerchantAsync(factory, livemode: false);
        using var otherApi = factory.CreateApiClient(other.Key);
        var theirs = await CreateAsync(otherApi, Form(("name", "Theirs")));
        using var api = factory.CreateApiClient();

        var missing = await api.GetAsync($"{Endpoint}/{Missing}");
        var missingMessage = (await missing.ErrorAsync()).GetProperty("message").GetString()!.Replace(Missing, "ID", StringComparison.Ordinal);

        await AssertMissingAsync(await api.GetAsync($"{Endpoint}/{theirs.Id()}"), "id", theirs.Id(), missingMessage);
        await AssertMissingAsync(await api.PostAsync($"{Endpoint}/{theirs.Id()}", Form(("name", "Mine now"))), "id", theirs.Id(), missingMessage);
        await AssertMissingAsync(await api.PostAsync($"{Endpoint}/{theirs.Id()}", Form(("is_default", "true"))), "id", theirs.Id(), missingMessage);
        Assert.DoesNotContain(theirs.Id(), (await ListAsync(api, "?limit=100")).DataIds());
        Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync($"{Endpoint}?starting_after={theirs.Id()}")).StatusCode);
        Assert.Equal("Theirs", (await GetAsync(otherApi, theirs.Id())).GetProperty("name").GetString());
        Assert.False((await GetAsync(otherApi, theirs.Id())).GetProperty("is_default").GetBoolean());
    }

    [Fact]
    public async Task The_other_modes_configurations_are_not_seen()
    {
        var live = await TestData.AddMerchantAsync(factory, livemode: true, merchantId: PortalFactory.DemoMerchant);
        using var liveApi = factory.CreateApiClient(live.Key);
        using var testApi = factory.CreateApiClient();
        var liveIds = (await ListAsync(liveApi)).DataIds();
        var testIds = (await ListAsync(testApi, "?limit=100")).DataIds();

        Assert.Empty(liveIds.Intersect(testIds));
        Assert.Equal(HttpStatusCode.NotFound, (await testApi.GetAsync($"{Endpoint}/{liveIds[0]}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await liveApi.GetAsync($"{Endpoint}/{testIds[0]}")).StatusCode);
        Assert.True((await GetAsync(liveApi, liveIds[0])).GetProperty("livemode").GetBoolean());
        Assert.Single((await ListAsync(testApi, "?is_default=true")).DataIds());
    }

    [Fact]
    public async Task Another_merchants_product_and_price_cannot_be_offered()
    {
        var other = await TestData.AddMerchantAsync(factory, livemode: false);
        await EnsurePriceAsync(factory, "Rival monthly", "Rival", merchantId: other.MerchantId);
        var rival = await CatalogAsync(factory, other.MerchantId);
        var mine = await CatalogAsync(factory);
        using var api = factory.CreateApiClient();

        var theirProduct = await api.PostAsync(Endpoint, Form(
            $"{Products}[0][product]={rival["Rival"]}&{Products}[0][prices][0]={rival["Rival monthly"]}"));
        var theirPrice = await api.PostAsync(Endpoint, Form(
            $"{Products}[0][product]={mine["Pro"]}&{Products}[0][prices][0]={mine["Pro monthly"]}&{Products}[0][prices][1]={rival["Rival monthly"]}"));

        await AssertMissingAsync(theirProduct, $"{Products}[0][product]", rival["Rival"], "No such product: 'ID'.");
        await AssertMissingAsync(theirPrice, $"{Products}[0][prices][1]", rival["Rival monthly"], "No such price: 'ID'.");
    }

    [Fact]
    public async Task Test_mode_prices_cannot_be_offered_in_live_mode()
    {
        var live = await TestData.AddMerchantAsync(factory, livemode: true, merchantId: PortalFactory.DemoMerchant);
        var test = await CatalogAsync(factory);
        using var liveApi = factory.CreateApiClient(live.Key);

        var response = await liveApi.PostAsync(Endpoint, Form($"{Products}[0][product]={test["Pro"]}&{Products}[0][prices][0]={test["Pro monthly"]}"));

        await AssertMissingAsync(response, $"{Products}[0][product]", test["Pro"], "No such product: 'ID'.");
    }

    [Fact]
    public async Task Making_a_configuration_the_default_leaves_other_merchants_and_modes_alone()
    {
        var other = await TestData.AddMerchantAsync(factory, livemode: false);
        var live = await TestData.AddMerchantAsync(factory, livemode: true, merchantId: PortalFactory.DemoMerchant);
        using var otherApi = factory.CreateApiClient(other.Key);
        using var liveApi = factory.CreateApiClient(live.Key);
        var otherDefault = (await ListAsync(otherApi, "?is_default=true")).DataIds();
        var liveDefault = (await ListAsync(liveApi, "?is_default=true")).DataIds();
        using var api = factory.CreateApiClient();
        var testDefault = (await ListAsync(api, "?is_default=true")).DataIds();

        var mine = await CreateAsync(api, Form(("is_default", "true")));

        Assert.Equal(otherDefault, (await ListAsync(otherApi, "?is_default=true")).DataIds());
        Assert.Equal(liveDefault, (await ListAsync(liveApi, "?is_default=true")).DataIds());
        Assert.Equal([mine.Id()], (await ListAsync(api, "?is_default=true")).DataIds());
        await UpdateAsync(api, testDefault[0], Form(("is_default", "true"))); // the demo default back, for the rest of the class
    }
}
