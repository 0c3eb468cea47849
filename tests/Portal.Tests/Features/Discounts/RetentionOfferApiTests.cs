using System.Net.Http.Json;
using System.Text.Json;
using Vinr.Portal.Tests.Support;
using static Vinr.Portal.Tests.Features.BillingPortal.Configurations.ConfigurationApi;
using static Vinr.Portal.Tests.Features.Products.CatalogApi;

namespace Vinr.Portal.Tests.Features.Discounts;

/// <summary>
/// The retention offer through the API: a configuration's <c>features[subscription_cancel][retention]</c> (beyond Stripe) and a
/// session's <c>flow_data[subscription_cancel][retention]</c> (Stripe's <c>coupon_offer</c>); the coupon must be the merchant's.
/// </summary>
public sealed class RetentionOfferApiTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    private const string Offer = "features[subscription_cancel][retention][coupon_offer][coupon]";

    private static async Task<string> CouponAsync(HttpClient api) => (await OkAsync(await api.PostAsync("/v1/coupons", Form(("percent_off", "50"))))).Id();

    [Fact]
    public async Task A_configuration_takes_one_of_the_merchants_coupons_and_shows_it_in_stripes_flow_shape()
    {
        using var api = factory.CreateApiClient();
        var coupon = await CouponAsync(api);

        var created = await CreateAsync(api, Form(("features[subscription_cancel][retention][type]", "coupon_offer"), (Offer, coupon)));

        var retention = created.GetProperty("features").GetProperty("subscription_cancel").GetProperty("retention");
        Assert.Equal($$$"""{"type":"coupon_offer","coupon_offer":{"coupon":"{{{coupon}}}"}}""", retention.GetRawText());
        var fromJson = await CreateAsync(api, Json($$$$$$"""{"features":{"subscription_cancel":{"retention":{"coupon_offer":{"coupon":"{{{{{{coupon}}}}}}"}}}}}"""));
        Assert.Equal(retention.GetRawText(), fromJson.GetProperty("features").GetProperty("subscription_cancel").GetProperty("retention").GetRawText());

        var removed = await UpdateAsync(api, created.Id(), Form(("features[subscription_cancel][retention]", "")));
        Assert.Equal(JsonValueKind.Null, removed.GetProperty("features").GetProperty("subscription_cancel").GetProperty("retention").ValueKind);
    }

    [Fact]
    public async Task An_unknown_deleted_or_other_merchants_coupon_is_missing_and_nothing_is_written()
    {
        using var api = factory.CreateApiClient();
        var deleted = await CouponAsync(api);
        await OkAsync(await api.DeleteAsync($"/v1/coupons/{deleted}"));
        var (other, _) = await MerchantAsync(factory);
        using var _other = other;
        var othersCoupon = await CouponAsync(other);
        var configuration = await CreateAsync(api, Form(("name", "No offer")));

        foreach (var coupon in new[] { "NOPE", deleted, othersCoupon })
        {
            Assert.Equal(("resource_missing", Offer, 404), await ErrorOfAsync(await api.PostAsync(Endpoint, Form((Offer, coupon)))));
            Assert.Equal(("resource_missing", Offer, 404), await ErrorOfAsync(await api.PostAsync($"{Endpoint}/{configuration.Id()}", Form((Offer, coupon)))));
        }
        Assert.Equal(JsonValueKind.Null, (await GetAsync(api, configuration.Id())).GetProperty("features").GetProperty("subscription_cancel").GetProperty("retention").ValueKind);
    }

    [Theory]
    [InlineData("features[subscription_cancel][retention][type]", "survey", "parameter_invalid", "features[subscription_cancel][retention][type]")]
    [InlineData("features[subscription_cancel][retention][type]", "coupon_offer", "parameter_missing", "features[subscription_cancel][retention][coupon_offer][coupon]")]
    [InlineData("features[subscription_cancel][retention][coupon_offer][percent]", "50", "parameter_unknown", "features[subscription_cancel][retention][coupon_offer][percent]")]
    public async Task A_malformed_offer_is_refused_by_name(string key, string value, string code, string param)
    {
        using var api = factory.CreateApiClient();

        Assert.Equal((code, param, 400), await ErrorOfAsync(await api.PostAsync(Endpoint, Form((key, value)))));
    }

    [Fact]
    public async Task A_cancel_deep_link_carries_a_coupon_offer_of_the_merchants_own()
    {
        using var api = factory.CreateApiClient();
        var s = await TestData.SubscriberAsync(factory);
        var coupon = await CouponAsync(api);
        (string, string)[] Flow(string couponId) =>
        [
            ("customer", s.Access.CustomerId), ("configuration", s.Access.ConfigurationId), ("return_url", "https://example.com/account"),
            ("flow_data[type]", "subscription_cancel"), ("flow_data[subscription_cancel][subscription]", s.SubscriptionId),
            ("flow_data[subscription_cancel][retention][type]", "coupon_offer"), ("flow_data[subscription_cancel][retention][coupon_offer][coupon]", couponId),
        ];

        var session = await OkAsync(await api.PostAsync("/v1/billing-portal/sessions", Form(Flow(coupon))));
        var missing = await api.PostAsync("/v1/billing-portal/sessions", Form(Flow("NOPE")));

        Assert.Equal($$$"""{"type":"coupon_offer","coupon_offer":{"coupon":"{{{coupon}}}"}}""",
            session.GetProperty("flow").GetProperty("subscription_cancel").GetProperty("retention").GetRawText());
        Assert.Equal(("resource_missing", "flow_data[subscription_cancel][retention][coupon_offer][coupon]", 404), await ErrorOfAsync(missing));
    }
}
