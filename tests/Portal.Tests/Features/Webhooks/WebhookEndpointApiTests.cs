using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Vinr.Portal.Tests.Support;
using static Vinr.Portal.Tests.Features.Webhooks.WebhookApi;

namespace Vinr.Portal.Tests.Features.Webhooks;

public sealed class WebhookEndpointApiTests(WebhookFactory factory) : IClassFixture<WebhookFactory>
{
    [Fact]
    public async Task Create_returns_the_secret_once_and_retrieve_update_delete_work()
    {
        using var api = factory.CreateApiClient();
        var created = await OkAsync(await api.PostAsync(Endpoints, Form(
            ("url", "https://hooks.example.com/vinr"), ("enabled_events[]", "invoice.paid"), ("enabled_events[]", "customer.updated"),
            ("description", "Billing sync"), ("metadata[team]", "billing"))));

        Assert.StartsWith("we_", created.Id());
        Assert.Equal("webhook_endpoint", created.GetProperty("object").GetString());
        Assert.Matches("^whsec_[0-9A-Za-z]{32}$", created.GetProperty("secret").GetString());
        Assert.Equal(["invoice.paid", "customer.updated"], created.GetProperty("enabled_events").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("enabled", created.GetProperty("status").GetString());
        Assert.False(created.GetProperty("livemode").GetBoolean());
        Assert.False(created.GetProperty("failing").GetBoolean());
        Assert.Equal("billing", created.GetProperty("metadata").GetProperty("team").GetString());

        var read = await OkAsync(await api.GetAsync($"{Endpoints}/{created.Id()}"));
        Assert.False(read.TryGetProperty("secret", out _));
        Assert.Equal("Billing sync", read.GetProperty("description").GetString());

        var updated = await OkAsync(await api.PostAsync($"{Endpoints}/{created.Id()}", Form(
            ("url", "https://hooks.example.com/v2"), ("enabled_events[]", "*"), ("disabled", "true"), ("description", ""), ("metadata[team]", ""), ("metadata[env]", "prod"))));
        Assert.Equal("https://hooks.example.com/v2", updated.GetProperty("url").GetString());
        Assert.Equal(["*"], updated.GetProperty("enabled_events").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("disabled", updated.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, updated.GetProperty("description").ValueKind);
        Assert.False(updated.GetProperty("metadata").TryGetProperty("team", out _));
        Assert.Equal("prod", updated.GetProperty("metadata").GetProperty("env").GetString());
        Assert.False(updated.TryGetProperty("secret", out _));

        var json = await OkAsync(await api.PostAsync($"{Endpoints}/{created.Id()}", new StringContent("""{"disabled": false}""", Encoding.UTF8, "application/json")));
        Assert.Equal("enabled", json.GetProperty("status").GetString());

        var deleted = await OkAsync(await api.DeleteAsync($"{Endpoints}/{created.Id()}"));
        Assert.True(deleted.GetProperty("deleted").GetBoolean());
        await AssertErrorAsync(await api.GetAsync($"{Endpoints}/{created.Id()}"), 404, "resource_missing", "id");
        await AssertErrorAsync(await api.DeleteAsync($"{Endpoints}/{created.Id()}"), 404, "resource_missing", "id");
        await AssertErrorAsync(await api.PostAsync($"{Endpoints}/{created.Id()}", Form(("disabled", "true"))), 404, "resource_missing", "id");
    }

    [Fact]
    public async Task Bad_input_gets_the_error_shape_with_its_param()
    {
        using var api = factory.CreateApiClient();
        await AssertErrorAsync(await api.PostAsync(Endpoints, Form(("enabled_events[]", "*"))), 400, "parameter_missing", "url");
        await AssertErrorAsync(await api.PostAsync(Endpoints, Form(("url", "https://a.example.com"))), 400, "parameter_missing", "enabled_events");
        await AssertErrorAsync(await api.PostAsync(Endpoints, Form(("url", "ftp://a.example.com"), ("enabled_events[]", "*"))), 400, "url_invalid", "url");
        await AssertErrorAsync(await api.PostAsync(Endpoints, Form(("url", "not a url"), ("enabled_events[]", "*"))), 400, "url_invalid", "url");
        await AssertErrorAsync(await api.PostAsync(Endpoints, Form(("url", "https://u:p@a.example.com"), ("enabled_events[]", "*"))), 400, "url_invalid", "url");
        await AssertErrorAsync(await api.PostAsync(Endpoints, Form(("url", "https://a.example.com"), ("enabled_events[]", "invoice.paid"), ("enabled_events[]", "invoice.exploded"))),
            400, "parameter_invalid", "enabled_events[1]");
        await AssertErrorAsync(await api.PostAsync(Endpoints, Form(("url", "https://a.example.com"), ("enabled_events", ""))), 400, "parameter_invalid", "enabled_events");
        await AssertErrorAsync(await api.PostAsync(Endpoints, Form(("url", "https://a.example.com"), ("enabled_events[]", "*"), ("secret", "mine"))), 400, "parameter_unknown", "secret");
        var endpoint = await CreateEndpointAsync(api, "https://a.example.com/hook");
        await AssertErrorAsync(await api.PostAsync($"{Endpoints}/{endpoint.Id()}", Form(("disabled", "maybe"))), 400, "parameter_invalid", "disabled");
        await AssertErrorAsync(await api.PostAsync($"{Endpoints}/{endpoint.Id()}", Form(("url", "gopher://x"))), 400, "url_invalid", "url");
        await AssertErrorAsync(await api.GetAsync($"{Endpoints}?limit=0"), 400, "parameter_invalid", "limit");
        // Test mode accepts http and a loopback receiver: that is how a merchant develops.
        Assert.Equal("http://127.0.0.1:9/hook", (await CreateEndpointAsync(api, "http://127.0.0.1:9/hook")).GetProperty("url").GetString());
    }

    [Theory]
    [InlineData("http://hooks.example.com/vinr")]
    [InlineData("https://localhost/hook")]
    [InlineData("https://127.0.0.1/hook")]
    [InlineData("https://10.0.0.5/hook")]
    [InlineData("https://169.254.169.254/latest/meta-data")]
    [InlineData("https://100.64.1.1/hook")]
    [InlineData("https://[::1]/hook")]
    [InlineData("https://[::ffff:127.0.0.1]/hook")]
    [InlineData("https://[fd12:3456::1]/hook")]
    [InlineData("https://0.0.0.0/hook")]
    public async Task Live_mode_refuses_plain_http_and_private_addresses(string url)
    {
        var live = await TestData.AddMerchantAsync(factory, livemode: true);
        using var api = factory.CreateApiClient(live.Key);
        await AssertErrorAsync(await api.PostAsync(Endpoints, Form(("url", url), ("enabled_events[]", "*"))), 400, "url_invalid", "url");
        var ok = await CreateEndpointAsync(api, "https://93.184.215.14/hook");
        await AssertErrorAsync(await api.PostAsync($"{Endpoints}/{ok.Id()}", Form(("url", url))), 400, "url_invalid", "url");
        Assert.True(ok.GetProperty("livemode").GetBoolean());
    }

    [Fact]
    public async Task Lists_page_newest_first_with_both_cursors()
    {
        var merchant = await TestData.AddMerchantAsync(factory, livemode: false);
        using var api = factory.CreateApiClient(merchant.Key);
        var empty = await OkAsync(await api.GetAsync(Endpoints));
        Assert.Empty(empty.DataIds());
        Assert.False(empty.GetProperty("has_more").GetBoolean());

        var ids = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            ids.Add((await CreateEndpointAsync(api, $"https://e{i}.example.com/hook")).Id());
            factory.Time.Advance(TimeSpan.FromSeconds(1));
        }
        ids.Reverse();

        var first = await OkAsync(await api.GetAsync($"{Endpoints}?limit=2"));
        Assert.Equal(ids[..2], first.DataIds());
        Assert.True(first.GetProperty("has_more").GetBoolean());
        var last = await OkAsync(await api.GetAsync($"{Endpoints}?limit=2&starting_after={ids[1]}"));
        Assert.Equal(ids[2..], last.DataIds());
        Assert.False(last.GetProperty("has_more").GetBoolean());
        var exact = await OkAsync(await api.GetAsync($"{Endpoints}?limit=4"));
        Assert.Equal(ids, exact.DataIds());
        Assert.False(exact.GetProperty("has_more").GetBoolean());
        var before = await OkAsync(await api.GetAsync($"{Endpoints}?limit=2&ending_before={ids[3]}"));
        Assert.Equal(ids[1..3], before.DataIds());
        Assert.True(before.GetProperty("has_more").GetBoolean());
        Assert.Equal("/v1/webhook_endpoints", first.GetProperty("url").GetString());
    }

    [Fact]
    public async Task Another_merchants_and_the_other_modes_endpoints_are_missing()
    {
        var other = await TestData.AddMerchantAsync(factory, livemode: false);
        var live = await TestData.AddMerchantAsync(factory, livemode: true, merchantId: PortalFactory.DemoMerchant);
        using var otherApi = factory.CreateApiClient(other.Key);
        using var liveApi = factory.CreateApiClient(live.Key);
        using var api = factory.CreateApiClient();
        var theirs = await CreateEndpointAsync(otherApi, "https://other.example.com/hook");
        var mine = await CreateEndpointAsync(api, "https://mine.example.com/hook");

        foreach (var (client, id) in new[] { (api, theirs.Id()), (liveApi, mine.Id()), (otherApi, mine.Id()) })
        {
            await AssertErrorAsync(await client.GetAsync($"{Endpoints}/{id}"), 404, "resource_missing", "id");
            await AssertErrorAsync(await client.PostAsync($"{Endpoints}/{id}", Form(("disabled", "true"))), 404, "resource_missing", "id");
            await AssertErrorAsync(await client.DeleteAsync($"{Endpoints}/{id}"), 404, "resource_missing", "id");
            await AssertErrorAsync(await client.GetAsync($"{Endpoints}/{id}/attempts"), 404, "resource_missing", "id");
            await AssertErrorAsync(await client.GetAsync($"{Endpoints}?starting_after={id}"), 404, "resource_missing", "starting_after");
            Assert.DoesNotContain(id, (await OkAsync(await client.GetAsync($"{Endpoints}?limit=100"))).DataIds());
        }
        Assert.Equal("enabled", (await OkAsync(await otherApi.GetAsync($"{Endpoints}/{theirs.Id()}"))).GetProperty("status").GetString());
    }

    [Fact]
    public async Task The_secret_is_never_stored_nor_logged_in_the_clear()
    {
        using var api = factory.CreateApiClient();
        var created = await CreateEndpointAsync(api, "https://secret.example.com/hook");
        var secret = created.GetProperty("secret").GetString()!;

        var stored = await factory.WithDbAsync(db => db.WebhookEndpoints.Where(e => e.Id == created.Id()).Select(e => e.ProtectedSecret).SingleAsync());
        Assert.DoesNotContain(secret, stored);
        Assert.DoesNotContain(secret[6..], stored);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var file in new[] { factory.DatabasePath, factory.DatabasePath + "-wal" }.Where(File.Exists))
        {
            using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            using var reader = new StreamReader(stream, Encoding.Latin1);
            Assert.DoesNotContain(secret[6..], await reader.ReadToEndAsync());
        }
        Assert.DoesNotContain(factory.Logs.Lines, line => line.Contains(secret[6..], StringComparison.Ordinal));
    }
}

public sealed class WebhookSecretReplayTests(WebhookFactory factory) : IClassFixture<WebhookFactory>
{
    [Fact]
    public async Task An_idempotent_replay_shows_the_secret_again_but_the_stored_response_does_not_hold_it()
    {
        using var api = factory.CreateApiClient();
        api.DefaultRequestHeaders.Add("Idempotency-Key", "create-hook-1");
        var body = new[] { ("url", "https://replay.example.com/hook"), ("enabled_events[]", "*") };
        var first = await OkAsync(await api.PostAsync(Endpoints, Form(body)));
        var replay = await api.PostAsync(Endpoints, Form(body));
        var again = await OkAsync(replay);

        Assert.Equal("true", replay.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal(first.GetProperty("secret").GetString(), again.GetProperty("secret").GetString());
        var stored = await factory.WithDbAsync(db => db.IdempotencyRecords.Where(r => r.Key == "create-hook-1").Select(r => r.ResponseBody).SingleAsync());
        Assert.DoesNotContain(first.GetProperty("secret").GetString()![6..], stored);
    }
}
