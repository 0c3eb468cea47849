using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Vinr.Portal.Tests.Support;
using static Vinr.Portal.Tests.Features.BillingPortal.Configurations.ConfigurationApi;

namespace Vinr.Portal.Tests.Features.BillingPortal.Configurations;

public sealed class UpdateConfigurationTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    private const string Products = "features[subscription_update][products]";

    private const string Full =
        "name=Team plans&business_profile[headline]=Welcome back&business_profile[privacy_policy_url]=https://acme.test/privacy&" +
        "branding[logo_url]=https://acme.test/logo.png&branding[accent_color]=#4338CA&default_return_url=https://acme.test/account&" +
        "refresh_url=https://acme.test/refresh&features[customer_update][allowed_updates][]=email&features[customer_update][allowed_updates][]=address&" +
        $"{Products}[0][product]={{Pro}}&{Products}[0][prices][]={{Pro monthly}}&{Products}[0][prices][]={{Pro yearly}}&" +
        $"{Products}[1][product]={{Starter}}&{Products}[1][prices][]={{Starter monthly}}&" +
        "features[subscription_update][transitions][mode]=table&" +
        "features[subscription_update][transitions][allowed][0][from]={Starter monthly}&features[subscription_update][transitions][allowed][0][to]={Pro monthly}&" +
        "metadata[owner]=billing&metadata[tier]=gold";

    private static JsonElement At(JsonElement configuration, string path) =>
        path.Split('.').Aggregate(configuration, (element, name) => element.GetProperty(name));

    /// <summary>The object with the named top-level fields left out, to compare what else changed.</summary>
    private static string Except(JsonElement configuration, params string[] fields)
    {
        var copy = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(configuration.GetRawText())!;
        foreach (var field in fields)
        {
            copy.Remove(field);
        }
        return JsonSerializer.Serialize(copy);
    }

    private async Task<(HttpClient Api, Catalog Catalog, JsonElement Configuration)> FullAsync()
    {
        var catalog = await CatalogAsync(factory);
        var api = factory.CreateApiClient();
        return (api, catalog, await CreateAsync(api, Form(catalog.Fill(Full))));
    }

    [Fact]
    public async Task An_update_changes_only_what_it_names_and_sets_updated()
    {
        var (api, _, before) = await FullAsync();
        factory.Time.Advance(TimeSpan.FromMinutes(5));

        var after = await UpdateAsync(api, before.Id(), Form(("business_profile[headline]", "Hello again")));

        Assert.Equal("Hello again", At(after, "business_profile.headline").GetString());
        Assert.Equal("https://acme.test/privacy", At(after, "business_profile.privacy_policy_url").GetString());
        Assert.Equal(Except(before, "business_profile", "updated"), Except(after, "business_profile", "updated"));
        Assert.Equal(before.GetProperty("created").GetInt64(), after.GetProperty("created").GetInt64());
        Assert.Equal(factory.Time.GetUtcNow().ToUnixTimeSeconds(), after.GetProperty("updated").GetInt64());
        Assert.Equal(after.ToString(), (await GetAsync(api, before.Id())).ToString());
    }

    [Fact]
    public async Task A_nested_setting_changes_alone()
    {
        var (api, _, before) = await FullAsync();

        var after = await UpdateAsync(api, before.Id(), Json("""{"features":{"subscription_update":{"quantity":{"maximum":20}}}}"""));

        Assert.Equal(20, At(after, "features.subscription_update.quantity.maximum").GetInt32());
        Assert.Equal(1, At(after, "features.subscription_update.quantity.minimum").GetInt32());
        Assert.Equal(At(before, "features.subscription_update.products").GetRawText(), At(after, "features.subscription_update.products").GetRawText());
        Assert.Equal(At(before, "features.subscription_update.transitions").GetRawText(), At(after, "features.subscription_update.transitions").GetRawText());
        Assert.Equal(At(before, "features.customer_update").GetRawText(), At(after, "features.customer_update").GetRawText());
    }

    [Fact]
    public async Task An_empty_string_clears_values_and_empties_lists()
    {
        var (api, _, before) = await FullAsync();

        var after = await UpdateAsync(api, before.Id(), Form(
            "name=&business_profile[headline]=&branding[logo_url]=&branding[accent_color]=&default_return_url=&refresh_url=&" +
            "features[customer_update][allowed_updates]=&features[subscription_update][enabled]=false&" +
            $"{Products}=&features[subscription_update][transitions][mode]=any&features[subscription_update][schedule_at_period_end][conditions]="));

        Assert.Equal(JsonValueKind.Null, after.GetProperty("name").ValueKind);
        Assert.Equal(JsonValueKind.Null, At(after, "business_profile.headline").ValueKind);
        Assert.Equal("https://acme.test/privacy", At(after, "business_profile.privacy_policy_url").GetString());
        Assert.Equal("""{"logo_url":null,"accent_color":null}""", after.GetProperty("branding").GetRawText());
        Assert.Equal(JsonValueKind.Null, after.GetProperty("default_return_url").ValueKind);
        Assert.Equal(JsonValueKind.Null, after.GetProperty("refresh_url").ValueKind);
        Assert.Equal("[]", At(after, "features.customer_update.allowed_updates").GetRawText());
        Assert.Equal("[]", At(after, "features.subscription_update.products").GetRawText());
        Assert.False(At(after, "features.subscription_update.enabled").GetBoolean());
        Assert.Equal("""{"mode":"any","allowed":[]}""", At(after, "features.subscription_update.transitions").GetRawText());
        Assert.Equal("""{"conditions":[]}""", At(after, "features.subscription_update.schedule_at_period_end").GetRawText());
    }

    [Fact]
    public async Task An_empty_metadata_value_removes_that_key_and_empty_metadata_removes_all()
    {
        var (api, _, before) = await FullAsync();

        var one = await UpdateAsync(api, before.Id(), Form(("metadata[tier]", ""), ("metadata[region]", "eu")));
        var none = await UpdateAsync(api, before.Id(), Form(("metadata", "")));

        Assert.Equal("""{"owner":"billing","region":"eu"}""", one.GetProperty("metadata").GetRawText());
        Assert.Equal("{}", none.GetProperty("metadata").GetRawText());
    }

    [Fact]
    public async Task Products_are_replaced_as_a_whole()
    {
        var (api, catalog, before) = await FullAsync();

        var after = await UpdateAsync(api, before.Id(), Form(catalog.Fill(
            $"{Products}[0][product]={{Business}}&{Products}[0][prices][0]={{Business yearly}}&features[subscription_update][transitions][mode]=upgrades_only")));

        Assert.Equal(catalog.Fill("""[{"product":"{Business}","prices":["{Business yearly}"]}]"""), At(after, "features.subscription_update.products").GetRawText());
        Assert.Equal("""{"mode":"upgrades_only","allowed":[]}""", At(after, "features.subscription_update.transitions").GetRawText());
        Assert.True(At(after, "features.subscription_update.enabled").GetBoolean());
    }

    [Fact]
    public async Task Products_that_drop_a_price_of_the_transition_table_are_refused_until_the_table_follows()
    {
        var (api, catalog, before) = await FullAsync();
        var dropStarter = $"{Products}[0][product]={{Pro}}&{Products}[0][prices][0]={{Pro monthly}}&{Products}[0][prices][1]={{Pro yearly}}";

        var refused = await api.PostAsync($"{Endpoint}/{before.Id()}", Form(catalog.Fill(dropStarter)));
        var followed = await UpdateAsync(api, before.Id(), Form(catalog.Fill(dropStarter +
            "&features[subscription_update][transitions][allowed][0][from]={Pro monthly}&features[subscription_update][transitions][allowed][0][to]={Pro yearly}")));

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal(Products, (await refused.ErrorAsync()).GetProperty("param").GetString());
        Assert.Equal(catalog.Fill("""[{"from":"{Pro monthly}","to":"{Pro yearly}"}]"""), At(followed, "features.subscription_update.transitions.allowed").GetRawText());
    }

    [Fact]
    public async Task Removing_every_product_while_plan_changes_stay_on_is_refused()
    {
        var (api, _, before) = await FullAsync();

        var response = await api.PostAsync($"{Endpoint}/{before.Id()}", Form(($"{Products}", ""), ("features[subscription_update][transitions][mode]", "any")));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(Products, (await response.ErrorAsync()).GetProperty("param").GetString());
    }

    [Fact]
    public async Task Form_and_json_updates_give_the_same_object()
    {
        var (api, catalog, first) = await FullAsync();
        var second = await CreateAsync(api, Form(catalog.Fill(Full)));

        var byForm = await UpdateAsync(api, first.Id(), Form(
            "features[subscription_cancel][mode]=immediately&features[subscription_cancel][cancellation_reason][options][0]=unused&metadata[owner]=&" +
            "features[subscription_update][default_allowed_updates][0]=quantity&features[resubscribe][enabled]=true"));
        var byJson = await UpdateAsync(api, second.Id(), Json(
            """{"features":{"subscription_cancel":{"mode":"immediately","cancellation_reason":{"options":["unused"]}},"subscription_update":{"default_allowed_updates":["quantity"]},"resubscribe":{"enabled":true}},"metadata":{"owner":""}}"""));

        Assert.Equal(Except(byForm, "id"), Except(byJson, "id"));
        Assert.Equal("""["quantity"]""", At(byForm, "features.subscription_update.default_allowed_updates").GetRawText());
        Assert.Equal("""{"tier":"gold"}""", byForm.GetProperty("metadata").GetRawText());
    }

    [Fact]
    public async Task An_unknown_configuration_is_404_citing_the_id()
    {
        using var api = factory.CreateApiClient();

        var update = await api.PostAsync($"{Endpoint}/bpc_DoesNotExist000000000000", Form(("name", "x")));
        var retrieve = await api.GetAsync($"{Endpoint}/bpc_DoesNotExist000000000000");

        foreach (var response in new[] { update, retrieve })
        {
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            var error = await response.ErrorAsync();
            Assert.Equal("resource_missing", error.GetProperty("code").GetString());
            Assert.Equal("id", error.GetProperty("param").GetString());
            Assert.Equal("No such billing portal configuration: 'bpc_DoesNotExist000000000000'.", error.GetProperty("message").GetString());
        }
    }

    [Fact]
    public async Task Updating_records_an_event_with_the_new_object()
    {
        var (api, _, before) = await FullAsync();

        var after = await UpdateAsync(api, before.Id(), Form(("name", "Evented update")));

        var data = await factory.WithDbAsync(db => db.Events
            .Where(e => e.Type == "billing_portal.configuration.updated" && e.Data.Contains(before.Id())).Select(e => e.Data).SingleAsync());
        Assert.Equal(after.ToString(), JsonSerializer.Deserialize<JsonElement>(data).ToString());
    }

    [Fact]
    public async Task An_update_of_an_older_configuration_keeps_its_stored_prices_as_they_are()
    {
        // The demo's default lists every demo price; changing its name re-checks nothing it does not name.
        using var api = factory.CreateApiClient();
        var defaultId = (await ListAsync(api, "?is_default=true")).DataIds().Single();
        var before = await GetAsync(api, defaultId);

        var after = await UpdateAsync(api, defaultId, Form(("name", "Demo default")));

        Assert.Equal(Except(before, "name", "updated"), Except(after, "name", "updated"));
        Assert.Equal(6, At(after, "features.subscription_update.products").EnumerateArray().Sum(p => p.GetProperty("prices").GetArrayLength()));
    }
}
