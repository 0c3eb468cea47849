using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Vinr.Portal.Tests.Support;
using static Vinr.Portal.Tests.Features.BillingPortal.Configurations.ConfigurationApi;

namespace Vinr.Portal.Tests.Features.BillingPortal.Configurations;

public sealed class CreateConfigurationTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    /// <summary>Every parameter, with Stripe's indexed lists and plain [] lists mixed, as clients send them.</summary>
    private const string EveryField =
        "name=Annual plans&" +
        "business_profile[headline]=Acme partners with VINR&" +
        "business_profile[privacy_policy_url]=https://acme.test/privacy&" +
        "business_profile[terms_of_service_url]=https://acme.test/terms&" +
        "branding[logo_url]=https://acme.test/logo.png&" +
        "branding[accent_color]=#0E7490&" +
        "default_return_url=https://acme.test/account&" +
        "refresh_url=https://acme.test/billing&" +
        "features[customer_update][enabled]=true&" +
        "features[customer_update][allowed_updates][]=email&" +
        "features[customer_update][allowed_updates][]=tax_id&" +
        "features[invoice_history][enabled]=false&" +
        "features[payment_method_update][enabled]=true&" +
        "features[subscription_cancel][enabled]=true&" +
        "features[subscription_cancel][mode]=immediately&" +
        "features[subscription_cancel][proration_behavior]=none&" +
        "features[subscription_cancel][cancellation_reason][enabled]=true&" +
        "features[subscription_cancel][cancellation_reason][options][0]=too_expensive&" +
        "features[subscription_cancel][cancellation_reason][options][1]=other&" +
        "features[subscription_update][enabled]=true&" +
        "features[subscription_update][default_allowed_updates][0]=price&" +
        "features[subscription_update][products][0][product]={Pro}&" +
        "features[subscription_update][products][0][prices][0]={Pro monthly}&" +
        "features[subscription_update][products][0][prices][1]={Pro yearly}&" +
        "features[subscription_update][products][1][product]={Starter}&" +
        "features[subscription_update][products][1][prices][0]={Starter monthly}&" +
        "features[subscription_update][proration_behavior]=always_invoice&" +
        "features[subscription_update][schedule_at_period_end][conditions][0][type]=shortening_interval&" +
        "features[subscription_update][quantity][minimum]=2&" +
        "features[subscription_update][quantity][maximum]=50&" +
        "features[subscription_update][transitions][mode]=table&" +
        "features[subscription_update][transitions][allowed][0][from]={Starter monthly}&" +
        "features[subscription_update][transitions][allowed][0][to]={Pro monthly}&" +
        "features[resubscribe][enabled]=true&" +
        "metadata[plan_set]=annual&" +
        "metadata[owner]=billing-team";

    private const string EveryFieldJson = """
        {
          "name": "Annual plans",
          "business_profile": { "headline": "Acme partners with VINR", "privacy_policy_url": "https://acme.test/privacy", "terms_of_service_url": "https://acme.test/terms" },
          "branding": { "logo_url": "https://acme.test/logo.png", "accent_color": "#0E7490" },
          "default_return_url": "https://acme.test/account",
          "refresh_url": "https://acme.test/billing",
          "features": {
            "customer_update": { "enabled": true, "allowed_updates": ["email", "tax_id"] },
            "invoice_history": { "enabled": false },
            "payment_method_update": { "enabled": true },
            "subscription_cancel": { "enabled": true, "mode": "immediately", "proration_behavior": "none",
              "cancellation_reason": { "enabled": true, "options": ["too_expensive", "other"] } },
            "subscription_update": {
              "enabled": true,
              "default_allowed_updates": ["price"],
              "products": [ { "product": "{Pro}", "prices": ["{Pro monthly}", "{Pro yearly}"] }, { "product": "{Starter}", "prices": ["{Starter monthly}"] } ],
              "proration_behavior": "always_invoice",
              "schedule_at_period_end": { "conditions": [ { "type": "shortening_interval" } ] },
              "quantity": { "minimum": 2, "maximum": 50 },
              "transitions": { "mode": "table", "allowed": [ { "from": "{Starter monthly}", "to": "{Pro monthly}" } ] }
            },
            "resubscribe": { "enabled": true }
          },
          "metadata": { "plan_set": "annual", "owner": "billing-team" }
        }
        """;

    private static string Compact(string json) => JsonSerializer.Serialize(JsonSerializer.Deserialize<JsonElement>(json));

    private static string WithoutId(JsonElement configuration)
    {
        var copy = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(configuration.GetRawText())!;
        copy.Remove("id");
        return JsonSerializer.Serialize(copy);
    }

    [Fact]
    public async Task Every_field_round_trips_and_form_and_json_give_the_same_object()
    {
        var catalog = await CatalogAsync(factory);
        using var api = factory.CreateApiClient();

        var fromForm = await CreateAsync(api, Form(catalog.Fill(EveryField)));
        var fromJson = await CreateAsync(api, Json(catalog.Fill(EveryFieldJson)));

        Assert.Equal(WithoutId(fromForm), WithoutId(fromJson));
        Assert.Equal(fromForm.ToString(), (await GetAsync(api, fromForm.Id())).ToString());
        Assert.Matches("^bpc_[0-9A-Za-z]{24}$", fromForm.Id());
        Assert.Equal("billing_portal.configuration", fromForm.GetProperty("object").GetString());
        Assert.True(fromForm.GetProperty("active").GetBoolean());
        Assert.False(fromForm.GetProperty("is_default").GetBoolean());
        Assert.False(fromForm.GetProperty("livemode").GetBoolean());
        Assert.Equal("Annual plans", fromForm.GetProperty("name").GetString());
        Assert.Equal("""{"headline":"Acme partners with VINR","privacy_policy_url":"https://acme.test/privacy","terms_of_service_url":"https://acme.test/terms"}""",
            fromForm.GetProperty("business_profile").GetRawText());
        Assert.Equal("""{"logo_url":"https://acme.test/logo.png","accent_color":"#0E7490"}""", fromForm.GetProperty("branding").GetRawText());
        Assert.Equal("https://acme.test/account", fromForm.GetProperty("default_return_url").GetString());
        Assert.Equal("https://acme.test/billing", fromForm.GetProperty("refresh_url").GetString());
        var features = fromForm.GetProperty("features");
        Assert.Equal("""{"enabled":true,"allowed_updates":["email","tax_id"]}""", features.GetProperty("customer_update").GetRawText());
        Assert.Equal("""{"enabled":false}""", features.GetProperty("invoice_history").GetRawText());
        Assert.Equal("""{"enabled":true}""", features.GetProperty("payment_method_update").GetRawText());
        Assert.Equal("""{"enabled":true,"mode":"immediately","proration_behavior":"none","cancellation_reason":{"enabled":true,"options":["too_expensive","other"]},"retention":null}""",
            features.GetProperty("subscription_cancel").GetRawText());
        Assert.Equal(Compact(catalog.Fill("""
            {"enabled":true,"default_allowed_updates":["price"],
             "products":[{"product":"{Pro}","prices":["{Pro monthly}","{Pro yearly}"]},{"product":"{Starter}","prices":["{Starter monthly}"]}],
             "proration_behavior":"always_invoice","schedule_at_period_end":{"conditions":[{"type":"shortening_interval"}]},"quantity":{"minimum":2,"maximum":50},
             "transitions":{"mode":"table","allowed":[{"from":"{Starter monthly}","to":"{Pro monthly}"}]}}
            """)),
            features.GetProperty("subscription_update").GetRawText());
        Assert.Equal("""{"enabled":true}""", features.GetProperty("resubscribe").GetRawText());
        Assert.Equal("""{"plan_set":"annual","owner":"billing-team"}""", fromForm.GetProperty("metadata").GetRawText());
        var now = factory.Time.GetUtcNow().ToUnixTimeSeconds();
        Assert.Equal(now, fromForm.GetProperty("created").GetInt64());
        Assert.Equal(now, fromForm.GetProperty("updated").GetInt64());
    }

    [Fact]
    public async Task What_is_left_out_takes_the_defaults_and_plan_changes_stay_off_without_products()
    {
        using var api = factory.CreateApiClient();

        var created = await CreateAsync(api, Form(("name", "Bare")));

        Assert.Equal("""{"headline":null,"privacy_policy_url":null,"terms_of_service_url":null}""", created.GetProperty("business_profile").GetRawText());
        Assert.Equal("""{"logo_url":null,"accent_color":null}""", created.GetProperty("branding").GetRawText());
        Assert.Equal(JsonValueKind.Null, created.GetProperty("default_return_url").ValueKind);
        Assert.Equal("{}", created.GetProperty("metadata").GetRawText());
        Assert.Equal(Compact("""
            {"customer_update":{"enabled":true,"allowed_updates":["name","email","address","phone","tax_id"]},"invoice_history":{"enabled":true},
             "payment_method_update":{"enabled":true},
             "subscription_cancel":{"enabled":true,"mode":"at_period_end","proration_behavior":"create_prorations",
               "cancellation_reason":{"enabled":true,"options":["too_expensive","missing_features","switched_service","unused","customer_service","too_complex","low_quality","other"]},"retention":null},
             "subscription_update":{"enabled":false,"default_allowed_updates":["price","quantity"],"products":[],"proration_behavior":"create_prorations",
               "schedule_at_period_end":{"conditions":[{"type":"decreasing_item_amount"},{"type":"shortening_interval"}]},"quantity":{"minimum":1,"maximum":100},
               "transitions":{"mode":"any","allowed":[]}},
             "resubscribe":{"enabled":false}}
            """),
            created.GetProperty("features").GetRawText());
        Assert.Equal(created.GetProperty("created").GetInt64(), created.GetProperty("updated").GetInt64());
    }

    [Fact]
    public async Task Listing_products_turns_plan_changes_on_unless_told_otherwise()
    {
        var catalog = await CatalogAsync(factory);
        using var api = factory.CreateApiClient();

        var offered = await CreateAsync(api, Form(catalog.Fill(
            "features[subscription_update][products][0][product]={Business}&features[subscription_update][products][0][prices][]={Business monthly}")));
        var off = await CreateAsync(api, Form(catalog.Fill(
            "features[subscription_update][enabled]=false&features[subscription_update][products][0][product]={Business}&features[subscription_update][products][0][prices][]={Business monthly}")));

        Assert.True(offered.GetProperty("features").GetProperty("subscription_update").GetProperty("enabled").GetBoolean());
        Assert.False(off.GetProperty("features").GetProperty("subscription_update").GetProperty("enabled").GetBoolean());
        Assert.Equal(catalog["Business monthly"], off.GetProperty("features").GetProperty("subscription_update").GetProperty("products")[0].GetProperty("prices")[0].GetString());
    }

    [Fact]
    public async Task An_empty_create_makes_a_configuration_with_every_default()
    {
        using var api = factory.CreateApiClient();

        var created = await CreateAsync(api, Json("{}"));

        Assert.Equal(JsonValueKind.Null, created.GetProperty("name").ValueKind);
        Assert.True(created.GetProperty("active").GetBoolean());
    }

    [Fact]
    public async Task The_same_idempotency_key_replays_the_first_create_and_makes_one_configuration()
    {
        using var api = factory.CreateApiClient();
        var key = Guid.NewGuid().ToString();
        var name = "Idempotent " + key;
        HttpRequestMessage Post(HttpContent body) => new(HttpMethod.Post, Endpoint) { Content = body, Headers = { { "Idempotency-Key", key } } };

        var first = await api.SendAsync(Post(Form(("name", name), ("metadata[a]", "1"))));
        var replay = await api.SendAsync(Post(Json($$"""{"metadata":{"a":"1"},"name":"{{name}}"}""")));
        var other = await api.SendAsync(Post(Form(("name", name + " changed"))));

        Assert.Equal(HttpStatusCode.OK, replay.StatusCode);
        Assert.Equal(await first.Content.ReadAsStringAsync(), await replay.Content.ReadAsStringAsync());
        Assert.Equal("true", replay.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal(1, await factory.WithDbAsync(db => db.PortalConfigurations.CountAsync(c => c.Name == name)));
        Assert.Equal(HttpStatusCode.BadRequest, other.StatusCode);
        Assert.Equal("idempotency_key_reused", (await other.ErrorAsync()).GetProperty("code").GetString());
    }

    [Fact]
    public async Task Creating_records_an_event_with_the_object()
    {
        using var api = factory.CreateApiClient();

        var created = await CreateAsync(api, Form(("name", "Evented")));

        var data = await factory.WithDbAsync(db => db.Events.Where(e => e.Type == "billing_portal.configuration.created" && e.Data.Contains(created.Id())).Select(e => e.Data).SingleAsync());
        Assert.Equal(created.ToString(), JsonSerializer.Deserialize<JsonElement>(data).ToString());
    }

    [Fact]
    public async Task A_retrieve_takes_no_parameters()
    {
        using var api = factory.CreateApiClient();
        var created = await CreateAsync(api, Form(("name", "Plain")));

        var response = await api.GetAsync($"{Endpoint}/{created.Id()}?expand[]=features");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("expand", (await response.ErrorAsync()).GetProperty("param").GetString());
    }

    [Fact]
    public async Task The_response_is_the_configuration_object_stripe_clients_read()
    {
        using var api = factory.CreateApiClient();

        var created = await (await api.PostAsync(Endpoint, Form(("name", "Shape")))).Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(
            ["id", "object", "active", "is_default", "livemode", "name", "business_profile", "branding", "default_return_url", "refresh_url", "features", "metadata", "created", "updated"],
            created.EnumerateObject().Select(p => p.Name));
    }
}
