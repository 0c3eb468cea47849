using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Vinr.Portal.Api.Features.Subscriptions;
using static Microsoft.Playwright.Assertions;

namespace Vinr.Portal.E2E;

/// <summary>A customer whose subscription ended starts a new one (the demo configuration has resubscribing on here).</summary>
public sealed class ResubscribeJourneyTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>, IAsyncLifetime
{
    public async ValueTask InitializeAsync() => await fixture.Server.AllowResubscribeAsync();

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private static ILocator Plan(IPage page, string name) => page.Locator($"[data-testid=plan][data-plan='{name}']");

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_customer_whose_subscription_ended_resubscribes_to_business_with_two_seats_and_pays_the_previewed_amount(bool phone)
    {
        var customer = await fixture.Server.CreateEndedCustomerAsync();
        var page = await Portal.OpenAsync(fixture, customer, phone);
        var size = phone ? "phone" : "desktop";

        await Expect(page.GetByTestId("subscription")).ToContainTextAsync("Canceled");
        await BrowserFixture.ScreenshotAsync(page, $"50-ended-overview-{size}");
        await page.GetByTestId("resubscribe-offer").GetByRole(AriaRole.Link, new() { Name = "Resubscribe" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Start a new subscription", Level = 1 })).ToBeVisibleAsync();
        await Expect(page.GetByTestId("plan")).ToHaveCountAsync(3);
        var seats = Plan(page, "Business").GetByLabel("Seats");
        await seats.FillAsync("2");
        await seats.BlurAsync();
        await Expect(seats).ToHaveValueAsync("2");
        await BrowserFixture.ScreenshotAsync(page, $"51-resubscribe-plans-{size}");
        await Accessibility.AssertEverywhereAsync(page);
        await Plan(page, "Business").GetByRole(AriaRole.Button, new() { Name = "Choose Business" }).ClickAsync();

        await Expect(page.GetByTestId("preview")).ToContainTextAsync("Business (2 seats), starting today");
        await Expect(page.GetByTestId("preview-lines")).ToContainTextAsync("Business (2 seats, monthly)");
        await Expect(page.GetByTestId("due-today")).ToHaveTextAsync("$58.00");
        await Expect(page.GetByTestId("recurring")).ToContainTextAsync("Then $58.00 per month, next billed on");
        var confirm = page.GetByTestId("confirm-resubscribe");
        await Expect(confirm).ToHaveTextAsync("Start subscription and pay $58.00");
        await BrowserFixture.ScreenshotAsync(page, $"52-resubscribe-preview-{size}");
        await Accessibility.AssertEverywhereAsync(page);
        await confirm.ClickAsync();

        await Expect(page.GetByText("Your Business subscription has started.")).ToBeVisibleAsync();
        var newest = page.GetByTestId("subscription").First;
        await Expect(newest).ToContainTextAsync("Business");
        await Expect(newest).ToContainTextAsync("2 seats");
        await Expect(newest).ToContainTextAsync("Active");
        await Expect(newest.GetByTestId("renewal")).ToContainTextAsync("Next invoice $58.00");
        await Expect(page.GetByTestId("resubscribe-offer")).ToHaveCountAsync(0);
        var latestInvoice = page.GetByTestId("invoices").Locator("tbody tr").First;
        await Expect(latestInvoice).ToContainTextAsync("$58.00");
        await Expect(latestInvoice).ToContainTextAsync("Paid");
        await BrowserFixture.ScreenshotAsync(page, $"53-resubscribed-{size}");

        var active = await fixture.Server.WithDbAsync(db => db.Subscriptions
            .Where(s => s.CustomerId == customer && s.Status == SubscriptionStatus.Active).Select(s => s.Quantity).ToListAsync());
        Assert.Equal([2L], active);
        await page.Context.CloseAsync();
    }
}
