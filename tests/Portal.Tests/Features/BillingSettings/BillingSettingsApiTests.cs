using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Vinr.Portal.Tests.Features.TestClocks;
using Vinr.Portal.Tests.Support;

namespace Vinr.Portal.Tests.Features.BillingSettings;

/// <summary><c>/v1/billing/settings</c>: the merchant's dunning schedule, defaults from <c>Billing:Dunning</c>.</summary>
public sealed class BillingSettingsApiTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    private const string Endpoint = "/v1/billing/settings";

    private static async Task<JsonElement> DunningAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("dunning");
    }

    private static int[] Days(JsonElement dunning) => [.. dunning.GetProperty("retry_days").EnumerateArray().Select(d => d.GetInt32())];

    [Fact]
    public async Task A_new_merchant_follows_the_defaults()
    {
        var merchant = await TestData.AddMerchantAsync(factory, livemode: false);
        using var client = factory.CreateApiClient(merchant.Key);

        var dunning = await DunningAsync(await client.GetAsync(Endpoint));

        Assert.Equal([1, 3, 5, 7], Days(dunning));
        Assert.Equal(("cancel", true), (dunning.GetProperty("final_action").GetString(), dunning.GetProperty("default").GetBoolean()));
    }

    [Fact]
    public async Task A_merchant_sets_its_schedule_by_form_or_json_and_returns_to_the_defaults()
    {
        var merchant = await TestData.AddMerchantAsync(factory, livemode: false);
        using var client = factory.CreateApiClient(merchant.Key);

        var form = await DunningAsync(await client.PostFormAsync(Endpoint, ("dunning[retry_days][0]", "2"), ("dunning[retry_days][1]", "10"), ("dunning[final_action]", "mark_unpaid")));
        Assert.Equal([2, 10], Days(form));
        Assert.Equal(("mark_unpaid", false), (form.GetProperty("final_action").GetString(), form.GetProperty("default").GetBoolean()));

        var json = await DunningAsync(await client.PostAsync(Endpoint, JsonContent.Create(new { dunning = new { retry_days = new[] { 4 } } })));
        Assert.Equal([4], Days(json));
        Assert.Equal("mark_unpaid", json.GetProperty("final_action").GetString());

        var none = await DunningAsync(await client.PostFormAsync(Endpoint, ("dunning[retry_days]", "")));
        Assert.Empty(Days(none));

        var reset = await DunningAsync(await client.PostFormAsync(Endpoint, ("dunning", "")));
        Assert.Equal([1, 3, 5, 7], Days(reset));
        Assert.True(reset.GetProperty("default").GetBoolean());
    }

    [Theory]
    [InlineData("dunning[retry_days][]=3&dunning[retry_days][]=1", "dunning[retry_days]")]
    [InlineData("dunning[retry_days][]=0", "dunning[retry_days][0]")]
    [InlineData("dunning[retry_days][]=61", "dunning[retry_days][0]")]
    [InlineData("dunning[retry_days][]=x", "dunning[retry_days][0]")]
    [InlineData("dunning[retry_days]=3", "dunning[retry_days]")]
    [InlineData("dunning[final_action]=delete", "dunning[final_action]")]
    [InlineData("dunning[smart]=true", "dunning[smart]")]
    [InlineData("color=red", "color")]
    public async Task Bad_settings_are_refused_naming_the_param(string body, string param)
    {
        var merchant = await TestData.AddMerchantAsync(factory, livemode: false);
        using var client = factory.CreateApiClient(merchant.Key);

        var response = await client.PostAsync(Endpoint, new StringContent(body, Encoding.UTF8, "application/x-www-form-urlencoded"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(param, (await response.ErrorAsync()).GetProperty("param").GetString());
        Assert.True((await DunningAsync(await client.GetAsync(Endpoint))).GetProperty("default").GetBoolean());
    }

    [Fact]
    public async Task One_merchants_settings_do_not_touch_anothers()
    {
        var a = await TestData.AddMerchantAsync(factory, livemode: false);
        var b = await TestData.AddMerchantAsync(factory, livemode: false);
        using var clientA = factory.CreateApiClient(a.Key);
        using var clientB = factory.CreateApiClient(b.Key);

        await DunningAsync(await clientA.PostFormAsync(Endpoint, ("dunning[final_action]", "past_due")));

        Assert.Equal("cancel", (await DunningAsync(await clientB.GetAsync(Endpoint))).GetProperty("final_action").GetString());
    }
}
