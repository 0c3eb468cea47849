using System.Security.Claims;
using Bunit;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.Extensions.Options;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using Vinr.Portal.Api.Features.BillingPortal.Sessions;
using Vinr.Portal.Api.Features.Demo;
using Vinr.Portal.Api.Features.Discounts;
using Vinr.Portal.Api.Features.Subscriptions;
using Vinr.Portal.Api.Infrastructure.Http;
using Vinr.Portal.Components.Pages.Subscriptions;
using Vinr.Portal.Sessions;
using Vinr.Portal.Tests.Support;

namespace Vinr.Portal.Tests.Components.Pages.Subscriptions;

/// <summary>
/// The cancel page's retention offer (docs/decisions/0025): after a reason, once per subscription, never beside a discount, and
/// never one more click to cancel.
/// </summary>
public sealed class CancelRetentionOfferTests : PortalComponentTest
{
    private const string CouponId = "WINBACK";
    private readonly SignedIn _user = new();
    private readonly PortalSessions _sessions;
    private PortalAccess? _access;

    public CancelRetentionOfferTests()
    {
        var options = Options.Create(new PortalSessionOptions { PublicBaseUrl = "https://billing.example.test" });
        _sessions = new PortalSessions(DbFactory, new SessionLinks(new EphemeralDataProtectionProvider()),
            new PortalBaseUrl(options, new NoServer()), options, TimeProvider.System);
        Services.AddSingleton<AuthenticationStateProvider>(_user);
        Services.AddScoped(sp => new CurrentPortal(sp.GetRequiredService<AuthenticationStateProvider>(), _sessions));
        using var db = DbFactory.CreateDbContext();
        db.Coupons.Add(new Coupon
        {
            Id = CouponId, MerchantId = DemoSeeder.MerchantId, Name = "Win-back", PercentOffBasisPoints = 5_000, Duration = CouponDuration.Repeating,
            DurationInMonths = 3, Created = Now,
        });
        db.SaveChanges();
        Render<MudPopoverProvider>();
    }

    private void OfferCoupon() => ConfigureFeatures(f => f.SubscriptionCancel.RetentionCouponId = CouponId);

    /// <summary>A real portal session for the demo customer, minted and redeemed, signed in as the circuit would be: the page's actions check it.</summary>
    private PortalAccess SignIn()
    {
        if (_access is not null)
        {
            return _access;
        }
        var sessions = _sessions;
        var session = sessions.CreateAsync(new ApiCaller(DemoSeeder.MerchantId, false),
            new CreateSessionRequest(DemoSeeder.CustomerId, "https://example.com/account", null, null, false), CancellationToken.None).GetAwaiter().GetResult();
        var credential = sessions.RedeemAsync(session.Id, session.Url!.Split('/')[^1], CancellationToken.None).GetAwaiter().GetResult()!.Credential;
        _user.User = PortalCookie.Principal(credential);
        return _access = sessions.CheckAccessAsync(credential, active: false, CancellationToken.None).GetAwaiter().GetResult()!;
    }

    private IRenderedComponent<CancelSubscriptionPage> RenderCancel()
    {
        var page = RenderInPortal<CancelSubscriptionPage>(SignIn(), parameters: p => p.Add(c => c.SubscriptionId, DemoSubscriptionId));
        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-testid=confirm-cancel]")));
        return page;
    }

    private static bool OfferShown(IRenderedComponent<CancelSubscriptionPage> page) => page.FindAll("[data-testid=retention-offer]").Count > 0;

    private static void ChooseReason(IRenderedComponent<CancelSubscriptionPage> page) =>
        page.FindAll("input[type=radio]")[0].Click();

    private Subscription Demo()
    {
        using var db = DbFactory.CreateDbContext();
        return db.Subscriptions.AsNoTracking().Single(s => s.CustomerId == DemoSeeder.CustomerId);
    }

    [Fact]
    public void The_offer_appears_only_once_a_reason_is_chosen_and_says_the_new_price()
    {
        OfferCoupon();
        var page = RenderCancel();

        Assert.False(OfferShown(page));
        Assert.Null(Demo().RetentionOfferShownAt);

        ChooseReason(page);

        page.WaitForAssertion(() => Assert.True(OfferShown(page)));
        Assert.Equal("50 % off for 3 months", page.Find("[data-testid=offer-terms]").TextContent.Trim());
        // The demo plan is 49.00 a month: its next invoice is half.
        Assert.Contains("$24.50 instead of $49.00", page.Find("[data-testid=offer-price]").TextContent, StringComparison.Ordinal);
        page.WaitForAssertion(() => Assert.Equal((Now, CouponId), (Demo().RetentionOfferShownAt, Demo().RetentionOfferCouponId)));
    }

    [Fact]
    public void The_offer_is_shown_once_per_subscription()
    {
        OfferCoupon();
        var first = RenderCancel();
        ChooseReason(first);
        first.WaitForAssertion(() => Assert.True(OfferShown(first)));
        first.WaitForAssertion(() => Assert.NotNull(Demo().RetentionOfferShownAt));

        var again = RenderCancel();
        ChooseReason(again);

        again.WaitForAssertion(() => Assert.Contains("Why are you cancelling", again.Markup, StringComparison.OrdinalIgnoreCase));
        Assert.False(OfferShown(again));
    }

    [Fact]
    public void A_subscription_with_a_discount_is_not_offered_another()
    {
        OfferCoupon();
        ChangeDemoSubscription(s => s.Discount = new DiscountTerms("di_x", "OTHER", null, 1_000, null, null, CouponDuration.Forever, null, Now, null));
        var page = RenderCancel();

        ChooseReason(page);

        Assert.False(OfferShown(page));
        Assert.Null(Demo().RetentionOfferShownAt);
    }

    [Fact]
    public void Without_the_survey_the_offer_is_on_the_cancel_step_from_the_start()
    {
        OfferCoupon();
        ConfigureFeatures(f => f.SubscriptionCancel.ReasonEnabled = false);

        var page = RenderCancel();

        page.WaitForAssertion(() => Assert.True(OfferShown(page)));
        Assert.Empty(page.FindAll("input[type=radio]"));
    }

    /// <summary>Chooses a reason and cancels, counting the clicks; true when the offer was on screen when cancelling.</summary>
    private (int Clicks, bool OfferOnScreen) CancelWithAReason()
    {
        var page = RenderCancel();
        var clicks = 0;
        ChooseReason(page);
        clicks++;
        var offerOnScreen = OfferShown(page);
        page.Find("[data-testid=confirm-cancel]").Click();
        clicks++;
        page.WaitForAssertion(() => Assert.True(Demo().CancelAtPeriodEnd));
        return (clicks, offerOnScreen);
    }

    [Fact]
    public void Cancelling_takes_the_same_clicks_with_the_offer_as_without_and_records_it_declined()
    {
        var without = CancelWithAReason();
        ChangeDemoSubscription(s =>
        {
            s.CancelAtPeriodEnd = false;
            s.CanceledAt = null;
            s.CancellationReason = null;
        });
        OfferCoupon();

        var with = CancelWithAReason();

        Assert.False(without.OfferOnScreen);
        Assert.True(with.OfferOnScreen);
        Assert.Equal(without.Clicks, with.Clicks);
        Assert.Equal(2, with.Clicks);
        var subscription = Demo();
        Assert.Equal((RetentionOfferOutcome.Declined, (DiscountTerms?)null, "too_expensive"),
            (subscription.RetentionOfferOutcome!.Value, subscription.Discount, subscription.CancellationReason));
    }

    [Fact]
    public async Task Accepting_is_one_click_that_keeps_the_subscription_with_the_discount()
    {
        OfferCoupon();
        var page = RenderCancel();
        ChooseReason(page);
        page.WaitForAssertion(() => Assert.True(OfferShown(page)));

        await page.Find("[data-testid=accept-offer]").ClickAsync(new());

        page.WaitForAssertion(() => Assert.Contains("Offer applied: 50 % off for 3 months", page.Find("[data-testid=offer-accepted]").TextContent, StringComparison.Ordinal));
        Assert.Contains("$24.50", page.Find("[data-testid=offer-accepted]").TextContent, StringComparison.Ordinal);
        var subscription = Demo();
        Assert.Equal((false, RetentionOfferOutcome.Accepted, CouponId), (subscription.CancelAtPeriodEnd, subscription.RetentionOfferOutcome!.Value, subscription.Discount!.CouponId));
        await using var db = await DbFactory.CreateDbContextAsync();
        var events = await db.Events.Where(e => e.Data.Contains(subscription.Discount.DiscountId)).Select(e => e.Type).OrderBy(t => t).ToListAsync();
        Assert.Equal(["customer.discount.created", "customer.subscription.updated"], events);
        Assert.Equal(1, (await db.Coupons.SingleAsync(c => c.Id == CouponId)).TimesRedeemed);
    }

    private sealed class SignedIn : AuthenticationStateProvider
    {
        public ClaimsPrincipal User { get; set; } = new(new ClaimsIdentity());

        public override Task<AuthenticationState> GetAuthenticationStateAsync() => Task.FromResult(new AuthenticationState(User));
    }

    /// <summary>PortalBaseUrl asks the server for its address only when no public URL is configured; here one is.</summary>
    private sealed class NoServer : IServer
    {
        public Microsoft.AspNetCore.Http.Features.IFeatureCollection Features { get; } = new Microsoft.AspNetCore.Http.Features.FeatureCollection();

        public Task StartAsync<TContext>(Microsoft.AspNetCore.Hosting.Server.IHttpApplication<TContext> application, CancellationToken cancellationToken)
            where TContext : notnull => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public void Dispose()
        {
        }
    }
}
