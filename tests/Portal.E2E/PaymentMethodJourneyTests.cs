using System.Text;
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

        var form = await OpenCardFormAsync(page);
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
        await Accessibility.AssertNoViolationsAsync(page);

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
        await page.GetByRole(AriaRole.Button, new() { Name = "Remove: Visa ending 5556" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Dialog)).ToContainTextAsync("Visa ending 5556 will be removed from your account.");
        await BrowserFixture.ScreenshotAsync(page, "14-remove-card-confirm");
        await page.GetByRole(AriaRole.Button, new() { Name = "Remove", Exact = true }).ClickAsync();

        await Expect(page.GetByText("Visa ending 5556 was removed.")).ToBeVisibleAsync();
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
