using System.Text.Json;
using Vinr.Portal.Tests.Support;
using static Vinr.Portal.Tests.Features.BillingPortal.Configurations.ConfigurationApi;
using static Vinr.Portal.Tests.Features.Products.CatalogApi;

namespace Vinr.Portal.Tests.Features.Tax;

/// <summary><c>/v1/tax_rates</c> in Stripe's shape, the rules on what may change, and the merchant's tax settings.</summary>
public sealed class TaxRateApiTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    [Fact]
    public async Task Create_answers_a_stripe_tax_rate_and_writes_its_event()
    {
        var (api, _) = await MerchantAsync(factory);
        using var _api = api;

        var rate = await OkAsync(await api.PostAsync("/v1/tax_rates", Form(
            ("display_name", "TVA"), ("percentage", "19.6"), ("inclusive", "false"), ("country", "fr"), ("jurisdiction", "France"), ("metadata[k]", "v"))));

        Assert.StartsWith("txr_", rate.Id());
        Assert.Equal("tax_rate", rate.GetProperty("object").GetString());
        Assert.Equal(("TVA", 19.6m, false, "FR", "France", true), (rate.GetProperty("display_name").GetString(), rate.GetProperty("percentage").GetDecimal(),
            rate.GetProperty("inclusive").GetBoolean(), rate.GetProperty("country").GetString(), rate.GetProperty("jurisdiction").GetString(), rate.GetProperty("active").GetBoolean()));
        Assert.Equal(JsonValueKind.Null, rate.GetProperty("state").ValueKind);
        Assert.Equal(["tax_rate.created"], await EventTypesAsync(factory, rate.Id()));
    }

    [Fact]
    public async Task Json_and_form_create_the_same_rate()
    {
        var (api, _) = await MerchantAsync(factory);
        using var _api = api;

        var form = await OkAsync(await api.PostAsync("/v1/tax_rates", Form(("display_name", "GST"), ("percentage", "5"), ("inclusive", "true"), ("country", "CA"))));
        var json = await OkAsync(await api.PostAsync("/v1/tax_rates", Json("""{"display_name":"GST","percentage":5,"inclusive":true,"country":"CA"}""")));

        foreach (var field in new[] { "display_name", "percentage", "inclusive", "country", "state", "active" })
        {
            Assert.Equal(form.GetProperty(field).GetRawText(), json.GetProperty(field).GetRawText());
        }
    }

    [Theory]
    [InlineData("percentage", "101")]
    [InlineData("percentage", "-1")]
    [InlineData("percentage", "19.555")]
    [InlineData("percentage", "twenty")]
    [InlineData("country", "ZZ")]
    public async Task A_bad_value_is_refused_by_name(string field, string value)
    {
        var (api, _) = await MerchantAsync(factory);
        using var _api = api;
        var fields = new Dictionary<string, string> { ["display_name"] = "VAT", ["percentage"] = "20", ["inclusive"] = "false", ["country"] = "FR", [field] = value };

        var response = await api.PostAsync("/v1/tax_rates", Form([.. fields.Select(f => (f.Key, f.Value))]));

        Assert.Equal(("parameter_invalid", field, 400), await ErrorOfAsync(response));
    }

    [Theory]
    [InlineData("percentage")]
    [InlineData("inclusive")]
    [InlineData("country")]
    [InlineData("display_name")]
    public async Task A_missing_required_field_is_named(string field)
    {
        var (api, _) = await MerchantAsync(factory);
        using var _api = api;
        var fields = new Dictionary<string, string> { ["display_name"] = "VAT", ["percentage"] = "20", ["inclusive"] = "false", ["country"] = "FR" };
        fields.Remove(field);

        var response = await api.PostAsync("/v1/tax_rates", Form([.. fields.Select(f => (f.Key, f.Value))]));

        Assert.Equal(("parameter_missing", field, 400), await ErrorOfAsync(response));
    }

    [Fact]
    public async Task Update_changes_the_label_and_archives_but_refuses_the_terms()
    {
        var (api, _) = await MerchantAsync(factory);
        using var _api = api;
        var id = (await OkAsync(await api.PostAsync("/v1/tax_rates", Form(("display_name", "VAT"), ("percentage", "20"), ("inclusive", "false"), ("country", "FR"))))).Id();

        var renamed = await OkAsync(await api.PostAsync($"/v1/tax_rates/{id}", Form(("display_name", "TVA"), ("active", "false"))));
        var refused = await api.PostAsync($"/v1/tax_rates/{id}", Form(("percentage", "5.5")));

        Assert.Equal(("TVA", false), (renamed.GetProperty("display_name").GetString(), renamed.GetProperty("active").GetBoolean()));
        Assert.Equal(("parameter_invalid", "percentage", 400), await ErrorOfAsync(refused));
        Assert.Equal(20m, (await OkAsync(await api.GetAsync($"/v1/tax_rates/{id}"))).GetProperty("percentage").GetDecimal());
        Assert.Equal(["tax_rate.created", "tax_rate.updated"], await EventTypesAsync(factory, id));
    }

    [Fact]
    public async Task One_countrys_active_rates_are_all_inclusive_or_all_exclusive()
    {
        var (api, _) = await MerchantAsync(factory);
        using var _api = api;
        var exclusive = (await OkAsync(await api.PostAsync("/v1/tax_rates", Form(("display_name", "VAT"), ("percentage", "20"), ("inclusive", "false"), ("country", "FR"))))).Id();

        var mixed = await api.PostAsync("/v1/tax_rates", Form(("display_name", "VAT"), ("percentage", "20"), ("inclusive", "true"), ("country", "FR")));
        await OkAsync(await api.PostAsync($"/v1/tax_rates/{exclusive}", Form(("active", "false"))));
        var afterArchive = await api.PostAsync("/v1/tax_rates", Form(("display_name", "VAT"), ("percentage", "20"), ("inclusive", "true"), ("country", "FR")));
        var reactivated = await api.PostAsync($"/v1/tax_rates/{exclusive}", Form(("active", "true")));

        Assert.Equal(("parameter_invalid", "inclusive", 400), await ErrorOfAsync(mixed));
        Assert.True(afterArchive.IsSuccessStatusCode);
        Assert.Equal(("parameter_invalid", "active", 400), await ErrorOfAsync(reactivated));
    }

    [Fact]
    public async Task A_merchant_lists_only_its_own_rates_in_the_keys_mode_and_filters_them()
    {
        var (mine, _) = await MerchantAsync(factory);
        var (theirs, _) = await MerchantAsync(factory);
        using var _mine = mine;
        using var _theirs = theirs;
        var fr = (await OkAsync(await mine.PostAsync("/v1/tax_rates", Form(("display_name", "TVA"), ("percentage", "20"), ("inclusive", "false"), ("country", "FR"))))).Id();
        factory.Time.Advance(TimeSpan.FromSeconds(1));
        var de = (await OkAsync(await mine.PostAsync("/v1/tax_rates", Form(("display_name", "USt."), ("percentage", "19"), ("inclusive", "true"), ("country", "DE"))))).Id();
        var other = (await OkAsync(await theirs.PostAsync("/v1/tax_rates", Form(("display_name", "VAT"), ("percentage", "21"), ("inclusive", "false"), ("country", "NL"))))).Id();

        var all = await OkAsync(await mine.GetAsync("/v1/tax_rates"));
        var german = await OkAsync(await mine.GetAsync("/v1/tax_rates?country=DE"));
        var inclusive = await OkAsync(await mine.GetAsync("/v1/tax_rates?inclusive=true"));

        Assert.Equal([de, fr], all.GetProperty("data").EnumerateArray().Select(r => r.Id()));
        Assert.Equal([de], german.GetProperty("data").EnumerateArray().Select(r => r.Id()));
        Assert.Equal([de], inclusive.GetProperty("data").EnumerateArray().Select(r => r.Id()));
        Assert.Equal(("resource_missing", 404), await CodeAndStatusAsync(await mine.GetAsync($"/v1/tax_rates/{other}")));
        Assert.Equal(("resource_missing", 404), await CodeAndStatusAsync(await mine.PostAsync($"/v1/tax_rates/{other}", Form(("active", "false")))));
    }

    [Fact]
    public async Task The_tax_settings_take_an_eu_origin_for_the_reverse_charge()
    {
        var (api, _) = await MerchantAsync(factory);
        using var _api = api;

        var withoutOrigin = await api.PostAsync("/v1/billing/settings", Form(("tax[reverse_charge]", "true")));
        var set = await OkAsync(await api.PostAsync("/v1/billing/settings", Form(("tax[origin_country]", "fr"), ("tax[reverse_charge]", "true"))));
        var outsideEu = await api.PostAsync("/v1/billing/settings", Form(("tax[origin_country]", "US")));
        var read = await OkAsync(await api.GetAsync("/v1/billing/settings"));

        Assert.Equal(("parameter_invalid", "tax[reverse_charge]", 400), await ErrorOfAsync(withoutOrigin));
        Assert.Equal(("FR", true), (set.GetProperty("tax").GetProperty("origin_country").GetString(), set.GetProperty("tax").GetProperty("reverse_charge").GetBoolean()));
        Assert.Equal(("parameter_invalid", "tax[reverse_charge]", 400), await ErrorOfAsync(outsideEu));
        Assert.Equal(set.GetRawText(), read.GetRawText());
    }

    private static async Task<(string Code, int Status)> CodeAndStatusAsync(HttpResponseMessage response)
    {
        var error = await response.ErrorAsync();
        return (error.GetProperty("code").GetString()!, (int)response.StatusCode);
    }
}
