using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Vinr.Portal.E2E;

/// <summary>The frame around every page: the merchant's brand and accent, both themes, the language, the skip link.</summary>
public sealed class LayoutJourneyTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_pale_accent_stays_readable_in_both_themes_and_the_frame_speaks_the_session_language(bool phone)
    {
        // Gold: white text on it, and gold text on white, would both fail contrast.
        var configuration = await fixture.Server.CreateConfigurationAsync(c => c.AccentColor = "#FFD700");
        var session = await fixture.Server.CreateSessionAsync(parameters: [("configuration", configuration), ("locale", "de")]);
        var page = await fixture.NewPageAsync(phone);
        await page.GotoAsync(session.GetProperty("url").GetString()!);
        await page.Locator("form button[type=submit]").ClickAsync();
        await Portal.WaitForCircuitAsync(page);

        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "de");
        await Expect(page.GetByRole(AriaRole.Navigation, new() { Name = "Abrechnung" }).GetByRole(AriaRole.Link, new() { Name = "Übersicht" })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Zurück zu Acme Cloud" })).ToBeVisibleAsync();
        // Filled buttons wear the exact accent, with the text colour computed for it.
        var filled = page.Locator(".mud-button-filled-primary").First;
        await Expect(filled).ToHaveCSSAsync("background-color", "rgb(255, 215, 0)");
        await Expect(filled).ToHaveCSSAsync("color", "rgb(0, 0, 0)");
        await Accessibility.AssertEverywhereAsync(page);

        await page.EmulateMediaAsync(new() { ColorScheme = ColorScheme.Dark });
        await Expect(page.Locator("body")).ToHaveCSSAsync("background-color", "rgb(18, 18, 24)");
        await BrowserFixture.ScreenshotAsync(page, $"layout-gold-accent-de-dark-{(phone ? "360" : "1280")}");
        await page.EmulateMediaAsync(new() { ColorScheme = ColorScheme.Light });
        await BrowserFixture.ScreenshotAsync(page, $"layout-gold-accent-de-light-{(phone ? "360" : "1280")}");
    }

    [Fact]
    public async Task The_skip_link_moves_keyboard_focus_to_the_page_content()
    {
        var page = await Portal.OpenAsync(fixture, "cust_8aZ2");
        var skip = page.GetByRole(AriaRole.Link, new() { Name = "Skip to content" });

        await skip.FocusAsync();
        await Expect(skip).ToBeInViewportAsync(); // shown when focused, hidden otherwise
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.Locator("main#main")).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Tab");
        // The first control of the content: the plan's next invoice.
        await Expect(page.GetByRole(AriaRole.Main).GetByRole(AriaRole.Link, new() { Name = "Next invoice $49.00" })).ToBeFocusedAsync();
        Assert.EndsWith("/", page.Url.Split('#')[0], StringComparison.Ordinal); // still the overview
    }
}
