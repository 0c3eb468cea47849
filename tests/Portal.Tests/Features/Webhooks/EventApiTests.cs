using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Vinr.Portal.Api.Features.BillingPortal.Sessions;
using Vinr.Portal.Api.Features.Subscriptions;
using Vinr.Portal.Tests.Support;
using static Vinr.Portal.Tests.Features.Webhooks.WebhookApi;

namespace Vinr.Portal.Tests.Features.Webhooks;

public sealed class EventApiTests(WebhookFactory factory) : IClassFixture<WebhookFactory>
{
    private const string Events = "/v1/events";

    [Fact]
    public async Task An_event_reads_in_Stripes_shape_with_where_it_came_from()
    {
        var merchant = await TestData.AddMerchantAsync(factory, livemode: false);
        using var api = factory.CreateApiClient(merchant.Key);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/billing-portal/sessions") { Content = Form(("customer", merchant.CustomerId)) };
        request.Headers.Add("Idempotency-Key", "session-for-event-1");
        var response = await api.SendAsync(request);
        var session = await OkAsync(response);

        var list = await OkAsync(await api.GetAsync(Events));
        var listed = Assert.Single(list.GetProperty("data").EnumerateArray());
        var e = await OkAsync(await api.GetAsync($"{Events}/{listed.Id()}"));

        Assert.StartsWith("evt_", e.Id());
        Assert.Equal("event", e.GetProperty("object").GetString());
        Assert.Equal("billing_portal.session.created", e.GetProperty("type").GetString());
        Assert.Equal(factory.Time.GetUtcNow().ToUnixTimeSeconds(), e.GetProperty("created").GetInt64());
        Assert.False(e.GetProperty("livemode").GetBoolean());
        Assert.False(string.IsNullOrEmpty(e.GetProperty("api_version").GetString()));
        Assert.Equal(session.Id(), e.GetProperty("data").GetProperty("object").GetProperty("id").GetString());
        Assert.Equal(0, e.GetProperty("pending_webhooks").GetInt32());
        Assert.Equal("session-for-event-1", e.GetProperty("request").GetProperty("idempotency_key").GetString());
        Assert.Equal(response.Headers.GetValues("Request-Id").Single(), e.GetProperty("request").GetProperty("id").GetString());
        Assert.Equal("api", e.GetProperty("source").GetString());
        Assert.Equal(listed.ToString(), e.ToString());

        var parsed = Stripe.StripeEntity.FromJson<Stripe.Event>(e.ToString());
        Assert.Equal(e.Id(), parsed.Id);
        Assert.Equal(session.Id(), ((Stripe.BillingPortal.Session)parsed.Data.Object).Id);
    }

    [Fact]
    public async Task A_portal_cancellation_event_carries_the_session_its_flow_and_the_reason()
    {
        var s = await TestData.SubscriberAsync(factory, features: f => f.SubscriptionCancel.ReasonEnabled = true);
        var access = s.Access with { Flow = new PortalFlow(FlowType.SubscriptionCancel, AfterCompletion.Homepage, s.SubscriptionId) };
        var outcome = await factory.Services.GetRequiredService<SubscriptionChanges>().CancelAsync(access, s.SubscriptionId, "too_expensive", "Costs too much", CancellationToken.None);
        Assert.True(outcome.Succeeded, outcome.Problem?.Message);

        using var api = factory.CreateApiClient();
        var e = (await OkAsync(await api.GetAsync($"{Events}?type=customer.subscription.updated&limit=1"))).GetProperty("data")[0];
        Assert.Equal(s.SubscriptionId, e.GetProperty("data").GetProperty("object").GetProperty("id").GetString());
        Assert.Equal("portal", e.GetProperty("source").GetString());
        Assert.Equal(access.SessionId, e.GetProperty("portal_session").GetString());
        Assert.Equal("subscription_cancel", e.GetProperty("flow").GetString());
        Assert.Equal(JsonValueKind.Null, e.GetProperty("request").GetProperty("id").ValueKind);
        var details = e.GetProperty("data").GetProperty("object").GetProperty("cancellation_details");
        Assert.Equal("too_expensive", details.GetProperty("reason").GetString());
        Assert.Equal("Costs too much", details.GetProperty("feedback").GetString());
    }

    [Fact]
    public async Task Lists_filter_by_type_types_and_time_and_page_with_both_cursors()
    {
        var merchant = await TestData.AddMerchantAsync(factory, livemode: false);
        using var api = factory.CreateApiClient(merchant.Key);
        Assert.Empty((await OkAsync(await api.GetAsync(Events))).DataIds());
        var start = factory.Time.GetUtcNow().ToUnixTimeSeconds();
        for (var i = 0; i < 3; i++)
        {
            await factory.CreateSessionAsync(merchant.CustomerId, key: merchant.Key);
            factory.Time.Advance(TimeSpan.FromSeconds(10));
        }
        var all = (await OkAsync(await api.GetAsync($"{Events}?limit=100"))).DataIds().ToList();
        Assert.Equal(3, all.Count);

        Assert.Equal(all, (await OkAsync(await api.GetAsync($"{Events}?type=billing_portal.session.created"))).DataIds());
        Assert.Empty((await OkAsync(await api.GetAsync($"{Events}?type=invoice.paid"))).DataIds());
        Assert.Equal(all, (await OkAsync(await api.GetAsync($"{Events}?types[]=invoice.paid&types[]=billing_portal.session.created"))).DataIds());
        Assert.Equal(all[..2], (await OkAsync(await api.GetAsync($"{Events}?created[gte]={start + 10}"))).DataIds());
        Assert.Equal(all[1..], (await OkAsync(await api.GetAsync($"{Events}?created[lte]={start + 10}"))).DataIds());

        var page = await OkAsync(await api.GetAsync($"{Events}?limit=2"));
        Assert.Equal(all[..2], page.DataIds());
        Assert.True(page.GetProperty("has_more").GetBoolean());
        var rest = await OkAsync(await api.GetAsync($"{Events}?limit=2&starting_after={all[1]}"));
        Assert.Equal(all[2..], rest.DataIds());
        Assert.False(rest.GetProperty("has_more").GetBoolean());
        var before = await OkAsync(await api.GetAsync($"{Events}?limit=2&ending_before={all[2]}"));
        Assert.Equal(all[..2], before.DataIds());
        Assert.False(before.GetProperty("has_more").GetBoolean());
        var exact = await OkAsync(await api.GetAsync($"{Events}?limit=3"));
        Assert.False(exact.GetProperty("has_more").GetBoolean());

        await AssertErrorAsync(await api.GetAsync($"{Events}?limit=101"), 400, "parameter_invalid", "limit");
        await AssertErrorAsync(await api.GetAsync($"{Events}?created[gte]=soon"), 400, "parameter_invalid", "created[gte]");
        await AssertErrorAsync(await api.GetAsync($"{Events}?created[after]=1"), 400, "parameter_unknown", "created[after]");
        await AssertErrorAsync(await api.GetAsync($"{Events}?kind=x"), 400, "parameter_unknown", "kind");
        await AssertErrorAsync(await api.GetAsync($"{Events}?type=a&types[]=b"), 400, "parameter_invalid", "types");
    }

    [Fact]
    public async Task Another_merchants_and_the_other_modes_events_are_missing()
    {
        var other = await TestData.AddMerchantAsync(factory, livemode: false);
        var live = await TestData.AddMerchantAsync(factory, livemode: true, merchantId: PortalFactory.DemoMerchant);
        await factory.CreateSessionAsync(other.CustomerId, key: other.Key);
        await factory.CreateSessionAsync(live.CustomerId, key: live.Key);
        using var otherApi = factory.CreateApiClient(other.Key);
        using var liveApi = factory.CreateApiClient(live.Key);
        using var api = factory.CreateApiClient();
        var theirs = (await OkAsync(await otherApi.GetAsync(Events))).DataIds()[0];
        var liveEvent = (await OkAsync(await liveApi.GetAsync(Events))).DataIds()[0];
        Assert.True((await OkAsync(await liveApi.GetAsync($"{Events}/{liveEvent}"))).GetProperty("livemode").GetBoolean());

        foreach (var id in new[] { theirs, liveEvent })
        {
            await AssertErrorAsync(await api.GetAsync($"{Events}/{id}"), 404, "resource_missing", "id");
            await AssertErrorAsync(await api.GetAsync($"{Events}?starting_after={id}"), 404, "resource_missing", "starting_after");
            Assert.DoesNotContain(id, (await OkAsync(await api.GetAsync($"{Events}?limit=100"))).DataIds());
        }
        Assert.DoesNotContain(liveEvent, (await OkAsync(await otherApi.GetAsync($"{Events}?limit=100"))).DataIds());
    }
}
