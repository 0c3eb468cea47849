using System.Net;
using System.Text.Json;
using Vinr.Portal.Tests.Support;
using static Vinr.Portal.Tests.Features.BillingPortal.Configurations.ConfigurationApi;

namespace Vinr.Portal.Tests.Features.BillingPortal.Configurations;

/// <summary>Each test lists a merchant of its own: its default, then what the test creates, a second apart.</summary>
public sealed class ListConfigurationsTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    /// <summary>A new merchant with <paramref name="more"/> configurations after its default; ids newest first.</summary>
    private async Task<(HttpClient Api, List<string> NewestFirst)> MerchantAsync(int more)
    {
        var kit = await TestData.AddMerchantAsync(factory, livemode: false);
        var api = factory.CreateApiClient(kit.Key);
        var ids = new List<string> { (await ListAsync(api)).DataIds().Single() };
        for (var i = 0; i < more; i++)
        {
            factory.Time.Advance(TimeSpan.FromSeconds(1));
            ids.Add((await CreateAsync(api, Form(("name", $"Configuration {i + 1}")))).Id());
        }
        ids.Reverse();
        return (api, ids);
    }

    [Fact]
    public async Task The_list_is_newest_first_in_the_list_shape()
    {
        var (api, ids) = await MerchantAsync(more: 2);

        var list = await ListAsync(api);

        Assert.Equal("list", list.GetProperty("object").GetString());
        Assert.Equal("/v1/billing-portal/configurations", list.GetProperty("url").GetString());
        Assert.Equal(ids, list.DataIds());
        Assert.False(list.GetProperty("has_more").GetBoolean());
        Assert.Equal("billing_portal.configuration", list.GetProperty("data")[0].GetProperty("object").GetString());
    }

    [Fact]
    public async Task A_filter_that_matches_nothing_is_an_empty_list()
    {
        var (api, _) = await MerchantAsync(more: 0);

        var list = await ListAsync(api, "?active=false");

        Assert.Equal(0, list.GetProperty("data").GetArrayLength());
        Assert.False(list.GetProperty("has_more").GetBoolean());
    }

    [Fact]
    public async Task Exactly_one_page_has_no_more()
    {
        var (api, ids) = await MerchantAsync(more: 2);

        var list = await ListAsync(api, "?limit=3");

        Assert.Equal(ids, list.DataIds());
        Assert.False(list.GetProperty("has_more").GetBoolean());
    }

    [Fact]
    public async Task Pages_follow_each_other_with_starting_after()
    {
        var (api, ids) = await MerchantAsync(more: 4);

        var first = await ListAsync(api, "?limit=2");
        var second = await ListAsync(api, $"?limit=2&starting_after={first.DataIds()[^1]}");
        var last = await ListAsync(api, $"?limit=2&starting_after={second.DataIds()[^1]}");

        Assert.Equal(ids[..2], first.DataIds());
        Assert.True(first.GetProperty("has_more").GetBoolean());
        Assert.Equal(ids[2..4], second.DataIds());
        Assert.True(second.GetProperty("has_more").GetBoolean());
        Assert.Equal(ids[4..], last.DataIds());
        Assert.False(last.GetProperty("has_more").GetBoolean());
    }

    [Fact]
    public async Task Ending_before_pages_back_towards_the_newest()
    {
        var (api, ids) = await MerchantAsync(more: 3);

        var beforeOldest = await ListAsync(api, $"?limit=2&ending_before={ids[^1]}");
        var beforeNewerPage = await ListAsync(api, $"?limit=2&ending_before={ids[1]}");
        var beforeNewest = await ListAsync(api, $"?ending_before={ids[0]}");

        Assert.Equal(ids[1..3], beforeOldest.DataIds());
        Assert.True(beforeOldest.GetProperty("has_more").GetBoolean());
        Assert.Equal(ids[..1], beforeNewerPage.DataIds());
        Assert.False(beforeNewerPage.GetProperty("has_more").GetBoolean());
        Assert.Empty(beforeNewest.DataIds());
    }

    [Fact]
    public async Task Active_and_is_default_filter()
    {
        var (api, ids) = await MerchantAsync(more: 3);
        await UpdateAsync(api, ids[0], Form(("active", "false")));
        await UpdateAsync(api, ids[1], Form(("is_default", "true")));

        Assert.Equal(ids[1..], (await ListAsync(api, "?active=true")).DataIds());
        Assert.Equal(ids[..1], (await ListAsync(api, "?active=false")).DataIds());
        Assert.Equal([ids[1]], (await ListAsync(api, "?is_default=true")).DataIds());
        Assert.Equal([ids[2], ids[3]], (await ListAsync(api, "?is_default=false&active=true")).DataIds());
        Assert.Equal([ids[3]], (await ListAsync(api, $"?is_default=false&active=true&starting_after={ids[2]}")).DataIds());
    }

    public static TheoryData<string, string> BadQueries => new()
    {
        { "?limit=0", "limit" },
        { "?limit=101", "limit" },
        { "?limit=ten", "limit" },
        { "?active=maybe", "active" },
        { "?is_default=1", "is_default" },
        { "?starting_after=a&ending_before=b", "ending_before" },
        { "?starting_after=bpc_DoesNotExist000000000000", "starting_after" },
        { "?customer=cust_8aZ2", "customer" },
    };

    [Theory]
    [MemberData(nameof(BadQueries))]
    public async Task A_bad_query_names_its_parameter(string query, string param)
    {
        using var api = factory.CreateApiClient();

        var response = await api.GetAsync(Endpoint + query);

        Assert.True(response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.NotFound, $"{query}: {response.StatusCode}");
        Assert.Equal(param, (await response.ErrorAsync()).GetProperty("param").GetString());
    }

    [Fact]
    public async Task A_hundred_is_the_largest_page()
    {
        var (api, ids) = await MerchantAsync(more: 1);

        var list = await ListAsync(api, "?limit=100");

        Assert.Equal(ids, list.DataIds());
        Assert.Equal(JsonValueKind.Array, list.GetProperty("data").ValueKind);
    }
}
