using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Vinr.Portal.Tests.Support;

namespace Vinr.Portal.Tests.Features.PaymentMethods;

public sealed class PaymentMethodApiTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    private async Task<List<string>> AddCardsAsync(params string[] numbers)
    {
        var (_, browser) = await factory.OpenPortalAsync();
        var ids = new List<string>();
        foreach (var number in numbers)
        {
            var response = await Cards.AddAsync(browser, Cards.Card(number));
            ids.Add((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("payment_method").GetProperty("id").GetString()!);
            factory.Time.Advance(TimeSpan.FromSeconds(1));
        }
        return ids;
    }

    [Fact]
    public async Task Lists_page_newest_first_with_cursors_both_ways()
    {
        var added = await AddCardsAsync("4242424242424242", "5555555555554444", "6011111111111117");
        using var api = factory.CreateApiClient();

        var first = await api.GetFromJsonAsync<JsonElement>("/v1/payment_methods?customer=cust_8aZ2&limit=2");
        var firstIds = first.GetProperty("data").EnumerateArray().Select(p => p.GetProperty("id").GetString()).ToList();
        var next = await api.GetFromJsonAsync<JsonElement>($"/v1/payment_methods?customer=cust_8aZ2&limit=2&starting_after={firstIds[^1]}");
        var back = await api.GetFromJsonAsync<JsonElement>($"/v1/payment_methods?customer=cust_8aZ2&limit=2&ending_before={next.GetProperty("data")[0].GetProperty("id").GetString()}");

        Assert.Equal("list", first.GetProperty("object").GetString());
        Assert.Equal([added[2], added[1]], firstIds);
        Assert.True(first.GetProperty("has_more").GetBoolean());
        Assert.Equal(added[0], next.GetProperty("data")[0].GetProperty("id").GetString());
        Assert.Equal(firstIds, back.GetProperty("data").EnumerateArray().Select(p => p.GetProperty("id").GetString()).ToList());
        var card = first.GetProperty("data")[0].GetProperty("card");
        Assert.Equal("discover", card.GetProperty("brand").GetString());
        Assert.Equal("1117", card.GetProperty("last4").GetString());
        Assert.False(card.TryGetProperty("number", out _));
    }

    [Fact]
    public async Task Another_merchants_customer_and_cards_are_not_found()
    {
        var other = await TestData.AddMerchantAsync(factory, livemode: false);
        var ours = (await AddCardsAsync("4242424242424242"))[0];
        using var theirs = factory.CreateApiClient(other.Key);

        Assert.Equal(HttpStatusCode.NotFound, (await theirs.GetAsync("/v1/payment_methods?customer=cust_8aZ2")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await theirs.GetAsync($"/v1/payment_methods/{ours}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await theirs.PostAsync($"/v1/payment_methods/{ours}/detach", null)).StatusCode);
    }

    [Fact]
    public async Task Detaching_a_spare_card_works_and_the_default_of_a_renewing_subscription_stays()
    {
        var (spare, current) = (await AddCardsAsync("4242424242424242", "5555555555554444")) switch { var ids => (ids[0], ids[1]) };
        using var api = factory.CreateApiClient();

        var detached = await api.PostAsync($"/v1/payment_methods/{spare}/detach", null);
        var refused = await api.PostAsync($"/v1/payment_methods/{current}/detach", null);

        Assert.Equal(HttpStatusCode.OK, detached.StatusCode);
        Assert.Equal(JsonValueKind.Null, (await detached.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("customer").ValueKind);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal("payment_method_in_use", (await refused.ErrorAsync()).GetProperty("code").GetString());
        var detachedEvent = await factory.WithDbAsync(db => db.Events.SingleAsync(e => e.Type == "payment_method.detached" && e.Data.Contains(spare)));
        Assert.Equal("api", detachedEvent.Source);
    }

    [Fact]
    public async Task Bad_list_parameters_are_named()
    {
        using var api = factory.CreateApiClient();

        var noCustomer = await api.GetAsync("/v1/payment_methods");
        var badLimit = await api.GetAsync("/v1/payment_methods?customer=cust_8aZ2&limit=500");
        var badCursor = await api.GetAsync("/v1/payment_methods?customer=cust_8aZ2&starting_after=pm_nope");

        Assert.Equal("customer", (await noCustomer.ErrorAsync()).GetProperty("param").GetString());
        Assert.Equal("limit", (await badLimit.ErrorAsync()).GetProperty("param").GetString());
        Assert.Equal(HttpStatusCode.NotFound, badCursor.StatusCode);
    }
}
