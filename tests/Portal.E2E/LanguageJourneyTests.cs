using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Vinr.Portal.E2E;

/// <summary>
/// A customer whose session names their language changes plan and cancels in it: the words, the
/// money format, the snackbars and <c>&lt;html lang&gt;</c> all follow the session's <c>locale</c>.
/// </summary>
public sealed class LanguageJourneyTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    /// <summary>What each language must show; the money patterns are the culture's own (decimal comma, symbol after).</summary>
    public sealed record Words(string Locale, string ChangePlan, string Yearly, string ProYearly, string DueToday, string Money, string PerYear,
        string Changed, string Reason, string WillEnd);

    private static readonly Dictionary<string, Words> Languages = new Words[]
    {
        new("fr", "Changer de formule", "Annuel", "Pro (annuel)", "À payer aujourd’hui", @"^\d+,\d\d\s\$$", "par an",
            "Vous êtes maintenant sur la formule Pro.", "C’est trop cher", "Votre abonnement prendra fin le"),
        new("de", "Tarif ändern", "Jährlich", "Pro (jährlich)", "Heute fällig", @"^\d+,\d\d\s\$$", "pro Jahr",
            "Sie nutzen jetzt Pro.", "Es ist zu teuer", "Ihr Abonnement endet am"),
        new("es", "Cambiar de plan", "Anual", "Pro (anual)", "A pagar hoy", @"^\d+,\d\d\s\$$", "al año",
            "Ahora tiene el plan Pro.", "Es demasiado caro", "Su suscripción finalizará el"),
    }.ToDictionary(w => w.Locale);

    [Theory]
    [InlineData("fr")]
    [InlineData("de")]
    [InlineData("es")]
    public async Task A_customer_changes_plan_and_cancels_in_their_language(string locale)
    {
        var words = Languages[locale];
        var session = await fixture.Server.CreateSessionAsync(await fixture.Server.CreateCustomerAsync(), parameters: ("locale", words.Locale));
        var page = await fixture.NewPageAsync();
        await page.GotoAsync(session.GetProperty("url").GetString()!);
        // The confirm page's button is in the customer's language too: press the form's one submit button.
        await page.Locator("form button[type=submit]").ClickAsync();
        await Portal.WaitForCircuitAsync(page);
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", words.Locale);

        await page.Locator("a[href$='/plan']").ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = words.ChangePlan, Level = 1 })).ToBeVisibleAsync();
        await CheckAsync(page, $"change-plan-{locale}");
        // Pro yearly: a switch that happens now, so the preview has lines and an amount due today.
        await page.GetByRole(AriaRole.Button, new() { Name = words.Yearly }).ClickAsync();
        await page.Locator("[data-testid=plan][data-plan='Pro'] button.choose-plan").ClickAsync();
        await Expect(page.GetByTestId("preview-lines")).ToContainTextAsync(words.ProYearly);
        await Expect(page.GetByTestId("recurring")).ToContainTextAsync(words.PerYear);
        await CheckAsync(page, $"preview-{locale}");
        await Expect(page.Locator(".preview-totals")).ToContainTextAsync(words.DueToday);
        await Expect(page.GetByTestId("due-today")).ToHaveTextAsync(new Regex(words.Money));
        await page.GetByTestId("confirm-change").ClickAsync();
        await Expect(page.GetByText(words.Changed)).ToBeVisibleAsync();

        await page.Locator("a[href$='/cancel']").ClickAsync();
        await page.GetByText(words.Reason).ClickAsync();
        await CheckAsync(page, $"cancel-{locale}");
        await page.GetByTestId("confirm-cancel").ClickAsync();
        await Expect(page.GetByText(new Regex("^" + Regex.Escape(words.WillEnd)))).ToBeVisibleAsync();
        await Expect(page.GetByTestId("pending-cancellation")).ToBeVisibleAsync();
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", words.Locale);
        await page.Context.CloseAsync();
    }

    /// <summary>
    /// French pages checked like every page (axe in both themes at both widths, no sideways scroll),
    /// named for the gallery. German and Spanish use the same markup: checking them too would only cost time.
    /// </summary>
    private static async Task CheckAsync(IPage page, string name)
    {
        if (name.EndsWith("-fr", StringComparison.Ordinal))
        {
            await Accessibility.AssertEverywhereAsync(page, name);
        }
    }
}
