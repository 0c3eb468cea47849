using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Vinr.Portal.Api.Features.BillingPortal.Configurations;
using Vinr.Portal.Api.Features.Merchants;
using Vinr.Portal.Api.Infrastructure;
using Vinr.Portal.Tests.Support;
using static Vinr.Portal.Tests.Features.BillingPortal.Configurations.ConfigurationApi;

namespace Vinr.Portal.Tests.Features.BillingPortal.Configurations;

/// <summary>One default per merchant and mode, always: each test works on a merchant of its own.</summary>
public sealed class DefaultConfigurationTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    private async Task<(TestData.MerchantKit Kit, HttpClient Api, string DefaultId)> MerchantAsync()
    {
        var kit = await TestData.AddMerchantAsync(factory, livemode: false);
        var api = factory.CreateApiClient(kit.Key);
        return (kit, api, (await ListAsync(api, "?is_default=true")).DataIds().Single());
    }

    private Task<List<string>> DefaultsInDatabaseAsync(string merchantId, bool livemode = false) =>
        factory.WithDbAsync(db => db.PortalConfigurations.Where(c => c.MerchantId == merchantId && c.Livemode == livemode && c.IsDefault).Select(c => c.Id).ToListAsync());

    private static async Task AssertRefusedAsync(HttpResponseMessage response, string param, string hint)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = await response.ErrorAsync();
        Assert.Equal("invalid_request_error", error.GetProperty("type").GetString());
        Assert.Equal("action_not_allowed", error.GetProperty("code").GetString());
        Assert.Equal(param, error.GetProperty("param").GetString());
        Assert.Contains(hint, error.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Creating_with_is_default_takes_over_and_clears_the_old_default()
    {
        var (kit, api, oldId) = await MerchantAsync();

        var created = await CreateAsync(api, Form(("is_default", "true")));

        Assert.True(created.GetProperty("is_default").GetBoolean());
        Assert.False((await GetAsync(api, oldId)).GetProperty("is_default").GetBoolean());
        Assert.Equal([created.Id()], await DefaultsInDatabaseAsync(kit.MerchantId));
    }

    [Fact]
    public async Task Updating_with_is_default_takes_over_and_the_old_default_records_its_change()
    {
        var (kit, api, oldId) = await MerchantAsync();
        var other = await CreateAsync(api, Form(("name", "Next")));
        factory.Time.Advance(TimeSpan.FromMinutes(1));

        var promoted = await UpdateAsync(api, other.Id(), Form(("is_default", "true")));

        var old = await GetAsync(api, oldId);
        Assert.True(promoted.GetProperty("is_default").GetBoolean());
        Assert.False(old.GetProperty("is_default").GetBoolean());
        Assert.Equal(factory.Time.GetUtcNow().ToUnixTimeSeconds(), old.GetProperty("updated").GetInt64());
        Assert.Equal([other.Id()], await DefaultsInDatabaseAsync(kit.MerchantId));
        var oldEvent = await factory.WithDbAsync(db => db.Events.Where(e => e.MerchantId == kit.MerchantId && e.Type == "billing_portal.configuration.updated" && e.Data.Contains(oldId))
            .Select(e => e.Data).SingleAsync());
        Assert.False(JsonSerializer.Deserialize<JsonElement>(oldEvent).GetProperty("is_default").GetBoolean());
    }

    [Fact]
    public async Task Making_the_default_the_default_again_changes_nothing_else()
    {
        var (kit, api, defaultId) = await MerchantAsync();

        var again = await UpdateAsync(api, defaultId, Form(("is_default", "true")));

        Assert.True(again.GetProperty("is_default").GetBoolean());
        Assert.Equal([defaultId], await DefaultsInDatabaseAsync(kit.MerchantId));
    }

    [Fact]
    public async Task The_default_cannot_be_archived()
    {
        var (_, api, defaultId) = await MerchantAsync();

        var response = await api.PostAsync($"{Endpoint}/{defaultId}", Form(("active", "false")));

        await AssertRefusedAsync(response, "active", "Make another configuration the default first");
        Assert.True((await GetAsync(api, defaultId)).GetProperty("active").GetBoolean());
    }

    [Fact]
    public async Task The_default_cannot_be_unset_only_replaced()
    {
        var (kit, api, defaultId) = await MerchantAsync();

        var response = await api.PostAsync($"{Endpoint}/{defaultId}", Form(("is_default", "false")));

        await AssertRefusedAsync(response, "is_default", "Make another configuration the default instead");
        Assert.Equal([defaultId], await DefaultsInDatabaseAsync(kit.MerchantId));
    }

    [Fact]
    public async Task Is_default_false_on_another_configuration_is_a_no_op()
    {
        var (kit, api, defaultId) = await MerchantAsync();
        var other = await CreateAsync(api, Form(("name", "Other")));

        var updated = await UpdateAsync(api, other.Id(), Form(("is_default", "false")));

        Assert.False(updated.GetProperty("is_default").GetBoolean());
        Assert.Equal([defaultId], await DefaultsInDatabaseAsync(kit.MerchantId));
    }

    [Fact]
    public async Task Another_configuration_is_archived_and_reactivated()
    {
        var (_, api, _) = await MerchantAsync();
        var other = await CreateAsync(api, Form(("name", "Seasonal")));

        var archived = await UpdateAsync(api, other.Id(), Form(("active", "false")));
        var reactivated = await UpdateAsync(api, other.Id(), Form(("active", "true")));

        Assert.False(archived.GetProperty("active").GetBoolean());
        Assert.True(reactivated.GetProperty("active").GetBoolean());
    }

    [Fact]
    public async Task An_archived_configuration_cannot_become_the_default_unless_reactivated_in_the_same_request()
    {
        var (kit, api, defaultId) = await MerchantAsync();
        var other = await CreateAsync(api, Form(("name", "Seasonal")));
        await UpdateAsync(api, other.Id(), Form(("active", "false")));

        var refused = await api.PostAsync($"{Endpoint}/{other.Id()}", Form(("is_default", "true")));
        var alsoRefused = await api.PostAsync($"{Endpoint}/{defaultId}", Form(("active", "false"), ("is_default", "true")));
        await AssertRefusedAsync(refused, "is_default", "archived configuration cannot be the default");
        await AssertRefusedAsync(alsoRefused, "active", "cannot be archived");
        Assert.Equal([defaultId], await DefaultsInDatabaseAsync(kit.MerchantId));

        var both = await UpdateAsync(api, other.Id(), Form(("active", "true"), ("is_default", "true")));

        Assert.True(both.GetProperty("active").GetBoolean());
        Assert.True(both.GetProperty("is_default").GetBoolean());
        Assert.Equal([other.Id()], await DefaultsInDatabaseAsync(kit.MerchantId));
    }

    [Fact]
    public async Task A_session_cannot_use_an_archived_configuration_and_uses_the_new_default()
    {
        var (kit, api, _) = await MerchantAsync();
        var archived = await CreateAsync(api, Form(("name", "Old")));
        await UpdateAsync(api, archived.Id(), Form(("active", "false")));
        var newDefault = await CreateAsync(api, Form(("is_default", "true"), ("default_return_url", "https://other.example.org/new")));

        var refused = await api.PostAsync("/v1/billing-portal/sessions", Form(("customer", kit.CustomerId), ("configuration", archived.Id()), ("return_url", "https://other.example.org/")));
        var session = await api.PostAsync("/v1/billing-portal/sessions", Form(("customer", kit.CustomerId)));

        Assert.Equal(HttpStatusCode.NotFound, refused.StatusCode);
        Assert.Equal("configuration", (await refused.ErrorAsync()).GetProperty("param").GetString());
        var created = JsonSerializer.Deserialize<JsonElement>(await session.Content.ReadAsStringAsync());
        Assert.Equal(newDefault.Id(), created.GetProperty("configuration").GetString());
        Assert.Equal("https://other.example.org/new", created.GetProperty("return_url").GetString());
    }

    [Fact]
    public async Task Twenty_concurrent_requests_to_be_the_default_end_with_exactly_one()
    {
        var (kit, api, _) = await MerchantAsync();
        var candidates = new List<string>();
        for (var i = 0; i < 20; i++)
        {
            candidates.Add((await CreateAsync(api, Form(("name", $"Candidate {i}")))).Id());
        }

        var responses = await Task.WhenAll(candidates.Select(async id =>
        {
            using var client = factory.CreateApiClient(kit.Key);
            return await client.PostAsync($"{Endpoint}/{id}", Form(("is_default", "true")));
        }));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        var defaults = await DefaultsInDatabaseAsync(kit.MerchantId);
        Assert.Single(defaults);
        Assert.Contains(defaults[0], candidates);
        Assert.Equal(defaults, (await ListAsync(api, "?is_default=true")).DataIds());
    }

    [Fact]
    public async Task Twenty_concurrent_creates_as_the_default_end_with_exactly_one()
    {
        var (kit, _, _) = await MerchantAsync();

        var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(async i =>
        {
            using var client = factory.CreateApiClient(kit.Key);
            return await client.PostAsync(Endpoint, Form(("is_default", "true"), ("name", $"Racer {i}")));
        }));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.Single(await DefaultsInDatabaseAsync(kit.MerchantId));
    }

    [Fact]
    public async Task The_first_configuration_of_a_mode_becomes_its_default()
    {
        var (kit, _, testDefault) = await MerchantAsync();
        var (secret, key) = ApiKeys.Create(kit.MerchantId, livemode: true, factory.Time.GetUtcNow());
        await factory.WithDbAsync(db =>
        {
            db.ApiKeys.Add(key);
            return db.SaveChangesAsync();
        });
        using var live = factory.CreateApiClient(secret);

        var first = await CreateAsync(live, Form(("name", "Live")));
        var second = await CreateAsync(live, Form(("name", "Live too")));

        Assert.True(first.GetProperty("livemode").GetBoolean());
        Assert.True(first.GetProperty("is_default").GetBoolean());
        Assert.False(second.GetProperty("is_default").GetBoolean());
        Assert.Equal([testDefault], await DefaultsInDatabaseAsync(kit.MerchantId));
        Assert.Equal([first.Id()], await DefaultsInDatabaseAsync(kit.MerchantId, livemode: true));
    }

    [Fact]
    public async Task The_database_itself_refuses_a_second_default()
    {
        var (kit, _, _) = await MerchantAsync();

        var error = await Assert.ThrowsAsync<DbUpdateException>(() => factory.WithDbAsync(db =>
        {
            db.PortalConfigurations.Add(new PortalConfiguration
            {
                Id = Ids.New("bpc"), MerchantId = kit.MerchantId, IsDefault = true, Created = factory.Time.GetUtcNow(),
            });
            return db.SaveChangesAsync();
        }));

        Assert.Contains("UNIQUE", error.InnerException!.Message, StringComparison.Ordinal);
    }
}
