using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Vinr.Portal.E2E;

/// <summary>
/// The link's static pages in the session's language and the merchant's brand (a link that does not
/// verify: the browser's language and no brand), and the portal's reconnect dialog when the circuit drops.
/// </summary>
public sealed class LinkPageJourneyTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task The_confirm_page_speaks_the_sessions_language()
    {
        var page = await fixture.NewPageAsync();
        foreach (var (locale, heading, button) in new[]
        {
            ("fr", "Gérez votre facturation", "Continuer vers la facturation"),
            ("de", "Verwalten Sie Ihre Abrechnung", "Weiter zur Abrechnung"),
            ("es", "Gestione su facturación", "Continuar a la facturación"),
        })
        {
            var session = await fixture.Server.CreateSessionAsync(parameters: ("locale", locale));
            await page.GotoAsync(session.GetProperty("url").GetString()!);

            await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", locale);
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = heading, Level = 1 })).ToBeVisibleAsync();
            await Expect(page.GetByRole(AriaRole.Button, new() { Name = button })).ToBeVisibleAsync();
            await Expect(page.GetByRole(AriaRole.Banner)).ToContainTextAsync("Acme Cloud");
        }
        await Accessibility.AssertEverywhereAsync(page, "link-confirm-es");

        // Keyboard: the first stop is the button, and its focus ring shows.
        await page.Keyboard.PressAsync("Tab");
        var continueButton = page.GetByRole(AriaRole.Button, new() { Name = "Continuar a la facturación" });
        await Expect(continueButton).ToBeFocusedAsync();
        Assert.NotEqual("none", await continueButton.EvaluateAsync<string>("e => getComputedStyle(e).outlineStyle"));
        await page.Context.CloseAsync();
    }

    [Theory]
    [InlineData("en", "This link has expired or was already used", "Return to Acme Cloud", "Privacy")]
    [InlineData("es", "Este enlace ha caducado o ya se ha utilizado", "Volver a Acme Cloud", "Privacidad")]
    public async Task A_used_link_is_branded_and_an_unknown_one_is_not(string locale, string heading, string back, string privacy)
    {
        var session = await fixture.Server.CreateSessionAsync(parameters: ("locale", locale));
        var url = session.GetProperty("url").GetString()!;
        var customer = await fixture.NewPageAsync();
        await customer.GotoAsync(url);
        await customer.Locator("button[type=submit]").ClickAsync();
        await Portal.WaitForCircuitAsync(customer);
        await customer.Context.CloseAsync();

        var page = await fixture.NewPageAsync();
        await page.GotoAsync(url);
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", locale);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = heading, Level = 1 })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Banner)).ToContainTextAsync("Acme Cloud");
        await Expect(page.Locator("header img")).ToHaveAttributeAsync("src", "/demo/acme-logo.svg");
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = back })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Contentinfo).GetByRole(AriaRole.Link, new() { Name = privacy })).ToBeVisibleAsync();
        await Accessibility.AssertEverywhereAsync(page, $"link-used-{locale}");

        // Unknown: the browser's language (English here), no merchant, no way in, VINR only.
        await page.GotoAsync($"{fixture.Server.BaseUrl}/session/bps_unknown/test_tok_unknown");
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "en");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "This link has expired or was already used", Level = 1 })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Banner)).ToHaveTextAsync("VINR");
        await Expect(page.GetByText("Acme Cloud")).ToHaveCountAsync(0);
        await Expect(page.GetByRole(AriaRole.Contentinfo).GetByRole(AriaRole.Link)).ToHaveCountAsync(0);
        await Accessibility.AssertEverywhereAsync(page, $"link-unknown-{locale}");
        await page.Context.CloseAsync();
    }

    /// <summary>
    /// The circuit's connection drops and the server cannot be reached: the dialog says so in the
    /// customer's language, modal (focus stays in it), and goes away once the connection is back.
    /// </summary>
    [Fact]
    public async Task A_dropped_connection_shows_the_translated_reconnect_dialog_until_it_is_back()
    {
        var session = await fixture.Server.CreateSessionAsync(parameters: ("locale", "es"));
        var page = await fixture.NewPageAsync();
        IWebSocketRoute? socket = null;
        // Every circuit socket passes through here, untouched, so the test can cut the live one.
        await page.RouteWebSocketAsync("**/_blazor**", ws =>
        {
            ws.ConnectToServer();
            socket = ws;
        });
        await page.GotoAsync(session.GetProperty("url").GetString()!);
        await page.GetByRole(AriaRole.Button, new() { Name = "Continuar a la facturación" }).ClickAsync();
        await Portal.WaitForCircuitAsync(page);
        var dialog = page.Locator("#components-reconnect-modal");
        await Expect(dialog).ToBeHiddenAsync();

        // The server becomes unreachable (every new attempt fails), then the live socket closes.
        await page.RouteAsync("**/_blazor**", route => route.AbortAsync());
        await socket!.CloseAsync(new() { Code = 1001 });

        await Expect(dialog).ToBeVisibleAsync();
        await Expect(dialog).ToContainTextAsync("Se perdió la conexión. Reconectando…");
        await Expect(page.GetByRole(AriaRole.Dialog)).ToBeVisibleAsync();
        // The spinner turns until the connection is back, and axe judges a settled page: checked as
        // a customer who asked for reduced motion sees it (no spinning), which it honours.
        await page.EmulateMediaAsync(new() { ReducedMotion = ReducedMotion.Reduce });
        await Expect(page.Locator(".reconnect-spinner").First).ToHaveCSSAsync("animation-name", "none");
        await Accessibility.AssertEverywhereAsync(page, "reconnect-es");

        // Reachable again: Blazor's next attempt rejoins the same circuit and the dialog closes.
        await page.UnrouteAsync("**/_blazor**");
        await Expect(dialog).ToBeHiddenAsync(new() { Timeout = 60_000 });
        await Expect(page.Locator(".portal-shell")).ToHaveAttributeAsync("data-interactive", "true");
        await page.Context.CloseAsync();
    }
}
