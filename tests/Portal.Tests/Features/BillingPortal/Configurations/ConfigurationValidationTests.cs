using System.Net;
using Vinr.Portal.Tests.Support;
using static Vinr.Portal.Tests.Features.BillingPortal.Configurations.ConfigurationApi;

namespace Vinr.Portal.Tests.Features.BillingPortal.Configurations;

/// <summary>Every refusal of create and update names the parameter by its whole bracket path, with a message to act on.</summary>
public sealed class ConfigurationValidationTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    private const string Update = "features[subscription_update]";
    private const string Products = "features[subscription_update][products]";
    private const string ProOffer = $"{Products}[0][product]={{Pro}}&{Products}[0][prices][0]={{Pro monthly}}";

    public static TheoryData<string, string, int, string, string> Refusals => new()
    {
        // what, body (a form unless it starts with "{"), status, code, param
        { "unknown parameter", "colour=red", 400, "parameter_unknown", "colour" },
        { "unknown nested parameter", $"{Update}[promotion_codes]=true", 400, "parameter_unknown", $"{Update}[promotion_codes]" },
        { "unknown feature", "features[subscription_pause][enabled]=true", 400, "parameter_unknown", "features[subscription_pause]" },
        { "archiving on create", "active=false", 400, "parameter_unknown", "active" },
        { "name over 200 characters", "name=" + new string('n', 201), 400, "parameter_invalid", "name" },
        { "name not a string", """{"name":42}""", 400, "parameter_invalid", "name" },
        { "headline over Stripe's 60 characters", "business_profile[headline]=" + new string('h', 61), 400, "parameter_invalid", "business_profile[headline]" },
        { "business_profile not an object", "business_profile=acme", 400, "parameter_invalid", "business_profile" },
        { "privacy policy over plain http", "business_profile[privacy_policy_url]=http://acme.test/privacy", 400, "url_invalid", "business_profile[privacy_policy_url]" },
        { "relative terms URL", "business_profile[terms_of_service_url]=/terms", 400, "url_invalid", "business_profile[terms_of_service_url]" },
        { "script logo URL", "branding[logo_url]=javascript:alert(1)", 400, "url_invalid", "branding[logo_url]" },
        { "default return URL over plain http", "default_return_url=http://acme.test/account", 400, "url_invalid", "default_return_url" },
        { "refresh URL with credentials", "refresh_url=https://user:pw@acme.test/", 400, "url_invalid", "refresh_url" },
        { "colour by name", "branding[accent_color]=blue", 400, "parameter_invalid", "branding[accent_color]" },
        { "colour of five digits", "branding[accent_color]=#12345", 400, "parameter_invalid", "branding[accent_color]" },
        { "colour without #", "branding[accent_color]=4338CA", 400, "parameter_invalid", "branding[accent_color]" },
        { "unknown customer field", "features[customer_update][allowed_updates][0]=email&features[customer_update][allowed_updates][1]=shoe_size", 400, "parameter_invalid", "features[customer_update][allowed_updates][1]" },
        { "allowed updates not a list", """{"features":{"customer_update":{"allowed_updates":"email"}}}""", 400, "parameter_invalid", "features[customer_update][allowed_updates]" },
        { "switch not a boolean", "features[invoice_history][enabled]=yes", 400, "parameter_invalid", "features[invoice_history][enabled]" },
        { "unknown switch setting", "features[resubscribe][mode]=always", 400, "parameter_unknown", "features[resubscribe][mode]" },
        { "unknown cancel reason", "features[subscription_cancel][cancellation_reason][options][]=bored", 400, "parameter_invalid", "features[subscription_cancel][cancellation_reason][options][0]" },
        { "reason survey without reasons", "features[subscription_cancel][cancellation_reason][enabled]=true&features[subscription_cancel][cancellation_reason][options]=", 400, "parameter_invalid", "features[subscription_cancel][cancellation_reason][options]" },
        { "unknown cancel mode", "features[subscription_cancel][mode]=later", 400, "parameter_invalid", "features[subscription_cancel][mode]" },
        { "cancel proration Stripe has but VINR does not", "features[subscription_cancel][proration_behavior]=always_invoice", 400, "parameter_invalid", "features[subscription_cancel][proration_behavior]" },
        { "unknown update proration", $"{Update}[proration_behavior]=sometimes", 400, "parameter_invalid", $"{Update}[proration_behavior]" },
        { "promotion codes", $"{Update}[default_allowed_updates][]=promotion_code", 400, "parameter_invalid", $"{Update}[default_allowed_updates][0]" },
        { "plan changes without products", $"{Update}[enabled]=true", 400, "parameter_invalid", $"{Update}[enabled]" },
        { "plan changes with an empty product list", $"{Update}[enabled]=true&{Products}=", 400, "parameter_invalid", $"{Update}[enabled]" },
        { "products not a list", $"{Products}=prod_1", 400, "parameter_invalid", Products },
        { "a product without prices", $"{Products}[0][product]={{Pro}}", 400, "parameter_missing", $"{Products}[0][prices]" },
        { "a product with an empty price list", """{"features":{"subscription_update":{"products":[{"product":"{Pro}","prices":[]}]}}}""", 400, "parameter_invalid", $"{Products}[0][prices]" },
        { "prices without a product", $"{Products}[0][prices][0]={{Pro monthly}}", 400, "parameter_missing", $"{Products}[0][product]" },
        { "an unknown product field", $"{ProOffer}&{Products}[0][name]=Pro", 400, "parameter_unknown", $"{Products}[0][name]" },
        { "a missing product", $"{Products}[0][product]=prod_Missing000000000000000&{Products}[0][prices][0]={{Pro monthly}}", 404, "resource_missing", $"{Products}[0][product]" },
        { "a missing price", $"{ProOffer}&{Products}[0][prices][1]=price_Missing00000000000000", 404, "resource_missing", $"{Products}[0][prices][1]" },
        { "a price under another product", $"{ProOffer}&{Products}[1][product]={{Starter}}&{Products}[1][prices][0]={{Pro yearly}}", 400, "parameter_invalid", $"{Products}[1][prices][0]" },
        { "a price listed twice", $"{ProOffer}&{Products}[0][prices][1]={{Pro monthly}}", 400, "parameter_invalid", $"{Products}[0][prices][1]" },
        { "a product listed twice", $"{ProOffer}&{Products}[1][product]={{Pro}}&{Products}[1][prices][0]={{Pro yearly}}", 400, "parameter_invalid", $"{Products}[1][product]" },
        { "an archived price", $"{ProOffer}&{Products}[0][prices][1]={{Pro archived}}", 400, "parameter_invalid", $"{Products}[0][prices][1]" },
        { "an archived product", $"{Products}[0][product]={{Legacy}}&{Products}[0][prices][0]={{Legacy monthly}}", 400, "parameter_invalid", $"{Products}[0][product]" },
        { "two currencies", $"{ProOffer}&{Products}[0][prices][1]={{Pro euro}}", 400, "parameter_invalid", $"{Products}[0][prices][1]" },
        { "no seats", $"{Update}[quantity][minimum]=0", 400, "parameter_invalid", $"{Update}[quantity][minimum]" },
        { "more than 10,000 seats", $"{Update}[quantity][maximum]=10001", 400, "parameter_invalid", $"{Update}[quantity][maximum]" },
        { "seats as words", $"{Update}[quantity][minimum]=many", 400, "parameter_invalid", $"{Update}[quantity][minimum]" },
        { "minimum above maximum", $"{Update}[quantity][minimum]=20&{Update}[quantity][maximum]=10", 400, "parameter_invalid", $"{Update}[quantity][maximum]" },
        { "minimum above the default maximum", $"{Update}[quantity][minimum]=200", 400, "parameter_invalid", $"{Update}[quantity][minimum]" },
        { "fractional seats in json", """{"features":{"subscription_update":{"quantity":{"maximum":2.5}}}}""", 400, "parameter_invalid", $"{Update}[quantity][maximum]" },
        { "unknown schedule condition", $"{Update}[schedule_at_period_end][conditions][0][type]=sometimes", 400, "parameter_invalid", $"{Update}[schedule_at_period_end][conditions][0][type]" },
        { "schedule condition without a type", $"{Update}[schedule_at_period_end][conditions][0][when]=later", 400, "parameter_unknown", $"{Update}[schedule_at_period_end][conditions][0][when]" },
        { "unknown transition mode", $"{Update}[transitions][mode]=downgrades_only", 400, "parameter_invalid", $"{Update}[transitions][mode]" },
        { "a table of moves without mode=table", $"{ProOffer}&{Update}[transitions][allowed][0][from]={{Pro monthly}}&{Update}[transitions][allowed][0][to]={{Pro monthly}}", 400, "parameter_invalid", $"{Update}[transitions][allowed]" },
        { "a move from a price not offered", $"{ProOffer}&{Update}[transitions][mode]=table&{Update}[transitions][allowed][0][from]={{Starter monthly}}&{Update}[transitions][allowed][0][to]={{Pro monthly}}", 400, "parameter_invalid", $"{Update}[transitions][allowed][0][from]" },
        { "a move to a price not offered", $"{ProOffer}&{Update}[transitions][mode]=table&{Update}[transitions][allowed][0][from]={{Pro monthly}}&{Update}[transitions][allowed][0][to]={{Pro yearly}}", 400, "parameter_invalid", $"{Update}[transitions][allowed][0][to]" },
        { "a move to the same price", $"{ProOffer}&{Update}[transitions][mode]=table&{Update}[transitions][allowed][0][from]={{Pro monthly}}&{Update}[transitions][allowed][0][to]={{Pro monthly}}", 400, "parameter_invalid", $"{Update}[transitions][allowed][0][to]" },
        { "a move without its destination", $"{ProOffer}&{Update}[transitions][mode]=table&{Update}[transitions][allowed][0][from]={{Pro monthly}}", 400, "parameter_missing", $"{Update}[transitions][allowed][0][to]" },
        { "metadata key over 40 characters", "metadata[" + new string('k', 41) + "]=v", 400, "parameter_invalid", "metadata" },
        { "metadata value over 500 characters", "metadata[note]=" + new string('v', 501), 400, "parameter_invalid", "metadata[note]" },
        { "metadata not an object", """{"metadata":["a"]}""", 400, "parameter_invalid", "metadata" },
        { "is_default not a boolean", "is_default=maybe", 400, "parameter_invalid", "is_default" },
        { "features not an object", "features=all", 400, "parameter_invalid", "features" },
    };

    private async Task<HttpContent> BodyAsync(string body)
    {
        await EnsurePriceAsync(factory, "Pro euro", "Pro", currency: "eur");
        await EnsurePriceAsync(factory, "Pro archived", "Pro", active: false);
        await EnsurePriceAsync(factory, "Legacy monthly", "Legacy", productActive: false);
        var filled = (await CatalogAsync(factory)).Fill(body);
        return filled.StartsWith('{') ? Json(filled) : Form(filled);
    }

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task Each_invalid_create_is_refused_naming_the_parameter(string what, string body, int status, string code, string param)
    {
        using var api = factory.CreateApiClient();
        var before = await factory.WithDbAsync(db => Task.FromResult(db.PortalConfigurations.Count()));

        var response = await api.PostAsync(Endpoint, await BodyAsync(body));

        var error = await response.ErrorAsync();
        Assert.True(status == (int)response.StatusCode, $"{what}: {(int)response.StatusCode} {error}");
        Assert.Equal("invalid_request_error", error.GetProperty("type").GetString());
        Assert.Equal(code, error.GetProperty("code").GetString());
        Assert.Equal(param, error.GetProperty("param").GetString());
        Assert.False(string.IsNullOrWhiteSpace(error.GetProperty("message").GetString()));
        Assert.Equal(before, await factory.WithDbAsync(db => Task.FromResult(db.PortalConfigurations.Count())));
    }

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task Each_invalid_update_is_refused_the_same_way_and_changes_nothing(string what, string body, int status, string code, string param)
    {
        if (body.StartsWith("active=", StringComparison.Ordinal))
        {
            return; // archiving is an update parameter
        }
        using var api = factory.CreateApiClient();
        var configuration = await CreateAsync(api, Form(("name", "Untouched")));

        var response = await api.PostAsync($"{Endpoint}/{configuration.Id()}", await BodyAsync(body));

        var error = await response.ErrorAsync();
        Assert.True(status == (int)response.StatusCode, $"{what}: {(int)response.StatusCode} {error}");
        Assert.Equal(code, error.GetProperty("code").GetString());
        Assert.Equal(param, error.GetProperty("param").GetString());
        Assert.Equal(configuration.ToString(), (await GetAsync(api, configuration.Id())).ToString());
    }

    [Fact]
    public async Task Currencies_are_explained_citing_both_prices()
    {
        using var api = factory.CreateApiClient();

        var response = await api.PostAsync(Endpoint, await BodyAsync($"{ProOffer}&{Products}[0][prices][1]={{Pro euro}}"));

        var message = (await response.ErrorAsync()).GetProperty("message").GetString()!;
        Assert.Contains("EUR", message, StringComparison.Ordinal);
        Assert.Contains("USD", message, StringComparison.Ordinal);
        Assert.Contains($"{Products}[0][prices][0]", message, StringComparison.Ordinal);
        Assert.Contains("one configuration per currency", message.Replace("make one per currency", "one configuration per currency", StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_price_reads_like_any_missing_object()
    {
        using var api = factory.CreateApiClient();

        var response = await api.PostAsync(Endpoint, await BodyAsync($"{ProOffer}&{Products}[0][prices][1]=price_Missing00000000000000"));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("No such price: 'price_Missing00000000000000'.", (await response.ErrorAsync()).GetProperty("message").GetString());
    }
}
