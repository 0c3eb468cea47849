using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Vinr.Portal.Api.Features.Customers;
using Vinr.Portal.Api.Features.Invoices;
using Vinr.Portal.Api.Features.PaymentMethods;
using Vinr.Portal.Api.Features.Subscriptions;
using Vinr.Portal.Api.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Vinr.Portal.E2E;

/// <summary>3-D Secure in the browser: a card whose bank asks, added in the card frame and used for an upgrade; a failed challenge; a renewal that waits for the customer.</summary>
public sealed partial class ThreeDSecureJourneyTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    private const string Merchant = "acct_AcmeCloudDemo";

    [GeneratedRegex(@"\$[\d,]+\.\d\d")]
    private static partial Regex Dollars();

    private static ILocator Plan(IPage page, string name) => page.Locator($"[data-testid=plan][data-plan='{name}']");

    /// <summary>Opens the card frame and types a card as a person does, key by key.</summary>
    private static async Task<IFrameLocator> TypeCardAsync(IPage page, string number)
    {
        await page.GetByTestId("add-card").ClickAsync();
        var form = page.FrameLocator("iframe.card-frame");
        await form.Locator("#number").PressSequentiallyAsync(number);
        await form.Locator("#exp").PressSequentiallyAsync("1234");
        await form.Locator("#cvc").FillAsync("314");
        await form.Locator("#name").FillAsync("Sam Rivera");
        await form.Locator("#postal_code").FillAsync("94107");
        await form.GetByRole(AriaRole.Button, new() { Name = "Add card" }).ClickAsync();
        return form;
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_card_that_asks_is_added_through_its_challenge_in_the_card_frame_and_pays_an_upgrade_after_another(bool phone)
    {
        var page = await Portal.OpenAsync(fixture, await fixture.Server.CreateCustomerAsync(), phone);
        var size = phone ? "phone" : "desktop";
        await Portal.NavigateAsync(page, "Payment methods");

        // The bank's challenge opens inside the card frame: the number stays there, as ever.
        var frame = await TypeCardAsync(page, "4000002760003184");
        await Expect(frame.GetByRole(AriaRole.Heading, new() { Name = "Confirm it's you" })).ToBeVisibleAsync();
        await Expect(frame.GetByTestId("challenge-card")).ToHaveTextAsync("Visa •••• 3184");
        await Expect(frame.GetByTestId("challenge-amount")).ToHaveCountAsync(0); // saving a card charges nothing
        await Expect(page.Locator("[data-testid=card][data-last4='3184']")).ToHaveCountAsync(0); // not stored before it succeeds
        await BrowserFixture.ScreenshotAsync(page, $"70-card-challenge-{size}");
        await Accessibility.AssertEverywhereAsync(page);
        await frame.GetByRole(AriaRole.Button, new() { Name = "Complete authentication" }).ClickAsync();

        await Expect(page.GetByText("Visa ending 3184 added and set as your default card.")).ToBeVisibleAsync();
        await Expect(page.Locator("[data-testid=card][data-last4='3184']")).ToContainTextAsync("Default");

        // The upgrade: this card asks on every charge, so the payment's challenge shows exactly what the preview said.
        await Portal.NavigateAsync(page, "Overview");
        await page.GetByRole(AriaRole.Link, new() { Name = "Change plan" }).ClickAsync();
        await Plan(page, "Business").GetByLabel("Seats").FillAsync("3");
        await Plan(page, "Business").GetByRole(AriaRole.Button, new() { Name = "Choose Business" }).ClickAsync();
        var dueToday = Dollars().Match(await page.GetByTestId("due-today").InnerTextAsync()).Value;
        await page.GetByTestId("confirm-change").ClickAsync();

        var dialog = page.GetByTestId("payment-challenge");
        await Expect(dialog.GetByRole(AriaRole.Heading, new() { Name = "Confirm your payment" })).ToBeFocusedAsync();
        var challenge = page.FrameLocator("iframe.challenge-frame");
        await Expect(challenge.GetByTestId("challenge-amount")).ToHaveTextAsync(dueToday);
        await Expect(challenge.GetByTestId("challenge-card")).ToHaveTextAsync("Visa •••• 3184");
        await Expect(challenge.GetByTestId("challenge")).ToContainTextAsync("Acme Cloud");
        await BrowserFixture.ScreenshotAsync(page, $"71-payment-challenge-{size}");
        await Accessibility.AssertEverywhereAsync(page);
        await challenge.GetByRole(AriaRole.Button, new() { Name = "Complete authentication" }).ClickAsync();

        await Expect(page.GetByText("You are now on Business.")).ToBeVisibleAsync();
        await Expect(dialog).ToHaveCountAsync(0);
        await Expect(page.GetByTestId("subscription")).ToContainTextAsync("3 seats");
        var latest = page.GetByTestId("invoices").Locator("tbody tr").First;
        await Expect(latest).ToContainTextAsync(dueToday);
        await Expect(latest).ToContainTextAsync("Paid");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_failed_challenge_while_adding_a_card_leaves_no_card()
    {
        var page = await Portal.OpenAsync(fixture, await fixture.Server.CreateCustomerAsync());
        await Portal.NavigateAsync(page, "Payment methods");

        var frame = await TypeCardAsync(page, "4000002500003155");
        await frame.GetByRole(AriaRole.Button, new() { Name = "Fail authentication" }).ClickAsync();

        await Expect(frame.GetByRole(AriaRole.Alert)).ToContainTextAsync("We could not authenticate your card, so it was not added.");
        await Expect(frame.GetByTestId("challenge-retry")).ToBeVisibleAsync();
        await BrowserFixture.ScreenshotAsync(page, "72-card-challenge-failed");
        await page.ReloadAsync();
        await Portal.WaitForCircuitAsync(page);
        await Expect(page.GetByTestId("card")).ToHaveCountAsync(1);
        await Expect(page.Locator("[data-testid=card][data-last4='3155']")).ToHaveCountAsync(0);
        await page.Context.CloseAsync();
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_renewal_that_needs_the_customer_shows_confirm_your_payment_and_is_paid_from_the_banner(bool phone)
    {
        using var api = fixture.Server.CreateApiClient();
        var clockTime = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds());
        var clock = await PostAsync(api, "/v1/test_helpers/test_clocks", ("frozen_time", clockTime.ToUnixTimeSeconds().ToString()));
        var (customer, periodEnd) = await fixture.Server.WithDbAsync(async db =>
        {
            var pro = await db.Prices.FirstAsync(p => p.MerchantId == Merchant && p.Nickname == "Pro monthly");
            var person = new Customer { Id = Ids.New("cust"), MerchantId = Merchant, Name = "Robin Bank", Email = "robin@example.com", Created = clockTime,
                TestClockId = clock.GetProperty("id").GetString() };
            // A card saved after its challenge, whose bank asks on every charge too: an off-session renewal cannot pass.
            var card = new PaymentMethod
            {
                Id = Ids.New("pm"), MerchantId = Merchant, CustomerId = person.Id, Brand = "visa", Last4 = "3184", ExpMonth = 12, ExpYear = clockTime.Year + 3,
                Fingerprint = "e2e-3ds", ProcessorReference = "testcard_authalways_e2e", Created = clockTime,
            };
            person.DefaultPaymentMethodId = card.Id;
            var start = clockTime.AddDays(-3);
            var plan = new Subscription
            {
                Id = Ids.New("sub"), MerchantId = Merchant, CustomerId = person.Id, PriceId = pro.Id, Status = SubscriptionStatus.Active,
                CurrentPeriodStart = start, CurrentPeriodEnd = start.AddMonths(1), BillingCycleAnchor = start, Created = start,
            };
            db.AddRange(person, card, plan);
            await db.SaveChangesAsync();
            return (person.Id, plan.CurrentPeriodEnd);
        });
        await PostAsync(api, $"/v1/test_helpers/test_clocks/{clock.GetProperty("id").GetString()}/advance", ("frozen_time", periodEnd.AddHours(1).ToUnixTimeSeconds().ToString()));
        var size = phone ? "phone" : "desktop";

        var page = await Portal.OpenAsync(fixture, customer, phone);
        var banner = page.GetByTestId("confirm-payment");
        await Expect(banner).ToContainTextAsync("Confirm your payment");
        await Expect(banner).ToContainTextAsync("Your bank asks you to confirm the payment of $49.00");
        await BrowserFixture.ScreenshotAsync(page, $"73-confirm-payment-banner-{size}");
        await Accessibility.AssertEverywhereAsync(page);
        await banner.GetByRole(AriaRole.Link, new() { Name = "Confirm payment" }).ClickAsync();

        await Expect(page.GetByTestId("payment-error")).ToContainTextAsync("Your bank asks you to confirm this payment.");
        await page.GetByTestId("pay-invoice").ClickAsync();
        var challenge = page.FrameLocator("iframe.challenge-frame");
        await Expect(challenge.GetByTestId("challenge-amount")).ToHaveTextAsync("$49.00");
        await BrowserFixture.ScreenshotAsync(page, $"74-invoice-challenge-{size}");
        await challenge.GetByRole(AriaRole.Button, new() { Name = "Complete authentication" }).ClickAsync();

        await Expect(page.GetByTestId("pay-result")).ToContainTextAsync("paid");
        await Expect(page.GetByTestId("amount-due")).ToHaveTextAsync("$0.00");
        await Expect(page.GetByTestId("paid-with")).ToContainTextAsync("3184");
        await Portal.NavigateAsync(page, "Overview");
        await Expect(page.GetByTestId("confirm-payment")).ToHaveCountAsync(0);
        Assert.Equal(SubscriptionStatus.Active,
            await fixture.Server.WithDbAsync(db => db.Subscriptions.Where(s => s.CustomerId == customer).Select(s => s.Status).SingleAsync()));
        Assert.Equal(InvoiceStatus.Paid, await fixture.Server.WithDbAsync(db => db.Invoices.Where(i => i.CustomerId == customer).Select(i => i.Status).SingleAsync()));
        await page.Context.CloseAsync();
    }

    private static async Task<JsonElement> PostAsync(HttpClient api, string path, params (string Key, string Value)[] form)
    {
        var response = await api.PostAsync(path, new FormUrlEncodedContent(form.Select(p => KeyValuePair.Create(p.Key, p.Value))));
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(response.IsSuccessStatusCode, body.ToString());
        return body;
    }
}
