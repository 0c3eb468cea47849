using System.Text.Json;
using Vinr.Portal.Tests.Support;
using static Vinr.Portal.Tests.Features.BillingPortal.Configurations.ConfigurationApi;
using static Vinr.Portal.Tests.Features.Products.CatalogApi;

namespace Vinr.Portal.Tests.Features.Discounts;

/// <summary><c>/v1/coupons</c> in Stripe's shape: create, retrieve, update (name and metadata only), delete, list, and every refusal.</summary>
public sealed class CouponApiTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    [Fact]
    public async Task Create_answers_a_stripe_coupon_and_writes_its_event()
    {
        var (api, _) = await MerchantAsync(factory);
        using var _api = api;

        var coupon = await OkAsync(await api.PostAsync("/v1/coupons", Form(
            ("percent_off", "12.5"), ("duration", "repeating"), ("duration_in_months", "3"), ("name", "Win-back"), ("max_redemptions", "10"), ("metadata[k]", "v"))));

        Assert.StartsWith("co_", coupon.Id());
        Assert.Equal(("coupon", 12.5m, "repeating", 3, "Win-back", 10, 0, true), (coupon.GetProperty("object").GetString(), coupon.GetProperty("percent_off").GetDecimal(),
            coupon.GetProperty("duration").GetString(), coupon.GetProperty("duration_in_months").GetInt32(), coupon.GetProperty("name").GetString(),
            coupon.GetProperty("max_redemptions").GetInt32(), coupon.GetProperty("times_redeemed").GetInt32(), coupon.GetProperty("valid").GetBoolean()));
        Assert.Equal(JsonValueKind.Null, coupon.GetProperty("amount_off").ValueKind);
        Assert.Equal(JsonValueKind.Null, coupon.GetProperty("currency").ValueKind);
        Assert.Equal("v", coupon.GetProperty("metadata").GetProperty("k").GetString());
        Assert.Equal(["coupon.created"], await EventTypesAsync(factory, coupon.Id()));
    }

    [Fact]
    public async Task An_amount_off_with_its_own_id_from_json_reads_back_the_same()
    {
        var (api, _) = await MerchantAsync(factory);
        using var _api = api;

        var redeemBy = factory.Time.GetUtcNow().AddDays(30).ToUnixTimeSeconds();
        var created = await OkAsync(await api.PostAsync("/v1/coupons", Json($$"""{"id":"FIVE-OFF","amount_off":500,"currency":"USD","duration":"forever","redeem_by":{{redeemBy}}}""")));
        var read = await OkAsync(await api.GetAsync("/v1/coupons/FIVE-OFF"));

        Assert.Equal(("FIVE-OFF", 500L, "usd", "forever", redeemBy), (created.Id(), created.GetProperty("amount_off").GetInt64(), created.GetProperty("currency").GetString(),
            created.GetProperty("duration").GetString(), created.GetProperty("redeem_by").GetInt64()));
        Assert.Equal(created.ToString(), read.ToString());
    }

    [Fact]
    public async Task Duration_defaults_to_once_as_in_stripe()
    {
        var (api, _) = await MerchantAsync(factory);
        using var _api = api;

        var coupon = await OkAsync(await api.PostAsync("/v1/coupons", Form(("percent_off", "100"))));

        Assert.Equal("once", coupon.GetProperty("duration").GetString());
        Assert.Equal(JsonValueKind.Null, coupon.GetProperty("duration_in_months").ValueKind);
    }

    [Theory]
    [InlineData("percent_off=0", "parameter_invalid", "percent_off")]
    [InlineData("percent_off=100.5", "parameter_invalid", "percent_off")]
    [InlineData("percent_off=12.345", "parameter_invalid", "percent_off")]
    [InlineData("percent_off=ten", "parameter_invalid", "percent_off")]
    [InlineData("duration=once", "parameter_missing", "percent_off")]
    [InlineData("percent_off=10&amount_off=500&currency=usd", "parameter_invalid", "amount_off")]
    [InlineData("amount_off=500", "parameter_missing", "currency")]
    [InlineData("amount_off=0&currency=usd", "parameter_invalid", "amount_off")]
    [InlineData("amount_off=500&currency=usdd", "parameter_invalid", "currency")]
    [InlineData("percent_off=10&currency=usd", "parameter_invalid", "currency")]
    [InlineData("percent_off=10&duration=weekly", "parameter_invalid", "duration")]
    [InlineData("percent_off=10&duration=repeating", "parameter_missing", "duration_in_months")]
    [InlineData("percent_off=10&duration=repeating&duration_in_months=0", "parameter_invalid", "duration_in_months")]
    [InlineData("percent_off=10&duration=forever&duration_in_months=3", "parameter_invalid", "duration_in_months")]
    [InlineData("percent_off=10&max_redemptions=0", "parameter_invalid", "max_redemptions")]
    [InlineData("percent_off=10&redeem_by=1000", "parameter_invalid", "redeem_by")]
    [InlineData("percent_off=10&id=has%20space", "parameter_invalid", "id")]
    [InlineData("percent_off=10&name=0123456789012345678901234567890123456789X", "parameter_invalid", "name")]
    [InlineData("percent_off=10&times_redeemed=3", "parameter_unknown", "times_redeemed")]
    public async Task A_bad_create_is_refused_naming_the_parameter(string body, string code, string param)
    {
        var (api, _) = await MerchantAsync(factory);
        using var _api = api;

        var response = await api.PostAsync("/v1/coupons", Form(body));

        Assert.Equal((code, param, 400), await ErrorOfAsync(response));
    }

    [Fact]
    public async Task An_id_already_taken_is_refused_but_another_merchant_may_use_it()
    {
        var (api, _) = await MerchantAsync(factory);
        var (other, _) = await MerchantAsync(factory);
        using var _api = api;
        using var _other = other;
        await OkAsync(await api.PostAsync("/v1/coupons", Form(("id", "WINBACK"), ("percent_off", "50"))));

        var again = await api.PostAsync("/v1/coupons", Form(("id", "WINBACK"), ("percent_off", "20")));
        var elsewhere = await other.PostAsync("/v1/coupons", Form(("id", "WINBACK"), ("percent_off", "20")));

        Assert.Equal(("resource_already_exists", "id", 400), await ErrorOfAsync(again));
        Assert.Equal(20m, (await OkAsync(elsewhere)).GetProperty("percent_off").GetDecimal());
        Assert.Equal(50m, (await OkAsync(await api.GetAsync("/v1/coupons/WINBACK"))).GetProperty("percent_off").GetDecimal());
    }

    [Fact]
    public async Task Update_changes_the_name_and_metadata_and_refuses_every_term()
    {
        var (api, _) = await MerchantAsync(factory);
        using var _api = api;
        var id = (await OkAsync(await api.PostAsync("/v1/coupons", Form(("percent_off", "50"), ("name", "Old"))))).Id();

        var renamed = await OkAsync(await api.PostAsync($"/v1/coupons/{id}", Form(("name", "Win-back"), ("metadata[campaign]", "spring"))));

        Assert.Equal(("Win-back", "spring"), (renamed.GetProperty("name").GetString(), renamed.GetProperty("metadata").GetProperty("campaign").GetString()));
        foreach (var (term, value) in new[] { ("percent_off", "10"), ("amount_off", "100"), ("currency", "eur"), ("duration", "forever"),
            ("duration_in_months", "2"), ("max_redemptions", "5"), ("redeem_by", "4102444800") })
        {
            Assert.Equal(("parameter_invalid", term, 400), await ErrorOfAsync(await api.PostAsync($"/v1/coupons/{id}", Form((term, value)))));
        }
        Assert.Equal(50m, (await OkAsync(await api.GetAsync($"/v1/coupons/{id}"))).GetProperty("percent_off").GetDecimal());
        Assert.Equal(["coupon.created", "coupon.updated"], await EventTypesAsync(factory, id));
    }

    [Fact]
    public async Task Delete_answers_deleted_and_the_coupon_is_gone_from_the_api()
    {
        var (api, _) = await MerchantAsync(factory);
        using var _api = api;
        var id = (await OkAsync(await api.PostAsync("/v1/coupons", Form(("percent_off", "50"))))).Id();

        var deleted = await OkAsync(await api.DeleteAsync($"/v1/coupons/{id}"));

        Assert.Equal($$"""{"id":"{{id}}","object":"coupon","deleted":true}""", deleted.GetRawText());
        Assert.Equal(("resource_missing", "id", 404), await ErrorOfAsync(await api.GetAsync($"/v1/coupons/{id}")));
        Assert.Equal(("resource_missing", "id", 404), await ErrorOfAsync(await api.DeleteAsync($"/v1/coupons/{id}")));
        Assert.Equal(("resource_missing", "id", 404), await ErrorOfAsync(await api.PostAsync($"/v1/coupons/{id}", Form(("name", "x")))));
        Assert.Equal(["coupon.created", "coupon.deleted"], await EventTypesAsync(factory, id));
    }

    [Fact]
    public async Task Another_merchants_coupon_reads_as_missing()
    {
        var (api, _) = await MerchantAsync(factory);
        var (other, _) = await MerchantAsync(factory);
        using var _api = api;
        using var _other = other;
        var id = (await OkAsync(await api.PostAsync("/v1/coupons", Form(("percent_off", "50"))))).Id();

        Assert.Equal(("resource_missing", "id", 404), await ErrorOfAsync(await other.GetAsync($"/v1/coupons/{id}")));
        Assert.Equal(("resource_missing", "id", 404), await ErrorOfAsync(await other.DeleteAsync($"/v1/coupons/{id}")));
    }

    [Fact]
    public async Task List_is_newest_first_pages_and_leaves_deleted_coupons_out()
    {
        var (api, _) = await MerchantAsync(factory);
        using var _api = api;
        var ids = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            factory.Time.Advance(TimeSpan.FromSeconds(1));
            ids.Add((await OkAsync(await api.PostAsync("/v1/coupons", Form(("percent_off", $"{10 + i}"))))).Id());
        }
        await OkAsync(await api.DeleteAsync($"/v1/coupons/{ids[1]}"));

        var first = await OkAsync(await api.GetAsync("/v1/coupons?limit=1"));
        var rest = await OkAsync(await api.GetAsync($"/v1/coupons?limit=5&starting_after={first.GetProperty("data")[0].Id()}"));

        Assert.Equal(("list", "/v1/coupons", true), (first.GetProperty("object").GetString(), first.GetProperty("url").GetString(), first.GetProperty("has_more").GetBoolean()));
        Assert.Equal(ids[2], first.GetProperty("data")[0].Id());
        Assert.Equal([ids[0]], rest.GetProperty("data").EnumerateArray().Select(c => c.Id()));
        Assert.False(rest.GetProperty("has_more").GetBoolean());
    }
}
