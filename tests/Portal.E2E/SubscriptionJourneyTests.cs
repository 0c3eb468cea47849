using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Vinr.Portal.E2E;

public sealed partial class SubscriptionJourneyTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    [GeneratedRegex(@"\$[\d,]+\.\d\d")]
    private static partial Regex Dollars();

    private static ILocator Plan(IPage page, string name) => page.Locator($"[data-testid=plan][data-plan='{name}']");

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task An_upgrade_is_previewed_confirmed_charged_and_invoiced(bool phone)
    {
        var page = await Portal.OpenAsync(fixture, await fixture.Server.CreateCustomerAsync(), phone);
        var size = phone ? "phone" : "desktop";

        await page.GetByRole(AriaRole.Link, new() { Name = "Change plan" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Change plan", Level = 1 })).ToBeVisibleAsync();
        await Expect(Plan(page, "Pro")).ToContainTextAsync("Current plan");
        await Plan(page, "Business").GetByLabel("Seats").FillAsync("3");
        await BrowserFixture.ScreenshotAsync(page, $"40-plans-{size}");
        await Accessibility.AssertEverywhereAsync(page);
        await Plan(page, "Business").GetByRole(AriaRole.Button, new() { Name = "Choose Business" }).ClickAsync();

        var preview = page.GetByTestId("preview");
        await Expect(preview).ToContainTextAsync("Unused time on Pro");
        await Expect(preview).ToContainTextAsync("Remaining time on Business (3 seats)");
        await Expect(page.GetByTestId("recurring")).ToContainTextAsync("$87.00 per month");
        var dueToday = Dollars().Match(await page.GetByTestId("due-today").InnerTextAsync()).Value;
        await BrowserFixture.ScreenshotAsync(page, $"41-plan-preview-{size}");
        await Accessibility.AssertEverywhereAsync(page);
        await page.GetByTestId("confirm-change").ClickAsync();

        await Expect(page.GetByText("You are now on Business.")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("subscription")).ToContainTextAsync("Business");
        await Expect(page.GetByTestId("subscription")).ToContainTextAsync("3 seats");
        await Expect(page.GetByTestId("invoices").Locator("tbody tr").First).ToContainTextAsync(dueToday);
        await Expect(page.GetByTestId("invoices").Locator("tbody tr").First).ToContainTextAsync("Paid");
        await BrowserFixture.ScreenshotAsync(page, $"42-after-upgrade-{size}");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_downgrade_is_scheduled_for_period_end_and_can_be_undone()
    {
        var page = await Portal.OpenAsync(fixture, await fixture.Server.CreateCustomerAsync());

        await page.GetByRole(AriaRole.Link, new() { Name = "Change plan" }).ClickAsync();
        await Plan(page, "Starter").GetByRole(AriaRole.Button, new() { Name = "Choose Starter" }).ClickAsync();
        await Expect(page.GetByTestId("scheduled-note")).ToContainTextAsync("nothing is charged today");
        await page.GetByTestId("confirm-change").ClickAsync();

        await Expect(page.GetByTestId("scheduled-change")).ToContainTextAsync("Changes to Starter");
        await Expect(page.GetByTestId("subscription")).ToContainTextAsync("Pro");
        await BrowserFixture.ScreenshotAsync(page, "43-downgrade-scheduled");
        await page.GetByRole(AriaRole.Button, new() { Name = "Keep Pro" }).ClickAsync();

        await Expect(page.GetByTestId("scheduled-change")).ToHaveCountAsync(0);
        await Expect(page.GetByText("You keep Pro: the scheduled change is cancelled.")).ToBeVisibleAsync();
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Switching_to_yearly_happens_now_with_the_unused_month_credited()
    {
        var page = await Portal.OpenAsync(fixture, await fixture.Server.CreateCustomerAsync());

        await page.GetByRole(AriaRole.Link, new() { Name = "Change plan" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Yearly" }).ClickAsync();
        await Plan(page, "Pro").GetByRole(AriaRole.Button, new() { Name = "Choose Pro" }).ClickAsync();

        await Expect(page.GetByTestId("preview-lines")).ToContainTextAsync("Pro (yearly)");
        await Expect(page.GetByTestId("preview-lines")).ToContainTextAsync("$490.00");
        await page.GetByTestId("confirm-change").ClickAsync();
        await Expect(page.GetByTestId("subscription")).ToContainTextAsync("per year");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task An_upgrade_whose_charge_is_declined_says_why_and_changes_nothing()
    {
        var page = await Portal.OpenAsync(fixture, await fixture.Server.CreateCustomerAsync(cardReference: "testcard_declines_e2e"));

        await page.GetByRole(AriaRole.Link, new() { Name = "Change plan" }).ClickAsync();
        await Plan(page, "Business").GetByLabel("Seats").FillAsync("3");
        await Plan(page, "Business").GetByRole(AriaRole.Button, new() { Name = "Choose Business" }).ClickAsync();
        await page.GetByTestId("confirm-change").ClickAsync();

        await Expect(page.GetByTestId("change-error")).ToHaveTextAsync("Your card was declined. Your plan was not changed.");
        await BrowserFixture.ScreenshotAsync(page, "46-upgrade-declined");
        await page.GetByRole(AriaRole.Link, new() { Name = "← Overview" }).ClickAsync();
        await Expect(page.GetByTestId("subscription")).ToContainTextAsync("Pro");
        await page.Context.CloseAsync();
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Cancelling_with_a_reason_then_renewing_keeps_the_subscription(bool phone)
    {
        var customer = await fixture.Server.CreateCustomerAsync();
        var page = await Portal.OpenAsync(fixture, customer, phone);

        await page.GetByRole(AriaRole.Link, new() { Name = "Cancel subscription" }).ClickAsync();
        await Expect(page.GetByTestId("cancel-statement")).ToContainTextAsync("stays active until");
        await page.GetByText("It’s too expensive").ClickAsync();
        await page.GetByLabel("Tell us more (optional)").FillAsync("Budget cuts this quarter");
        await BrowserFixture.ScreenshotAsync(page, $"44-cancel-{(phone ? "phone" : "desktop")}");
        await Accessibility.AssertEverywhereAsync(page);
        await page.GetByTestId("confirm-cancel").ClickAsync();

        await Expect(page.GetByTestId("pending-cancellation")).ToContainTextAsync("You will not be charged again");
        await Expect(page.GetByTestId("subscription")).ToContainTextAsync("Cancels at period end");
        await BrowserFixture.ScreenshotAsync(page, $"45-pending-cancellation-{(phone ? "phone" : "desktop")}");
        var reason = await fixture.Server.WithDbAsync(db => db.Events
            .Where(e => e.Type == "customer.subscription.updated" && e.Data.Contains(customer)).Select(e => e.Data).FirstAsync());
        Assert.Contains("\"reason\":\"too_expensive\"", reason, StringComparison.Ordinal);
        Assert.Contains("Budget cuts this quarter", reason, StringComparison.Ordinal);

        await page.GetByRole(AriaRole.Button, new() { Name = "Renew subscription" }).ClickAsync();
        await Expect(page.GetByTestId("pending-cancellation")).ToHaveCountAsync(0);
        await Expect(page.GetByTestId("subscription")).ToContainTextAsync("Active");
        await page.Context.CloseAsync();
    }
}
