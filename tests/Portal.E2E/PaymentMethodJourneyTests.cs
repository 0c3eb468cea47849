using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Vinr.Portal.Api.Features.Subscriptions;
using static Microsoft.Playwright.Assertions;

namespace Vinr.Portal.E2E;

public sealed class PaymentMethodJourneyTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    private static async Task<IFrameLocator> OpenCardFormAsync(IPage page)
    {
        await page.GetByTestId("add-card").ClickAsync();
        var form = page.FrameLocator("iframe.card-frame");
        await Expect(form.Locator("#number")).ToBeVisibleAsync();
        return form;
    }

    /// <summary>A customer of the demo merchant with no card and no subscription, made through the merchant API.</summary>
    private async Task<string> CreateCustomerWithoutCardsAsync()
    {
        using var api = fixture.Server.CreateApiClient();
        var response = await api.PostAsync("/v1/customers", new FormUrlEncodedContent([new("name", "Lea Brandt"), new("email", "lea@example.com")]));
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(response.IsSuccessStatusCode, body.ToString());
        return body.GetProperty("id").GetString()!;
    }

    [Fact]
    public async Task A_card_is_added_in_french_german_and_spanish()
    {
        var customer = await CreateCustomerWithoutCardsAsync();
        var languages = new[]
        {
            ("fr", "Moyens de paiement", "Numéro de carte", "La date d’expiration de votre carte est dépassée.", "Ajouter la carte",
                "Mastercard se terminant par 4444 ajoutée et définie comme carte par défaut."),
            ("de", "Zahlungsmethoden", "Kartennummer", "Das Ablaufdatum Ihrer Karte liegt in der Vergangenheit.", "Karte hinzufügen",
                "Visa mit Endziffern 1881 hinzugefügt und als Standardkarte festgelegt."),
            ("es", "Métodos de pago", "Número de tarjeta", "La fecha de caducidad de su tarjeta ya ha pasado.", "Añadir tarjeta",
                "American Express terminada en 0005 añadida y establecida como tarjeta predeterminada."),
        };
        var numbers = new Dictionary<string, string> { ["fr"] = "5555555555554444", ["de"] = "4012888888881881", ["es"] = "378282246310005" };
        foreach (var (locale, title, numberLabel, expiredMessage, submit, added) in languages)
        {
            var session = await fixture.Server.CreateSessionAsync(customer, parameters: ("locale", locale));
            var page = await fixture.NewPageAsync();
            await page.GotoAsync(session.GetProperty("url").GetString()!);
            await page.Locator("form[method=post] button[type=submit]").ClickAsync(); // "Continue to billing", in any language
            await Portal.WaitForCircuitAsync(page);
            await page.GotoAsync($"{fixture.Server.BaseUrl}/payment-methods");
            await Portal.WaitForCircuitAsync(page);
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = title, Level = 1 })).ToBeVisibleAsync();
            await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", locale);
            if (locale == "fr")
            {
                // The empty state says what to do, and the action is right there.
                await Expect(page.GetByTestId("no-cards")).ToContainTextAsync("Aucune carte pour l’instant");
                await Accessibility.AssertEverywhereAsync(page);
            }

            var form = await OpenCardFormAsync(page);
            await Expect(form.Locator("html")).ToHaveAttributeAsync("lang", locale);
            await Expect(form.GetByLabel(numberLabel)).ToBeVisibleAsync();
            await form.Locator("#number").PressSequentiallyAsync(numbers[locale]);
            await form.Locator("#exp").PressSequentiallyAsync("0120");
            await form.Locator("#cvc").FillAsync(locale == "es" ? "1234" : "314");
            await form.Locator("#name").FillAsync("Lea Brandt");
            await form.Locator("#postal_code").FillAsync("10115");
            await form.GetByRole(AriaRole.Button, new() { Name = submit }).ClickAsync();
            await Expect(form.Locator("#exp-error")).ToHaveTextAsync(expiredMessage);
            await Expect(form.Locator("#exp")).ToBeFocusedAsync(); // the first wrong field, its message read with it
            if (locale == "de")
            {
                await Accessibility.AssertEverywhereAsync(page, "card-frame-de");
            }

            await form.Locator("#exp").FillAsync("");
            await form.Locator("#exp").PressSequentiallyAsync("1234");
            await form.GetByRole(AriaRole.Button, new() { Name = submit }).ClickAsync();
            await Expect(page.GetByText(added)).ToBeVisibleAsync();
            await Expect(page.GetByTestId("add-card")).ToBeFocusedAsync();
            if (locale == "de")
            {
                await Accessibility.AssertEverywhereAsync(page, "payment-methods-de");
                // Billing details in German too, with a mistake saved: the summary and the field both say it.
                await page.GotoAsync($"{fixture.Server.BaseUrl}/billing-details");
                await Portal.WaitForCircuitAsync(page);
                await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Rechnungsdaten", Level = 1 })).ToBeVisibleAsync();
                await Accessibility.AssertEverywhereAsync(page, "billing-details-de");
                await page.GetByLabel("E-Mail", new() { Exact = true }).FillAsync("lea@");
                await page.GetByRole(AriaRole.Button, new() { Name = "Speichern" }).ClickAsync();
                await Expect(page.GetByTestId("form-error")).ToBeFocusedAsync();
                await Expect(page.GetByTestId("form-error")).ToContainTextAsync("E-Mail: Geben Sie eine gültige E-Mail-Adresse ein, etwa name@beispiel.de.");
                await Accessibility.AssertEverywhereAsync(page, "billing-details-errors-de");
            }
            await page.Context.CloseAsync();
        }
    }

    /// <summary>Types a card as a person does, key by key, so the form's live formatting runs.</summary>
    private static async Task TypeCardAsync(IFrameLocator form, string number, string cvc = "314")
    {
        await form.Locator("#number").PressSequentiallyAsync(number);
        await form.Locator("#exp").PressSequentiallyAsync("1234");
        await form.Locator("#cvc").FillAsync(cvc);
        await form.Locator("#name").FillAsync("Sam Rivera");
        await form.Locator("#postal_code").FillAsync("94107");
    }

    [Fact]
    public async Task A_card_is_added_without_its_number_ever_crossing_the_circuit()
    {
        var page = await Portal.OpenAsync(fixture, await fixture.Server.CreateCustomerAsync());
        var frames = new List<byte[]>();
        page.WebSocket += (_, socket) =>
        {
            socket.FrameSent += (_, frame) => frames.Add(frame.Binary ?? Encoding.UTF8.GetBytes(frame.Text ?? ""));
            socket.FrameReceived += (_, frame) => frames.Add(frame.Binary ?? Encoding.UTF8.GetBytes(frame.Text ?? ""));
        };
        // The circuit's socket opened before the handler was attached: reload to record it from the start.
        await page.ReloadAsync();
        await Portal.WaitForCircuitAsync(page);
        await Portal.NavigateAsync(page, "Payment methods");

        await Accessibility.AssertEverywhereAsync(page, "payment-methods-en");
        var form = await OpenCardFormAsync(page);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Add a card", Level = 2 })).ToBeFocusedAsync();
        await Expect(page.Locator("iframe.card-frame")).ToHaveAttributeAsync("title", "Card details");
        await Accessibility.AssertEverywhereAsync(page, "card-frame-en");
        await TypeCardAsync(form, "5555555555554444");
        await Expect(form.Locator("#brand")).ToHaveTextAsync("Mastercard");
        await Expect(form.Locator("#number")).ToHaveValueAsync("5555 5555 5555 4444");
        await BrowserFixture.ScreenshotAsync(page, "10-card-form-filled");
        await form.GetByRole(AriaRole.Button, new() { Name = "Add card" }).ClickAsync();

        await Expect(page.GetByText("Mastercard ending 4444 added and set as your default card.")).ToBeVisibleAsync();
        var added = page.Locator("[data-testid=card][data-last4='4444']");
        await Expect(added).ToContainTextAsync("Default");
        await Expect(page.Locator("[data-testid=card][data-last4='4242']")).Not.ToContainTextAsync("Default");
        await BrowserFixture.ScreenshotAsync(page, "11-payment-methods-after-add");
        await Accessibility.AssertEverywhereAsync(page);

        Assert.NotEmpty(frames);
        foreach (var needle in new[] { "5555555555554444", "5555 5555 5555 4444" })
        {
            Assert.DoesNotContain(frames, frame => Encoding.Latin1.GetString(frame).Contains(needle, StringComparison.Ordinal));
        }
        await page.Context.CloseAsync();
    }

    [Theory]
    [InlineData("4000000000000002", "Your card was declined.")]
    [InlineData("4000000000009995", "Your card has insufficient funds.")]
    [InlineData("4000000000000069", "Your card has expired.")]
    [InlineData("4000000000000127", "Your card's security code is incorrect.")]
    [InlineData("4000000000000119", "An error occurred while processing your card. Try again in a little bit.")]
    public async Task A_declined_card_says_why_and_changes_nothing(string number, string reason)
    {
        var page = await Portal.OpenAsync(fixture, await fixture.Server.CreateCustomerAsync());
        await Portal.NavigateAsync(page, "Payment methods");

        var form = await OpenCardFormAsync(page);
        await TypeCardAsync(form, number);
        await form.GetByRole(AriaRole.Button, new() { Name = "Add card" }).ClickAsync();

        await Expect(form.GetByRole(AriaRole.Alert)).ToHaveTextAsync(reason);
        await Expect(page.GetByTestId("card")).ToHaveCountAsync(1);
        if (number.EndsWith("0002", StringComparison.Ordinal))
        {
            await BrowserFixture.ScreenshotAsync(page, "12-card-declined");
        }
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Mistakes_are_caught_as_the_customer_types()
    {
        var page = await Portal.OpenAsync(fixture, await fixture.Server.CreateCustomerAsync(), phone: true);
        await Portal.NavigateAsync(page, "Payment methods");
        var form = await OpenCardFormAsync(page);

        await form.Locator("#number").PressSequentiallyAsync("4242424242424241");
        await form.Locator("#exp").PressSequentiallyAsync("0120");
        await form.Locator("#cvc").FillAsync("12");
        await form.GetByRole(AriaRole.Button, new() { Name = "Add card" }).ClickAsync();

        await Expect(form.Locator("#number-error")).ToHaveTextAsync("Your card number is invalid.");
        await Expect(form.Locator("#exp-error")).ToHaveTextAsync("Your card's expiration date is in the past.");
        await Expect(form.Locator("#cvc-error")).ToHaveTextAsync("Your card's security code should be 3 digits.");
        await Expect(form.Locator("#name-error")).ToHaveTextAsync("Enter the name on the card.");
        await BrowserFixture.ScreenshotAsync(page, "13-card-form-errors-phone");

        // American Express: 15 digits and a 4-digit security code.
        await form.Locator("#number").FillAsync("");
        await form.Locator("#number").PressSequentiallyAsync("378282246310005");
        await Expect(form.Locator("#number")).ToHaveValueAsync("3782 822463 10005");
        await Expect(form.Locator("#brand")).ToHaveTextAsync("Amex");
        await form.Locator("#cvc").FillAsync("123");
        await form.Locator("#cvc").BlurAsync();
        await Expect(form.Locator("#cvc-error")).ToHaveTextAsync("Your card's security code should be 4 digits.");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task The_default_card_can_be_changed_and_another_removed()
    {
        var page = await Portal.OpenAsync(fixture, await fixture.Server.CreateCustomerAsync());
        await Portal.NavigateAsync(page, "Payment methods");
        var form = await OpenCardFormAsync(page);
        await TypeCardAsync(form, "4000056655665556");
        await form.GetByRole(AriaRole.Button, new() { Name = "Add card" }).ClickAsync();
        await Expect(page.Locator("[data-testid=card][data-last4='5556']")).ToContainTextAsync("Default");

        await page.GetByRole(AriaRole.Button, new() { Name = "Make default: Visa ending 4242" }).ClickAsync();
        await Expect(page.Locator("[data-testid=card][data-last4='4242']")).ToContainTextAsync("Default");
        var remove = page.GetByRole(AriaRole.Button, new() { Name = "Remove: Visa ending 5556" });
        await remove.ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog);
        await Expect(dialog).ToContainTextAsync("Visa ending 5556 will be removed from your account.");
        await BrowserFixture.ScreenshotAsync(page, "14-remove-card-confirm");
        await Accessibility.AssertEverywhereAsync(page);
        // "Keep it" closes the dialog and puts focus back on the button that opened it.
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Keep it" }).ClickAsync();
        await Expect(dialog).ToHaveCountAsync(0);
        await Expect(remove).ToBeFocusedAsync();
        await remove.ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Remove", Exact = true }).ClickAsync();

        await Expect(page.GetByText("Visa ending 5556 was removed.")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("add-card")).ToBeFocusedAsync(); // its button is gone: focus goes to the next thing to do
        await Expect(page.GetByTestId("card")).ToHaveCountAsync(1);
        // The only, default card of a renewing subscription offers no Remove at all.
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Remove: Visa ending 4242" })).ToHaveCountAsync(0);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_past_due_customer_adds_a_working_card_pays_and_is_active_again()
    {
        var customer = await fixture.Server.CreateCustomerAsync(pastDue: true);
        var page = await Portal.OpenAsync(fixture, customer);
        await Expect(page.GetByTestId("past-due")).ToContainTextAsync("Your card has insufficient funds.");
        await Expect(page.GetByTestId("subscription")).ToContainTextAsync("Past due");
        await BrowserFixture.ScreenshotAsync(page, "15-overview-past-due");

        await page.GetByRole(AriaRole.Link, new() { Name = "Update payment method" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Payment methods", Level = 1 })).ToBeVisibleAsync();
        // A card that attaches but cannot be charged: the payment fails and says so.
        var form = await OpenCardFormAsync(page);
        await TypeCardAsync(form, "4000000000000341");
        await form.GetByRole(AriaRole.Button, new() { Name = "Add card" }).ClickAsync();
        await Expect(page.Locator("[data-testid=card][data-last4='0341']")).ToContainTextAsync("Default");
        await page.GetByTestId("pay-now").ClickAsync();
        await Expect(page.GetByText("Your card was declined.").First).ToBeVisibleAsync();
        await Expect(page.GetByTestId("past-due")).ToBeVisibleAsync();
        await BrowserFixture.ScreenshotAsync(page, "16-pay-declined");

        form = await OpenCardFormAsync(page);
        await TypeCardAsync(form, "4242424242424242");
        await form.GetByRole(AriaRole.Button, new() { Name = "Add card" }).ClickAsync();
        // The new default card pays the open invoice at once: no second click.
        await Expect(page.GetByText("Visa ending 4242 added and set as your default card. Thank you: invoice")).ToBeVisibleAsync();

        await Expect(page.GetByText("is paid")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("past-due")).ToHaveCountAsync(0);
        await Expect(page.GetByTestId("card-problem")).ToHaveCountAsync(0); // the earlier decline no longer stands
        await BrowserFixture.ScreenshotAsync(page, "17-paid");
        await Portal.NavigateAsync(page, "Overview");
        await Expect(page.GetByTestId("subscription")).ToContainTextAsync("Active");
        Assert.Equal(SubscriptionStatus.Active, await fixture.Server.WithDbAsync(db => db.Subscriptions.Where(s => s.CustomerId == customer).Select(s => s.Status).SingleAsync()));
        await page.Context.CloseAsync();
    }
}
