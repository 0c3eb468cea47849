using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Vinr.Portal.Api.Features.BillingPortal.Configurations;
using static Microsoft.Playwright.Assertions;

namespace Vinr.Portal.E2E;

/// <summary>
/// A merchant links a customer straight into one task (<c>flow_data</c>): Continue lands in it, the
/// rest of the portal waits, and when it is done <c>after_completion</c> happens. Also the
/// merchant's plan rules and the way back from a dead link.
/// </summary>
public sealed class DeepLinkJourneyTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    private const string Merchant = "acct_AcmeCloudDemo";

    private Task<string> SubscriptionOfAsync(string customer) =>
        fixture.Server.WithDbAsync(db => db.Subscriptions.Where(s => s.CustomerId == customer).Select(s => s.Id).SingleAsync());

    private Task<string> PriceAsync(string nickname) =>
        fixture.Server.WithDbAsync(db => db.Prices.Where(p => p.MerchantId == Merchant && p.Nickname == nickname).Select(p => p.Id).SingleAsync());

    private async Task<IPage> ContinueAsync(JsonElement session, bool phone = false)
    {
        var page = await fixture.NewPageAsync(phone);
        await page.GotoAsync(session.GetProperty("url").GetString()!);
        await page.GetByRole(AriaRole.Button, new() { Name = "Continue to billing" }).ClickAsync();
        await Portal.WaitForCircuitAsync(page);
        return page;
    }

    private static ILocator Navigation(IPage page) => page.GetByRole(AriaRole.Navigation, new() { Name = "Billing" });

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_payment_method_link_opens_on_cards_alone_then_the_whole_portal(bool phone)
    {
        var customer = await fixture.Server.CreateCustomerAsync();
        var session = await fixture.Server.CreateSessionAsync(customer, parameters: ("flow_data[type]", "payment_method_update"));

        var page = await ContinueAsync(session, phone);

        await Expect(page).ToHaveURLAsync($"{fixture.Server.BaseUrl}/payment-methods");
        await Expect(Navigation(page)).ToHaveCountAsync(0);
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Return to Acme Cloud" })).ToBeVisibleAsync();
        await BrowserFixture.ScreenshotAsync(page, $"60-deep-link-cards-{(phone ? "phone" : "desktop")}");
        await Accessibility.AssertEverywhereAsync(page);
        await page.GetByTestId("add-card").ClickAsync();
        var form = page.FrameLocator("iframe.card-frame");
        await form.Locator("#number").PressSequentiallyAsync("5555555555554444");
        await form.Locator("#exp").PressSequentiallyAsync("1234");
        await form.Locator("#cvc").FillAsync("314");
        await form.Locator("#name").FillAsync("Sam Rivera");
        await form.Locator("#postal_code").FillAsync("94107");
        await form.GetByRole(AriaRole.Button, new() { Name = "Add card" }).ClickAsync();

        // after_completion defaults to the portal's home: the whole portal now, with the new card.
        await Expect(page).ToHaveURLAsync($"{fixture.Server.BaseUrl}/");
        await Expect(Navigation(page)).ToBeVisibleAsync();
        await Expect(page.GetByTestId("payment-method")).ToContainTextAsync("4444");
        await page.Context.CloseAsync();
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_cancel_link_asks_why_cancels_and_ends_on_the_merchants_confirmation(bool phone)
    {
        var customer = await fixture.Server.CreateCustomerAsync();
        var subscription = await SubscriptionOfAsync(customer);
        var noSurvey = await fixture.Server.CreateConfigurationAsync(c => c.Features.SubscriptionCancel.ReasonEnabled = false);
        var session = await fixture.Server.CreateSessionAsync(customer, parameters:
        [
            ("configuration", noSurvey), ("flow_data[type]", "subscription_cancel"), ("flow_data[subscription_cancel][subscription]", subscription),
            ("flow_data[subscription_cancel][retention][type]", "survey"),
            ("flow_data[after_completion][type]", "hosted_confirmation"),
            ("flow_data[after_completion][hosted_confirmation][custom_message]", "We are sorry to see you go. Your data stays with us for 30 days."),
        ]);

        var page = await ContinueAsync(session, phone);
        var size = phone ? "phone" : "desktop";

        await Expect(page).ToHaveURLAsync($"{fixture.Server.BaseUrl}/subscriptions/{subscription}/cancel");
        await Expect(Navigation(page)).ToHaveCountAsync(0);
        await page.GetByText("It’s too expensive").ClickAsync();
        await BrowserFixture.ScreenshotAsync(page, $"61-deep-link-cancel-{size}");
        await page.GetByTestId("confirm-cancel").ClickAsync();

        await Expect(page).ToHaveURLAsync($"{fixture.Server.BaseUrl}/done");
        await Expect(page.GetByTestId("flow-confirmation")).ToContainTextAsync("We are sorry to see you go.");
        await Expect(Navigation(page)).ToHaveCountAsync(0);
        await BrowserFixture.ScreenshotAsync(page, $"62-deep-link-done-{size}");
        await Accessibility.AssertEverywhereAsync(page);
        var cancelled = await fixture.Server.WithDbAsync(db => db.Subscriptions.SingleAsync(s => s.Id == subscription));
        Assert.True(cancelled.CancelAtPeriodEnd);
        Assert.Equal("too_expensive", cancelled.CancellationReason);

        await page.GetByRole(AriaRole.Button, new() { Name = "Return to Acme Cloud" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Acme Cloud account" })).ToBeVisibleAsync();
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task An_update_link_changes_the_plan_and_returns_to_the_merchants_site()
    {
        var customer = await fixture.Server.CreateCustomerAsync();
        var subscription = await SubscriptionOfAsync(customer);
        var thanks = await MerchantSite.UrlAsync("/thanks");
        var session = await fixture.Server.CreateSessionAsync(customer, parameters:
        [
            ("flow_data[type]", "subscription_update"), ("flow_data[subscription_update][subscription]", subscription),
            ("flow_data[after_completion][type]", "redirect"), ("flow_data[after_completion][redirect][return_url]", thanks),
        ]);

        var page = await ContinueAsync(session);

        await Expect(page).ToHaveURLAsync($"{fixture.Server.BaseUrl}/subscriptions/{subscription}/plan");
        var business = page.Locator("[data-testid=plan][data-plan='Business']");
        await business.GetByLabel("Seats").FillAsync("3");
        await business.GetByRole(AriaRole.Button, new() { Name = "Choose Business" }).ClickAsync();
        await page.GetByTestId("confirm-change").ClickAsync();

        await page.WaitForURLAsync(thanks);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Acme Cloud account" })).ToBeVisibleAsync();
        Assert.Equal("Business", await fixture.Server.WithDbAsync(db =>
            db.Subscriptions.Where(s => s.Id == subscription).Select(s => s.Price!.Product!.Name).SingleAsync()));
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_confirm_link_opens_on_the_preview_and_the_change_lands_on_the_overview()
    {
        var customer = await fixture.Server.CreateCustomerAsync();
        var subscription = await SubscriptionOfAsync(customer);
        var business = await PriceAsync("Business monthly");
        var session = await fixture.Server.CreateSessionAsync(customer, parameters:
        [
            ("flow_data[type]", "subscription_update_confirm"), ("flow_data[subscription_update_confirm][subscription]", subscription),
            ("flow_data[subscription_update_confirm][items][0][price]", business), ("flow_data[subscription_update_confirm][items][0][quantity]", "2"),
        ]);

        var page = await ContinueAsync(session);

        await Expect(page.GetByTestId("preview")).ToContainTextAsync("Business (2 seats)");
        await Expect(page.GetByTestId("plan")).ToHaveCountAsync(0);
        await BrowserFixture.ScreenshotAsync(page, "63-deep-link-confirm");
        await page.GetByTestId("confirm-change").ClickAsync();

        await Expect(page).ToHaveURLAsync($"{fixture.Server.BaseUrl}/");
        await Expect(page.GetByTestId("subscription")).ToContainTextAsync("Business");
        await Expect(page.GetByTestId("subscription")).ToContainTextAsync("2 seats");
        await Expect(Navigation(page)).ToBeVisibleAsync();
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_deep_linked_session_stays_on_its_task_until_it_is_done()
    {
        var customer = await fixture.Server.CreateCustomerAsync();
        var session = await fixture.Server.CreateSessionAsync(customer, parameters: ("flow_data[type]", "payment_method_update"));
        var page = await ContinueAsync(session);

        await page.GotoAsync($"{fixture.Server.BaseUrl}/invoices");

        await Expect(page).ToHaveURLAsync($"{fixture.Server.BaseUrl}/payment-methods");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Payment methods", Level = 1 })).ToBeVisibleAsync();
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task An_upgrades_only_portal_keeps_downgrades_out_and_says_why()
    {
        var customer = await fixture.Server.CreateCustomerAsync();
        var upgradesOnly = await fixture.Server.CreateConfigurationAsync(c => c.Features.SubscriptionUpdate.Transitions = PlanTransitions.UpgradesOnly);
        var session = await fixture.Server.CreateSessionAsync(customer, parameters: ("configuration", upgradesOnly));
        var page = await ContinueAsync(session);

        await page.GetByRole(AriaRole.Link, new() { Name = "Change plan" }).ClickAsync();

        var starter = page.Locator("[data-testid=plan][data-plan='Starter']");
        await Expect(starter.GetByTestId("unavailable")).ToContainTextAsync("Only upgrades are offered from Pro");
        await Expect(starter.GetByRole(AriaRole.Button)).ToBeDisabledAsync();
        await Expect(page.Locator("[data-testid=plan][data-plan='Business']").GetByRole(AriaRole.Button, new() { Name = "Choose Business" })).ToBeEnabledAsync();
        await BrowserFixture.ScreenshotAsync(page, "64-upgrades-only");
        await Accessibility.AssertEverywhereAsync(page);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_dead_link_offers_a_new_one_from_the_merchant()
    {
        var refresh = await MerchantSite.UrlAsync("/billing/new-link");
        var withRefresh = await fixture.Server.CreateConfigurationAsync(c => c.RefreshUrl = refresh);
        var session = await fixture.Server.CreateSessionAsync(parameters: ("configuration", withRefresh));
        var used = await ContinueAsync(session);
        await used.Context.CloseAsync();

        var page = await fixture.NewPageAsync();
        await page.GotoAsync(session.GetProperty("url").GetString()!);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "This link has expired or was already used" })).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Get a new link" }).ClickAsync();

        await page.WaitForURLAsync(refresh);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Acme Cloud account" })).ToBeVisibleAsync();
        await page.Context.CloseAsync();
    }
}
