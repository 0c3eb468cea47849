using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Vinr.Portal.Api.Features.Subscriptions;
using Vinr.Portal.Tests.Support;

namespace Vinr.Portal.Tests.Features.BillingPortal.Sessions;

/// <summary>Deep links (<c>flow_data</c>): checked when the session is minted, shown on the session, and where Continue lands.</summary>
public sealed class SessionFlowTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    private const string Path = "/v1/billing-portal/sessions";

    private async Task<(HttpResponseMessage Response, JsonElement Body)> CreateAsync(TestData.Subscriber s, params (string Key, string Value)[] flow)
    {
        using var api = factory.CreateApiClient();
        var configuration = s.Access.ConfigurationId;
        var response = await api.PostAsync(Path, new FormUrlEncodedContent(
            [new("customer", s.Access.CustomerId), new("configuration", configuration), new("return_url", "https://example.com/account"),
             .. flow.Select(p => new KeyValuePair<string, string>(p.Key, p.Value))]));
        return (response, await response.Content.ReadFromJsonAsync<JsonElement>());
    }

    private static async Task<JsonElement> ErrorOf(Task<(HttpResponseMessage Response, JsonElement Body)> created)
    {
        var (response, body) = await created;
        Assert.True(response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.NotFound, body.ToString());
        return body.GetProperty("error");
    }

    private Task<string> PriceAsync(string nickname) =>
        factory.WithDbAsync(db => db.Prices.Where(p => p.MerchantId == PortalFactory.DemoMerchant && p.Nickname == nickname).Select(p => p.Id).FirstAsync());

    [Fact]
    public async Task A_cancel_flow_is_shown_on_the_session_in_stripes_shape()
    {
        var s = await TestData.SubscriberAsync(factory);

        var (response, session) = await CreateAsync(s, ("flow_data[type]", "subscription_cancel"), ("flow_data[subscription_cancel][subscription]", s.SubscriptionId),
            ("flow_data[subscription_cancel][retention][type]", "survey"),
            ("flow_data[after_completion][type]", "redirect"), ("flow_data[after_completion][redirect][return_url]", "https://example.com/thanks"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var flow = session.GetProperty("flow");
        Assert.Equal("subscription_cancel", flow.GetProperty("type").GetString());
        Assert.Equal(s.SubscriptionId, flow.GetProperty("subscription_cancel").GetProperty("subscription").GetString());
        Assert.Equal("survey", flow.GetProperty("subscription_cancel").GetProperty("retention").GetProperty("type").GetString());
        Assert.Equal("redirect", flow.GetProperty("after_completion").GetProperty("type").GetString());
        Assert.Equal("https://example.com/thanks", flow.GetProperty("after_completion").GetProperty("redirect").GetProperty("return_url").GetString());
        Assert.Equal(JsonValueKind.Null, flow.GetProperty("subscription_update").ValueKind);
    }

    [Fact]
    public async Task A_confirm_flow_as_json_equals_the_same_flow_as_a_form_and_survives_a_retrieve()
    {
        var s = await TestData.SubscriberAsync(factory);
        var business = await PriceAsync("Business monthly");
        using var api = factory.CreateApiClient();

        var (_, fromForm) = await CreateAsync(s, ("flow_data[type]", "subscription_update_confirm"),
            ("flow_data[subscription_update_confirm][subscription]", s.SubscriptionId),
            ("flow_data[subscription_update_confirm][items][0][price]", business), ("flow_data[subscription_update_confirm][items][0][quantity]", "3"),
            ("flow_data[after_completion][type]", "hosted_confirmation"), ("flow_data[after_completion][hosted_confirmation][custom_message]", "Welcome to Business."));
        var fromJson = await (await api.PostAsync(Path, new StringContent($$$"""
            {"customer":"{{{s.Access.CustomerId}}}","configuration":"{{{s.Access.ConfigurationId}}}","return_url":"https://example.com/account",
             "flow_data":{"type":"subscription_update_confirm","subscription_update_confirm":{"subscription":"{{{s.SubscriptionId}}}","items":[{"price":"{{{business}}}","quantity":3 } ] },
               "after_completion":{"type":"hosted_confirmation","hosted_confirmation":{"custom_message":"Welcome to Business." } } } }
            """, Encoding.UTF8, "application/json"))).Content.ReadFromJsonAsync<JsonElement>();
        var retrieved = await api.GetFromJsonAsync<JsonElement>($"{Path}/{fromForm.GetProperty("id").GetString()}");

        Assert.Equal(fromForm.GetProperty("flow").GetRawText(), fromJson.GetProperty("flow").GetRawText());
        Assert.Equal(fromForm.GetProperty("flow").GetRawText(), retrieved.GetProperty("flow").GetRawText());
        var item = fromForm.GetProperty("flow").GetProperty("subscription_update_confirm").GetProperty("items")[0];
        Assert.Equal((business, 3L), (item.GetProperty("price").GetString(), item.GetProperty("quantity").GetInt64()));
        Assert.Equal("Welcome to Business.", fromForm.GetProperty("flow").GetProperty("after_completion").GetProperty("hosted_confirmation").GetProperty("custom_message").GetString());
    }

    [Fact]
    public async Task Continue_lands_in_the_flows_task()
    {
        var s = await TestData.SubscriberAsync(factory);
        var (_, session) = await CreateAsync(s, ("flow_data[type]", "subscription_update"), ("flow_data[subscription_update][subscription]", s.SubscriptionId));
        using var browser = factory.CreateBrowser();

        var redeemed = await Links.ContinueAsync(browser, Links.PathOf(session));

        Assert.Equal(HttpStatusCode.SeeOther, redeemed.StatusCode);
        Assert.Equal($"/subscriptions/{s.SubscriptionId}/plan", redeemed.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task Another_customers_subscription_reads_as_missing()
    {
        var mine = await TestData.SubscriberAsync(factory);
        var theirs = await TestData.SubscriberAsync(factory);

        var (response, body) = await CreateAsync(mine, ("flow_data[type]", "subscription_cancel"), ("flow_data[subscription_cancel][subscription]", theirs.SubscriptionId));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("resource_missing", body.GetProperty("error").GetProperty("code").GetString());
        Assert.Equal("flow_data[subscription_cancel][subscription]", body.GetProperty("error").GetProperty("param").GetString());
    }

    [Fact]
    public async Task A_subscription_that_cannot_take_the_flow_is_refused_with_the_portals_own_reason()
    {
        var canceled = await TestData.SubscriberAsync(factory, status: SubscriptionStatus.Canceled);
        var pastDue = await TestData.SubscriberAsync(factory, status: SubscriptionStatus.PastDue);

        var cancel = await ErrorOf(CreateAsync(canceled, ("flow_data[type]", "subscription_cancel"), ("flow_data[subscription_cancel][subscription]", canceled.SubscriptionId)));
        var update = await ErrorOf(CreateAsync(pastDue, ("flow_data[type]", "subscription_update"), ("flow_data[subscription_update][subscription]", pastDue.SubscriptionId)));

        Assert.Equal("flow_data[subscription_cancel][subscription]", cancel.GetProperty("param").GetString());
        Assert.Contains("cannot be cancelled here", cancel.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal("flow_data[subscription_update][subscription]", update.GetProperty("param").GetString());
        Assert.Contains("Pay your open invoice", update.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_confirm_flow_must_name_a_change_the_configuration_allows()
    {
        var s = await TestData.SubscriberAsync(factory, features: f => f.SubscriptionUpdate.QuantityMax = 5);
        var business = await PriceAsync("Business monthly");
        var pro = await PriceAsync("Pro monthly");
        (string, string)[] Confirm(string price, string quantity) =>
        [
            ("flow_data[type]", "subscription_update_confirm"), ("flow_data[subscription_update_confirm][subscription]", s.SubscriptionId),
            ("flow_data[subscription_update_confirm][items][0][price]", price), ("flow_data[subscription_update_confirm][items][0][quantity]", quantity),
        ];

        var tooMany = await ErrorOf(CreateAsync(s, Confirm(business, "6")));
        var unknown = await ErrorOf(CreateAsync(s, Confirm("price_nope", "1")));
        var same = await ErrorOf(CreateAsync(s, Confirm(pro, "1")));

        Assert.Equal("flow_data[subscription_update_confirm][items][0][quantity]", tooMany.GetProperty("param").GetString());
        Assert.Equal("flow_data[subscription_update_confirm][items][0][price]", unknown.GetProperty("param").GetString());
        Assert.Contains("current plan", same.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_payment_method_flow_needs_the_feature_on()
    {
        var s = await TestData.SubscriberAsync(factory, features: f => f.PaymentMethodUpdate = false);

        var error = await ErrorOf(CreateAsync(s, ("flow_data[type]", "payment_method_update")));

        Assert.Equal("flow_data[type]", error.GetProperty("param").GetString());
        Assert.Contains("features[payment_method_update]", error.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("flow_data[type]", "subscription_pause", "flow_data[type]", "parameter_invalid")]
    [InlineData("flow_data[payment_method_update][surprise]", "1", "flow_data[payment_method_update][surprise]", "parameter_unknown")]
    [InlineData("flow_data[after_completion][type]", "redirect", "flow_data[after_completion][redirect]", "parameter_missing")]
    [InlineData("flow_data[after_completion][redirect][return_url]", "http://example.com/x", "flow_data[after_completion][redirect][return_url]", "url_invalid")]
    public async Task A_malformed_flow_is_refused_citing_the_parameter(string key, string value, string param, string code)
    {
        var s = await TestData.SubscriberAsync(factory);
        (string, string)[] flow = key.StartsWith("flow_data[after_completion]", StringComparison.Ordinal)
            ? [("flow_data[type]", "payment_method_update"), ("flow_data[after_completion][type]", "redirect"), (key, value)]
            : [("flow_data[type]", key == "flow_data[type]" ? value : "payment_method_update"), (key, value)];

        var error = await ErrorOf(CreateAsync(s, [.. flow.DistinctBy(p => p.Item1)]));

        Assert.Equal((param, code), (error.GetProperty("param").GetString(), error.GetProperty("code").GetString()));
    }
}
