using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Vinr.Portal.Api.Features.TestClocks;
using Vinr.Portal.Api.Infrastructure;
using Vinr.Portal.Api.Infrastructure.Data;
using Vinr.Portal.Tests.Support;

namespace Vinr.Portal.Tests.Features.TestClocks;

/// <summary><c>/v1/test_helpers/test_clocks</c>: Stripe's shape, validation with the exact param, test mode only, one merchant's clocks.</summary>
public sealed class TestClockApiTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    private const string Endpoint = "/v1/test_helpers/test_clocks";
    private static readonly DateTimeOffset Start = new(2031, 5, 1, 0, 0, 0, TimeSpan.Zero);

    private static async Task<JsonElement> CreateAsync(HttpClient client, DateTimeOffset? at = null, string? name = null)
    {
        var form = new List<(string, string)> { ("frozen_time", (at ?? Start).ToUnixTimeSeconds().ToString()) };
        if (name is not null)
        {
            form.Add(("name", name));
        }
        var response = await client.PostFormAsync(Endpoint, [.. form]);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static async Task<JsonElement> AssertErrorAsync(HttpResponseMessage response, HttpStatusCode status, string code, string? param)
    {
        Assert.Equal(status, response.StatusCode);
        var error = await response.ErrorAsync();
        Assert.Equal((code, param), (error.GetProperty("code").GetString(), error.TryGetProperty("param", out var p) && p.ValueKind == JsonValueKind.String ? p.GetString() : null));
        return error;
    }

    [Fact]
    public async Task Create_answers_stripes_shape_and_retrieve_reads_it_back()
    {
        using var client = factory.CreateApiClient();

        var clock = await CreateAsync(client, name: "Month one");

        Assert.StartsWith("clock_", clock.GetProperty("id").GetString());
        Assert.Equal("test_helpers.test_clock", clock.GetProperty("object").GetString());
        Assert.Equal(Start.ToUnixTimeSeconds(), clock.GetProperty("frozen_time").GetInt64());
        Assert.Equal(("Month one", "ready", false), (clock.GetProperty("name").GetString(), clock.GetProperty("status").GetString(), clock.GetProperty("livemode").GetBoolean()));
        Assert.Equal(factory.Time.GetUtcNow().AddDays(30).ToUnixTimeSeconds(), clock.GetProperty("deletes_after").GetInt64());
        var read = await client.GetFromJsonAsync<JsonElement>($"{Endpoint}/{clock.GetProperty("id").GetString()}");
        Assert.Equal(clock.ToString(), read.ToString());
    }

    [Theory]
    [InlineData("name=x", "parameter_missing", "frozen_time")]
    [InlineData("frozen_time=soon", "parameter_invalid", "frozen_time")]
    [InlineData("frozen_time=12", "parameter_invalid", "frozen_time")]
    [InlineData("frozen_time=1900000000&colour=blue", "parameter_unknown", "colour")]
    [InlineData("frozen_time=", "parameter_invalid", "frozen_time")]
    public async Task Create_refuses_bad_input_naming_the_param(string body, string code, string param)
    {
        using var client = factory.CreateApiClient();

        var response = await client.PostAsync(Endpoint, new StringContent(body, System.Text.Encoding.UTF8, "application/x-www-form-urlencoded"));

        await AssertErrorAsync(response, HttpStatusCode.BadRequest, code, param);
    }

    [Fact]
    public async Task Advance_moves_forward_only_and_not_too_far_at_once()
    {
        using var client = factory.CreateApiClient();
        var id = (await CreateAsync(client)).GetProperty("id").GetString();

        await AssertErrorAsync(await client.PostFormAsync($"{Endpoint}/{id}/advance", ("frozen_time", Start.AddSeconds(-1).ToUnixTimeSeconds().ToString())),
            HttpStatusCode.BadRequest, "parameter_invalid", "frozen_time");
        await AssertErrorAsync(await client.PostFormAsync($"{Endpoint}/{id}/advance", ("frozen_time", Start.ToUnixTimeSeconds().ToString())),
            HttpStatusCode.BadRequest, "parameter_invalid", "frozen_time");
        await AssertErrorAsync(await client.PostFormAsync($"{Endpoint}/{id}/advance", ("frozen_time", Start.AddYears(3).ToUnixTimeSeconds().ToString())),
            HttpStatusCode.BadRequest, "parameter_invalid", "frozen_time");
        await AssertErrorAsync(await client.PostFormAsync($"{Endpoint}/{id}/advance"), HttpStatusCode.BadRequest, "parameter_missing", "frozen_time");

        var moved = await (await client.PostFormAsync($"{Endpoint}/{id}/advance", ("frozen_time", Start.AddDays(3).ToUnixTimeSeconds().ToString())))
            .Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((Start.AddDays(3).ToUnixTimeSeconds(), "ready"), (moved.GetProperty("frozen_time").GetInt64(), moved.GetProperty("status").GetString()));
    }

    [Fact]
    public async Task An_advancing_clock_refuses_a_second_advance()
    {
        using var client = factory.CreateApiClient();
        var id = (await CreateAsync(client)).GetProperty("id").GetString()!;
        await factory.WithDbAsync(db => db.TestClocks.Where(c => c.Id == id).ExecuteUpdateAsync(c => c.SetProperty(x => x.Status, TestClockStatus.Advancing)));

        var response = await client.PostFormAsync($"{Endpoint}/{id}/advance", ("frozen_time", Start.AddDays(1).ToUnixTimeSeconds().ToString()));

        await AssertErrorAsync(response, HttpStatusCode.BadRequest, "action_not_allowed", null);
    }

    [Fact]
    public async Task A_clock_whose_advance_failed_can_be_advanced_again()
    {
        using var client = factory.CreateApiClient();
        var id = (await CreateAsync(client)).GetProperty("id").GetString()!;
        await factory.WithDbAsync(db => db.TestClocks.Where(c => c.Id == id).ExecuteUpdateAsync(c => c.SetProperty(x => x.Status, TestClockStatus.InternalFailure)));

        var response = await client.PostFormAsync($"{Endpoint}/{id}/advance", ("frozen_time", Start.AddDays(1).ToUnixTimeSeconds().ToString()));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("ready", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
    }

    [Fact]
    public async Task Delete_answers_deleted_and_the_clock_is_gone()
    {
        using var client = factory.CreateApiClient();
        var id = (await CreateAsync(client)).GetProperty("id").GetString();

        var deleted = await (await client.DeleteAsync($"{Endpoint}/{id}")).Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal((id, "test_helpers.test_clock", true), (deleted.GetProperty("id").GetString(), deleted.GetProperty("object").GetString(), deleted.GetProperty("deleted").GetBoolean()));
        await AssertErrorAsync(await client.GetAsync($"{Endpoint}/{id}"), HttpStatusCode.NotFound, "resource_missing", "id");
        await AssertErrorAsync(await client.DeleteAsync($"{Endpoint}/{id}"), HttpStatusCode.NotFound, "resource_missing", "id");
    }

    [Fact]
    public async Task List_pages_newest_first_with_cursors()
    {
        var merchant = await TestData.AddMerchantAsync(factory, livemode: false);
        using var client = factory.CreateApiClient(merchant.Key);
        var empty = await client.GetFromJsonAsync<JsonElement>(Endpoint);
        Assert.Equal((0, false), (empty.GetProperty("data").GetArrayLength(), empty.GetProperty("has_more").GetBoolean()));
        var ids = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            ids.Add((await CreateAsync(client, name: $"c{i}")).GetProperty("id").GetString()!);
            factory.Time.Advance(TimeSpan.FromSeconds(1));
        }

        var first = await client.GetFromJsonAsync<JsonElement>($"{Endpoint}?limit=2");
        var next = await client.GetFromJsonAsync<JsonElement>($"{Endpoint}?limit=2&starting_after={ids[1]}");
        var before = await client.GetFromJsonAsync<JsonElement>($"{Endpoint}?limit=2&ending_before={ids[0]}");
        var exact = await client.GetFromJsonAsync<JsonElement>($"{Endpoint}?limit=3");

        Assert.Equal([ids[2], ids[1]], Ids(first));
        Assert.True(first.GetProperty("has_more").GetBoolean());
        Assert.Equal([ids[0]], Ids(next));
        Assert.False(next.GetProperty("has_more").GetBoolean());
        Assert.Equal([ids[2], ids[1]], Ids(before));
        Assert.Equal(3, exact.GetProperty("data").GetArrayLength());
        Assert.False(exact.GetProperty("has_more").GetBoolean());
        await AssertErrorAsync(await client.GetAsync($"{Endpoint}?limit=0"), HttpStatusCode.BadRequest, "parameter_invalid", "limit");
    }

    [Fact]
    public async Task A_live_key_is_refused_everywhere()
    {
        var live = await TestData.AddMerchantAsync(factory, livemode: true);
        using var client = factory.CreateApiClient(live.Key);

        foreach (var response in new[]
        {
            await client.PostFormAsync(Endpoint, ("frozen_time", Start.ToUnixTimeSeconds().ToString())),
            await client.GetAsync(Endpoint),
            await client.GetAsync($"{Endpoint}/clock_x"),
            await client.DeleteAsync($"{Endpoint}/clock_x"),
            await client.PostFormAsync($"{Endpoint}/clock_x/advance", ("frozen_time", Start.ToUnixTimeSeconds().ToString())),
        })
        {
            var error = await AssertErrorAsync(response, HttpStatusCode.BadRequest, "action_not_allowed", null);
            Assert.Contains("test mode", error.GetProperty("message").GetString());
        }
        Assert.False(await factory.WithDbAsync(db => db.TestClocks.AnyAsync(c => c.MerchantId == live.MerchantId)));
    }

    [Fact]
    public async Task Another_merchants_clock_reads_as_missing_and_cannot_be_moved_or_deleted()
    {
        using var demo = factory.CreateApiClient();
        var id = (await CreateAsync(demo)).GetProperty("id").GetString();
        var other = await TestData.AddMerchantAsync(factory, livemode: false);
        using var client = factory.CreateApiClient(other.Key);

        await AssertErrorAsync(await client.GetAsync($"{Endpoint}/{id}"), HttpStatusCode.NotFound, "resource_missing", "id");
        await AssertErrorAsync(await client.PostFormAsync($"{Endpoint}/{id}/advance", ("frozen_time", Start.AddDays(1).ToUnixTimeSeconds().ToString())),
            HttpStatusCode.NotFound, "resource_missing", "id");
        await AssertErrorAsync(await client.DeleteAsync($"{Endpoint}/{id}"), HttpStatusCode.NotFound, "resource_missing", "id");
        Assert.DoesNotContain(id, Ids(await client.GetFromJsonAsync<JsonElement>($"{Endpoint}?limit=100")));
        Assert.Equal(Start.ToUnixTimeSeconds(), (await demo.GetFromJsonAsync<JsonElement>($"{Endpoint}/{id}")).GetProperty("frozen_time").GetInt64());
    }

    [Fact]
    public async Task A_customer_may_join_only_its_merchants_clock_in_test_mode()
    {
        using var demo = factory.CreateApiClient();
        var id = (await CreateAsync(demo)).GetProperty("id").GetString()!;
        var other = await TestData.AddMerchantAsync(factory, livemode: false);

        var (own, foreign, live) = await factory.WithDbAsync(async db => (
            await Api.Features.TestClocks.TestClocks.CheckAttachAsync(db, new CustomerScope(PortalFactory.DemoMerchant, false, "c"), id, CancellationToken.None),
            await Api.Features.TestClocks.TestClocks.CheckAttachAsync(db, new CustomerScope(other.MerchantId, false, "c"), id, CancellationToken.None),
            await Api.Features.TestClocks.TestClocks.CheckAttachAsync(db, new CustomerScope(PortalFactory.DemoMerchant, true, "c"), id, CancellationToken.None)));

        Assert.Null(own);
        Assert.Equal((ProblemKind.NotFound, "test_clock"), (foreign!.Kind, foreign.Field));
        Assert.Equal((ProblemKind.Invalid, "test_clock"), (live!.Kind, live.Field));
    }

    private static List<string> Ids(JsonElement list) => [.. list.GetProperty("data").EnumerateArray().Select(c => c.GetProperty("id").GetString()!)];
}
