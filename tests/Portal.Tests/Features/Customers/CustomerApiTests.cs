using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Vinr.Portal.Api.Features.PaymentMethods;
using Vinr.Portal.Api.Features.Subscriptions;
using Vinr.Portal.Api.Infrastructure;
using Vinr.Portal.Tests.Support;

namespace Vinr.Portal.Tests.Features.Customers;

public sealed class CustomerApiTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    private static FormUrlEncodedContent Form(params (string Key, string Value)[] pairs) =>
        new(pairs.Select(p => KeyValuePair.Create(p.Key, p.Value)));

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response)
    {
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private async Task<string> CreateAsync(HttpClient api, params (string, string)[] pairs)
    {
        var created = await JsonAsync(await api.PostAsync("/v1/customers", Form(pairs)));
        factory.Time.Advance(TimeSpan.FromSeconds(1));
        return created.GetProperty("id").GetString()!;
    }

    [Fact]
    public async Task Create_stores_every_field_with_metadata_and_writes_customer_created()
    {
        using var api = factory.CreateApiClient();

        var response = await api.PostAsync("/v1/customers", Form(("name", "Ada Lovelace"), ("email", "ada@example.com"), ("phone", "+44 20 7946 0000"),
            ("address[line1]", "12 St James's Square"), ("address[city]", "London"), ("address[postal_code]", "SW1Y 4JH"), ("address[country]", "gb"),
            ("tax_id", "GB123456789"), ("metadata[crm_id]", "42")));
        var customer = await JsonAsync(response);
        var id = customer.GetProperty("id").GetString()!;
        var retrieved = await api.GetFromJsonAsync<JsonElement>($"/v1/customers/{id}");

        Assert.StartsWith("cust_", id);
        Assert.Equal("customer", customer.GetProperty("object").GetString());
        Assert.Equal("Ada Lovelace", retrieved.GetProperty("name").GetString());
        Assert.Equal("GB", retrieved.GetProperty("address").GetProperty("country").GetString());
        Assert.Equal("SW1Y 4JH", retrieved.GetProperty("address").GetProperty("postal_code").GetString());
        Assert.Equal("42", retrieved.GetProperty("metadata").GetProperty("crm_id").GetString());
        Assert.Equal(0, retrieved.GetProperty("balance").GetInt64());
        Assert.False(retrieved.GetProperty("livemode").GetBoolean());
        var created = await factory.WithDbAsync(db => db.Events.SingleAsync(e => e.Type == "customer.created" && e.Data.Contains(id)));
        Assert.Equal("api", created.Source);
    }

    [Fact]
    public async Task Json_and_form_create_the_same_customer_and_nothing_is_required()
    {
        using var api = factory.CreateApiClient();

        var empty = await JsonAsync(await api.PostAsync("/v1/customers", null));
        var json = await JsonAsync(await api.PostAsJsonAsync("/v1/customers", new { name = "Grace", address = new { country = "US", state = "VA" } }));

        Assert.Equal(JsonValueKind.Null, empty.GetProperty("name").ValueKind);
        Assert.Equal("VA", json.GetProperty("address").GetProperty("state").GetString());
    }

    [Theory]
    [InlineData("email", "not-an-email", "email")]
    [InlineData("phone", "12", "phone")]
    [InlineData("address[country]", "XX", "address[country]")]
    [InlineData("address[country]", "Germany", "address[country]")]
    [InlineData("address[city]", "Berlin", "address[country]")]
    [InlineData("address[postal_code]", "10 115 <b>", "address[postal_code]")]
    [InlineData("tax_id", "DE 123/456", "tax_id")]
    [InlineData("name", "", "")]
    [InlineData("nickname", "x", "nickname")]
    [InlineData("address[street]", "x", "address[street]")]
    [InlineData("metadata[]", "x", "metadata")]
    public async Task Bad_fields_are_refused_naming_the_param(string key, string value, string param)
    {
        using var api = factory.CreateApiClient();

        var response = await api.PostAsync("/v1/customers", Form((key, value)));

        if (param.Length == 0)
        {
            // An empty string on create is "no value", as on update: accepted.
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            return;
        }
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = await response.ErrorAsync();
        Assert.Equal("invalid_request_error", error.GetProperty("type").GetString());
        Assert.Equal(param, error.GetProperty("param").GetString());
    }

    [Fact]
    public async Task Update_changes_only_what_it_names_and_empty_strings_clear()
    {
        using var api = factory.CreateApiClient();
        var id = await CreateAsync(api, ("name", "Old"), ("email", "old@example.com"), ("address[country]", "DE"), ("address[city]", "Berlin"),
            ("metadata[a]", "1"), ("metadata[b]", "2"));

        var updated = await JsonAsync(await api.PostAsync($"/v1/customers/{id}", Form(("name", "New"), ("email", ""), ("metadata[a]", ""), ("metadata[c]", "3"))));
        var cleared = await JsonAsync(await api.PostAsync($"/v1/customers/{id}", Form(("address", ""), ("metadata", ""))));

        Assert.Equal("New", updated.GetProperty("name").GetString());
        Assert.Equal(JsonValueKind.Null, updated.GetProperty("email").ValueKind);
        Assert.Equal("Berlin", updated.GetProperty("address").GetProperty("city").GetString());
        Assert.Equal(["b", "c"], updated.GetProperty("metadata").EnumerateObject().Select(p => p.Name).Order().ToArray());
        Assert.Equal(JsonValueKind.Null, cleared.GetProperty("address").GetProperty("country").ValueKind);
        Assert.Empty(cleared.GetProperty("metadata").EnumerateObject());
        Assert.Equal(2, await factory.WithDbAsync(db => db.Events.CountAsync(e => e.Type == "customer.updated" && e.Data.Contains(id))));
    }

    [Fact]
    public async Task An_update_that_changes_nothing_writes_no_event_and_a_bad_one_changes_nothing()
    {
        using var api = factory.CreateApiClient();
        var id = await CreateAsync(api, ("name", "Same"), ("email", "same@example.com"));

        var same = await api.PostAsync($"/v1/customers/{id}", Form(("name", "Same")));
        var bad = await api.PostAsync($"/v1/customers/{id}", Form(("name", "Changed"), ("email", "broken")));
        var after = await api.GetFromJsonAsync<JsonElement>($"/v1/customers/{id}");

        Assert.Equal(HttpStatusCode.OK, same.StatusCode);
        Assert.Equal("email", (await bad.ErrorAsync()).GetProperty("param").GetString());
        Assert.Equal("Same", after.GetProperty("name").GetString());
        Assert.Equal(0, await factory.WithDbAsync(db => db.Events.CountAsync(e => e.Type == "customer.updated" && e.Data.Contains(id))));
    }

    [Fact]
    public async Task List_pages_newest_first_with_both_cursors_and_filters_by_email()
    {
        var merchant = await TestData.AddMerchantAsync(factory, livemode: false);
        using var api = factory.CreateApiClient(merchant.Key);
        factory.Time.Advance(TimeSpan.FromSeconds(1));
        var ids = new List<string> { merchant.CustomerId };
        for (var i = 0; i < 4; i++)
        {
            ids.Add(await CreateAsync(api, ("email", i == 2 ? "find@example.com" : $"c{i}@example.com")));
        }
        ids.Reverse(); // newest first

        var first = await api.GetFromJsonAsync<JsonElement>("/v1/customers?limit=2");
        var second = await api.GetFromJsonAsync<JsonElement>($"/v1/customers?limit=2&starting_after={ids[1]}");
        var last = await api.GetFromJsonAsync<JsonElement>($"/v1/customers?limit=2&starting_after={ids[3]}");
        var exact = await api.GetFromJsonAsync<JsonElement>("/v1/customers?limit=5");
        var back = await api.GetFromJsonAsync<JsonElement>($"/v1/customers?limit=2&ending_before={ids[3]}");
        var before = await api.GetFromJsonAsync<JsonElement>($"/v1/customers?ending_before={ids[0]}");
        var found = await api.GetFromJsonAsync<JsonElement>("/v1/customers?email=find@example.com");

        static List<string> Ids(JsonElement list) => [.. list.GetProperty("data").EnumerateArray().Select(c => c.GetProperty("id").GetString()!)];
        Assert.Equal(ids[..2], Ids(first));
        Assert.True(first.GetProperty("has_more").GetBoolean());
        Assert.Equal(ids[2..4], Ids(second));
        Assert.Equal([ids[4]], Ids(last));
        Assert.False(last.GetProperty("has_more").GetBoolean());
        Assert.Equal(ids, Ids(exact));
        Assert.False(exact.GetProperty("has_more").GetBoolean());
        Assert.Equal(ids[1..3], Ids(back));
        Assert.True(back.GetProperty("has_more").GetBoolean());
        Assert.Empty(Ids(before));
        Assert.False(before.GetProperty("has_more").GetBoolean());
        Assert.Equal([ids[1]], Ids(found)); // the third created, second newest
        Assert.Equal("/v1/customers", first.GetProperty("url").GetString());
    }

    [Theory]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=101", "limit")]
    [InlineData("starting_after=cust_nope", "starting_after")]
    [InlineData("starting_after=a&ending_before=b", "ending_before")]
    [InlineData("name=x", "name")]
    public async Task Bad_list_parameters_are_named(string query, string param)
    {
        using var api = factory.CreateApiClient();

        var response = await api.GetAsync($"/v1/customers?{query}");

        Assert.True(response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.NotFound);
        Assert.Equal(param, (await response.ErrorAsync()).GetProperty("param").GetString());
    }

    [Fact]
    public async Task Customers_are_invisible_across_merchants_and_modes()
    {
        var other = await TestData.AddMerchantAsync(factory, livemode: false);
        var live = await TestData.AddMerchantAsync(factory, livemode: true, merchantId: PortalFactory.DemoMerchant);
        using var ours = factory.CreateApiClient();
        using var theirs = factory.CreateApiClient(other.Key);
        using var ourLive = factory.CreateApiClient(live.Key);
        var id = await CreateAsync(ours, ("name", "Mine"));

        foreach (var api in new[] { theirs, ourLive })
        {
            Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync($"/v1/customers/{id}")).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await api.PostAsync($"/v1/customers/{id}", Form(("name", "Stolen")))).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await api.DeleteAsync($"/v1/customers/{id}")).StatusCode);
            var list = await api.GetFromJsonAsync<JsonElement>("/v1/customers?limit=100");
            Assert.DoesNotContain(list.GetProperty("data").EnumerateArray(), c => c.GetProperty("id").GetString() == id);
            Assert.Equal("resource_missing", (await (await api.GetAsync($"/v1/customers?starting_after={id}")).ErrorAsync()).GetProperty("code").GetString());
        }
        Assert.Equal("Mine", (await ours.GetFromJsonAsync<JsonElement>($"/v1/customers/{id}")).GetProperty("name").GetString());
    }

    [Fact]
    public async Task Delete_ends_subscriptions_detaches_cards_ends_sessions_and_then_the_customer_is_missing_everywhere()
    {
        var subscriber = await TestData.SubscriberAsync(factory);
        var customer = subscriber.Access.CustomerId;
        using var api = factory.CreateApiClient();
        var session = await factory.CreateSessionAsync(customer);

        var response = await api.DeleteAsync($"/v1/customers/{customer}");
        var deleted = await JsonAsync(response);

        Assert.Equal(customer, deleted.GetProperty("id").GetString());
        Assert.Equal("customer", deleted.GetProperty("object").GetString());
        Assert.True(deleted.GetProperty("deleted").GetBoolean());
        var (subscription, cards, sessionEnded) = await factory.WithDbAsync(async db => (
            await db.Subscriptions.AsNoTracking().SingleAsync(s => s.Id == subscriber.SubscriptionId),
            await db.PaymentMethods.AsNoTracking().Where(p => p.CustomerId == customer).ToListAsync(),
            await db.PortalSessions.AsNoTracking().Where(s => s.Id == session.GetProperty("id").GetString()).Select(s => s.EndedAt).SingleAsync()));
        Assert.Equal(SubscriptionStatus.Canceled, subscription.Status);
        Assert.Equal(factory.Time.GetUtcNow().ToUnixTimeSeconds(), subscription.EndedAt!.Value.ToUnixTimeSeconds());
        Assert.All(cards, c => Assert.NotNull(c.DetachedAt));
        Assert.NotNull(sessionEnded);
        var types = await factory.WithDbAsync(db => db.Events.Where(e => e.Data.Contains(customer) || e.Data.Contains(subscriber.SubscriptionId))
            .Select(e => e.Type).ToListAsync());
        Assert.Contains("customer.subscription.deleted", types);
        // A detached card's event names no customer any more (as Stripe's): found by the card.
        var card = Assert.Single(cards);
        Assert.Equal(1, await factory.WithDbAsync(db => db.Events.CountAsync(e => e.Type == "payment_method.detached" && e.Data.Contains(card.Id))));
        Assert.Contains("billing_portal.session.ended", types);
        Assert.Contains("customer.deleted", types);

        Assert.Equal("resource_missing", (await (await api.GetAsync($"/v1/customers/{customer}")).ErrorAsync()).GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await api.PostAsync($"/v1/customers/{customer}", Form(("name", "Back")))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await api.DeleteAsync($"/v1/customers/{customer}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync($"/v1/payment_methods?customer={customer}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync($"/v1/subscriptions?customer={customer}")).StatusCode);
        var refused = await api.PostAsync("/v1/billing-portal/sessions", Form(("customer", customer), ("return_url", "https://example.com")));
        Assert.Equal(HttpStatusCode.NotFound, refused.StatusCode);
        Assert.Equal("customer", (await refused.ErrorAsync()).GetProperty("param").GetString());
        var listed = await api.GetFromJsonAsync<JsonElement>("/v1/customers?limit=100");
        Assert.DoesNotContain(listed.GetProperty("data").EnumerateArray(), c => c.GetProperty("id").GetString() == customer);
        // Its subscription still reads, canceled, as Stripe keeps them.
        Assert.Equal("canceled", (await api.GetFromJsonAsync<JsonElement>($"/v1/subscriptions/{subscriber.SubscriptionId}")).GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_deleted_customers_open_portal_stops()
    {
        var subscriber = await TestData.SubscriberAsync(factory);
        var (_, browser) = await factory.OpenPortalAsync(customer: subscriber.Access.CustomerId);
        using var api = factory.CreateApiClient();
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/")).StatusCode);

        await JsonAsync(await api.DeleteAsync($"/v1/customers/{subscriber.Access.CustomerId}"));
        var after = await browser.GetAsync("/");

        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
        Assert.Equal("/signed-out", after.Headers.Location!.OriginalString);
    }
}
