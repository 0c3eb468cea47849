using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Vinr.Portal.Api.Features.BillingPortal.Configurations;
using Vinr.Portal.Api.Features.Customers;
using Vinr.Portal.Api.Features.Events;
using Vinr.Portal.Api.Features.PaymentMethods;
using Vinr.Portal.Api.Features.Subscriptions;
using Vinr.Portal.Api.Infrastructure;
using Vinr.Portal.Tests.Support;

namespace Vinr.Portal.Tests.Features.BillingPortal.Configurations;

/// <summary>
/// A switch the merchant turned off is refused by the server, not only hidden: a forged circuit event
/// or a direct post gets nothing done. Each check reads the configuration afresh, so turning a switch
/// off while a customer is in the portal stops their next action.
/// </summary>
public sealed class FeatureSwitchTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    private T Service<T>() where T : notnull => factory.Services.GetRequiredService<T>();

    private Task<TestData.Subscriber> SubscriberAsync(Action<PortalFeatures>? features = null) => TestData.SubscriberAsync(factory, features: features);

    private Task TurnOffAsync(TestData.Subscriber s, Action<PortalFeatures> off) =>
        factory.WithDbAsync(async db =>
        {
            var configuration = await db.PortalConfigurations.SingleAsync(c => c.Id == s.Access.ConfigurationId);
            off(configuration.Features);
            db.Entry(configuration).ComplexProperty(c => c.Features).IsModified = true;
            await db.SaveChangesAsync();
        });

    private Task<string> PriceAsync(string nickname) =>
        factory.WithDbAsync(db => db.Prices.Where(p => p.MerchantId == PortalFactory.DemoMerchant && p.Nickname == nickname).Select(p => p.Id).FirstAsync());

    [Fact]
    public async Task Card_changes_are_refused_once_the_merchant_turns_them_off()
    {
        var s = await SubscriberAsync();
        var cards = Service<CustomerCards>();
        var first = await factory.WithDbAsync(db => db.PaymentMethods.Where(p => p.CustomerId == s.Access.CustomerId).Select(p => p.Id).SingleAsync());
        var spare = await cards.AddAsync(s.Access, new CardDetails("5555555555554444", 12, 2034, "123", "Sam", "94104"), CancellationToken.None);
        await TurnOffAsync(s, f => f.PaymentMethodUpdate = false);

        var add = await cards.AddAsync(s.Access, new CardDetails("4242424242424242", 12, 2034, "123", "Sam", "94104"), CancellationToken.None);
        var makeDefault = await cards.SetDefaultAsync(s.Access, first, CancellationToken.None);
        var remove = await cards.DetachAsync(Actor.Portal(s.Access), first, CancellationToken.None);

        Assert.All([add.Problem, makeDefault.Problem, remove.Problem], p => Assert.Equal(ProblemKind.NotAllowed, p?.Kind));
        Assert.Equal(2, await factory.WithDbAsync(db => db.PaymentMethods.CountAsync(p => p.CustomerId == s.Access.CustomerId && p.DetachedAt == null)));
        Assert.Equal(spare.Value!.Id, await factory.WithDbAsync(db => db.Customers.Where(c => c.Id == s.Access.CustomerId).Select(c => c.DefaultPaymentMethodId).SingleAsync()));
        // The merchant's own API is not the portal: it still detaches.
        var byMerchant = await cards.DetachAsync(Actor.Api(new Api.Infrastructure.Http.ApiCaller(PortalFactory.DemoMerchant, false)), first, CancellationToken.None);
        Assert.True(byMerchant.Succeeded);
    }

    [Fact]
    public async Task A_direct_post_of_a_card_is_refused_when_card_changes_are_off()
    {
        var s = await SubscriberAsync(f => f.PaymentMethodUpdate = false);
        using var api = factory.CreateApiClient();
        var session = await (await api.PostAsync("/v1/billing-portal/sessions", new FormUrlEncodedContent(
            [new("customer", s.Access.CustomerId), new("configuration", s.Access.ConfigurationId), new("return_url", "https://example.com")])))
            .Content.ReadFromJsonAsync<JsonElement>();
        using var browser = factory.CreateBrowser();
        await Links.ContinueAsync(browser, Links.PathOf(session));

        var response = await Cards.AddAsync(browser, Cards.Card("4242424242424242"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("action_not_allowed", (await response.ErrorAsync()).GetProperty("code").GetString());
        Assert.Equal(1, await factory.WithDbAsync(db => db.PaymentMethods.CountAsync(p => p.CustomerId == s.Access.CustomerId)));
    }

    [Fact]
    public async Task Plan_changes_are_refused_once_the_merchant_turns_them_off()
    {
        var s = await SubscriberAsync();
        var business = await PriceAsync("Business monthly");
        var changes = Service<SubscriptionChanges>();
        var preview = (await changes.PreviewAsync(s.Access, s.SubscriptionId, business, 2, CancellationToken.None)).Value!;
        await TurnOffAsync(s, f => f.SubscriptionUpdate.Enabled = false);

        var applied = await changes.ApplyAsync(s.Access, s.SubscriptionId, business, 2, preview.ChangeAt, CancellationToken.None);

        Assert.Equal(ProblemKind.NotAllowed, applied.Problem?.Kind);
        Assert.NotEqual(business, await factory.WithDbAsync(db => db.Subscriptions.Where(x => x.Id == s.SubscriptionId).Select(x => x.PriceId).SingleAsync()));
    }

    [Fact]
    public async Task A_move_the_transition_rules_leave_out_is_refused_even_when_the_page_is_bypassed()
    {
        var s = await SubscriberAsync(f => f.SubscriptionUpdate.Transitions = PlanTransitions.UpgradesOnly);
        var starter = await PriceAsync("Starter monthly");

        var outcome = await Service<SubscriptionChanges>().ApplyAsync(s.Access, s.SubscriptionId, starter, 1, factory.Time.GetUtcNow(), CancellationToken.None);

        Assert.Equal((ProblemKind.NotAllowed, "price"), (outcome.Problem?.Kind, outcome.Problem?.Field));
    }

    [Fact]
    public async Task Cancelling_and_editing_details_are_refused_once_turned_off()
    {
        var s = await SubscriberAsync();
        await TurnOffAsync(s, f =>
        {
            f.SubscriptionCancel.Enabled = false;
            f.CustomerUpdate.Enabled = false;
        });

        var cancel = await Service<SubscriptionChanges>().CancelAsync(s.Access, s.SubscriptionId, null, null, CancellationToken.None);
        var details = await Service<CustomerDetails>().UpdateAsync(s.Access, new BillingDetails("New Name", null, null, null, null, null, null, null, null, null));

        Assert.Equal(ProblemKind.NotAllowed, cancel.Problem?.Kind);
        Assert.Equal(ProblemKind.NotAllowed, details.Problem?.Kind);
        Assert.False(await factory.WithDbAsync(db => db.Subscriptions.Where(x => x.Id == s.SubscriptionId).Select(x => x.CancelAtPeriodEnd).SingleAsync()));
    }
}
