using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Vinr.Portal.E2E;

/// <summary>A customer's way into the portal, as in every journey: a merchant-minted link, then Continue.</summary>
public static class Portal
{
    /// <summary>Blazor renders data-interactive="true" once the circuit is live; clicks before that are lost.</summary>
    public static Task WaitForCircuitAsync(IPage page) =>
        Expect(page.Locator(".portal-shell")).ToHaveAttributeAsync("data-interactive", "true");

    public static async Task<IPage> OpenAsync(BrowserFixture fixture, string customerId, bool phone = false)
    {
        var session = await fixture.Server.CreateSessionAsync(customer: customerId);
        var page = await fixture.NewPageAsync(phone);
        await page.GotoAsync(session.GetProperty("url").GetString()!);
        await page.GetByRole(AriaRole.Button, new() { Name = "Continue to billing" }).ClickAsync();
        await WaitForCircuitAsync(page);
        return page;
    }

    /// <summary>Goes to a portal page by its navigation link, as a person would (no reload, same circuit).</summary>
    public static async Task NavigateAsync(IPage page, string linkName)
    {
        await page.GetByRole(AriaRole.Navigation, new() { Name = "Billing" }).GetByRole(AriaRole.Link, new() { Name = linkName }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = linkName, Level = 1 })).ToBeVisibleAsync();
    }
}
