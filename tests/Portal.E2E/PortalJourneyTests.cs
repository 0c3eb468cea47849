using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Vinr.Portal.E2E;

/// <summary>The foundation journey: merchant mints a link, customer continues, sees the account, returns.</summary>
public sealed partial class PortalJourneyTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    [GeneratedRegex("/session/bps_[A-Za-z0-9]+/test_tok_")]
    private static partial Regex LinkPath();

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Customer_continues_sees_their_account_returns_and_cannot_reuse_the_link(bool phone)
    {
        var session = await fixture.Server.CreateSessionAsync();
        var url = session.GetProperty("url").GetString()!;
        var merchant = session.GetProperty("return_url").GetString()!;
        var size = phone ? "phone" : "desktop";
        var page = await fixture.NewPageAsync(phone);

        await page.GotoAsync(url);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Manage your billing" })).ToBeVisibleAsync();
        await Expect(page.GetByTestId("account")).ToContainTextAsync("Jane Cooper");
        await Expect(page.GetByTestId("account")).ToContainTextAsync("j•••@example.com");
        await BrowserFixture.ScreenshotAsync(page, $"01-link-confirm-{size}");
        await Accessibility.AssertEverywhereAsync(page);

        await page.GetByRole(AriaRole.Button, new() { Name = "Continue to billing" }).ClickAsync();
        await page.WaitForURLAsync($"{fixture.Server.BaseUrl}/");
        Assert.DoesNotMatch(LinkPath(), page.Url);
        await Portal.WaitForCircuitAsync(page);
        await Expect(page.GetByTestId("customer")).ToContainTextAsync("Jane Cooper");
        await Expect(page.GetByTestId("subscription")).ToContainTextAsync("Pro");
        await Expect(page.GetByTestId("subscription")).ToContainTextAsync("$49.00");
        await Expect(page.GetByTestId("subscription")).ToContainTextAsync("Active");
        await Expect(page.GetByTestId("renewal")).ToContainTextAsync("Renews on");
        await Expect(page.GetByTestId("payment-method")).ToContainTextAsync("Visa");
        await Expect(page.GetByTestId("payment-method")).ToContainTextAsync("•••• 4242");
        await Expect(page.GetByTestId("invoices").Locator("tbody tr")).ToHaveCountAsync(5);
        await Expect(page.GetByTestId("invoices")).ToContainTextAsync("ACME-0012");
        await BrowserFixture.ScreenshotAsync(page, $"02-overview-{size}");
        await Accessibility.AssertEverywhereAsync(page);

        await page.GetByRole(AriaRole.Button, new() { Name = "Return to Acme Cloud" }).ClickAsync();
        await page.WaitForURLAsync(merchant);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Acme Cloud account" })).ToBeVisibleAsync();

        // The portal is gone for this browser, and the link is spent.
        await page.GotoAsync($"{fixture.Server.BaseUrl}/");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Your billing session has ended" })).ToBeVisibleAsync();
        await BrowserFixture.ScreenshotAsync(page, $"03-signed-out-{size}");
        await Accessibility.AssertEverywhereAsync(page);
        await page.GotoAsync(url);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "This link has expired or was already used" })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Return to Acme Cloud" })).ToHaveAttributeAsync("href", merchant);
        await BrowserFixture.ScreenshotAsync(page, $"04-link-used-{size}");
        await Accessibility.AssertEverywhereAsync(page);
        await page.Context.CloseAsync();
    }

    /// <summary>
    /// Return ends the session, and the open tab's circuit notices that at its next check: it must
    /// not then send the tab to the signed-out page while the customer's own way back to the
    /// merchant is still loading. The merchant's page is held until the circuit has noticed.
    /// </summary>
    [Fact]
    public async Task Return_reaches_the_merchant_even_when_the_tab_notices_the_ended_session_first()
    {
        var slowPage = $"/account/{Guid.NewGuid():N}";
        var held = MerchantSite.Hold(slowPage);
        var session = await fixture.Server.CreateSessionAsync(returnUrl: await MerchantSite.UrlAsync(slowPage));
        var page = await fixture.NewPageAsync();
        await page.GotoAsync(session.GetProperty("url").GetString()!);
        await page.GetByRole(AriaRole.Button, new() { Name = "Continue to billing" }).ClickAsync();
        await Portal.WaitForCircuitAsync(page);

        // Not awaited yet: the click waits for a navigation that the held page keeps pending.
        var click = page.GetByRole(AriaRole.Button, new() { Name = "Return to Acme Cloud" }).ClickAsync();
        // The circuit's revalidation (every 2 s here) has seen the session end: the tab says so, or
        // shows the signed-out page it was sent to. (A locator would wait for the pending navigation.)
        await page.WaitForFunctionAsync("() => document.body.innerText.includes('Your billing session has ended')",
            null, new() { Timeout = 15_000 });
        held.SetResult();
        await click;

        await Expect(page).ToHaveURLAsync(session.GetProperty("return_url").GetString()!);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Acme Cloud account" })).ToBeVisibleAsync();
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_link_opened_in_a_second_browser_after_use_shows_the_used_page()
    {
        var session = await fixture.Server.CreateSessionAsync();
        var url = session.GetProperty("url").GetString()!;
        var customer = await fixture.NewPageAsync();
        await customer.GotoAsync(url);
        await customer.GetByRole(AriaRole.Button, new() { Name = "Continue to billing" }).ClickAsync();
        await Portal.WaitForCircuitAsync(customer);

        var someoneElse = await fixture.NewPageAsync();
        await someoneElse.GotoAsync(url);

        await Expect(someoneElse.GetByRole(AriaRole.Heading, new() { Name = "This link has expired or was already used" })).ToBeVisibleAsync();
        await Expect(someoneElse.GetByRole(AriaRole.Button, new() { Name = "Continue to billing" })).ToHaveCountAsync(0);
        await customer.Context.CloseAsync();
        await someoneElse.Context.CloseAsync();
    }

    [Fact]
    public async Task An_open_tab_loses_access_when_the_merchant_expires_the_session()
    {
        var session = await fixture.Server.CreateSessionAsync();
        var page = await fixture.NewPageAsync();
        await page.GotoAsync(session.GetProperty("url").GetString()!);
        await page.GetByRole(AriaRole.Button, new() { Name = "Continue to billing" }).ClickAsync();
        await Portal.WaitForCircuitAsync(page);

        await fixture.Server.ExpireSessionAsync(session.GetProperty("id").GetString()!);

        // No reload by the customer: the circuit's revalidation notices and leaves.
        await Expect(page).ToHaveURLAsync($"{fixture.Server.BaseUrl}/signed-out", new() { Timeout = 15_000 });
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Your billing session has ended" })).ToBeVisibleAsync();
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task The_api_reference_renders_under_the_content_security_policy()
    {
        var page = await fixture.NewPageAsync();
        var blocked = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.Ordinal))
            {
                blocked.Add(message.Text);
            }
        };

        await page.GotoAsync($"{fixture.Server.BaseUrl}/docs/");

        await Expect(page.GetByText("Create a portal session").First).ToBeVisibleAsync(new() { Timeout = 15_000 });
        await BrowserFixture.ScreenshotAsync(page, "05-api-reference");
        Assert.Empty(blocked);
        await page.Context.CloseAsync();
    }
}
