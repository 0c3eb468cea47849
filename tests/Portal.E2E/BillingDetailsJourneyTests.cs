using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Vinr.Portal.E2E;

public sealed class BillingDetailsJourneyTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_customer_fixes_a_bad_email_changes_address_and_tax_id_and_sees_them_on_the_overview(bool phone)
    {
        var size = phone ? "phone" : "desktop";
        var customerId = await fixture.Server.CreateCustomerAsync();
        var page = await Portal.OpenAsync(fixture, customerId, phone);
        await Portal.NavigateAsync(page, "Billing details");
        await Expect(page.GetByLabel("Name", new() { Exact = true })).ToHaveValueAsync("Sam Rivera");
        // The country first, before anything re-renders the form behind its list: text fields commit on blur, and the
        // accessibility check resizes the window, which MudBlazor answers from the server a moment later. Twice in CI at
        // phone width, after those, the option's click was lost with the list left open.
        await page.GetByLabel("Country").ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = "Ireland" }).ClickAsync();
        await Expect(page.GetByLabel("Country")).ToHaveValueAsync("Ireland");

        var email = page.GetByLabel("Email", new() { Exact = true });
        await email.FillAsync("sam.rivera@example");
        await email.PressAsync("Tab");
        await Expect(page.GetByText("Enter a valid email address, like name@example.com.")).ToBeVisibleAsync();
        await Expect(email).ToHaveAttributeAsync("aria-invalid", "true");
        // After the check, which waits for animations to settle: the screenshot shows what stays on screen.
        await Accessibility.AssertEverywhereAsync(page);
        await BrowserFixture.ScreenshotAsync(page, $"30-billing-details-{size}");
        if (!phone)
        {
            // Save with the mistake: the summary takes focus and lists it; the field says it too.
            await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
            var summary = page.GetByTestId("form-error");
            await Expect(summary).ToBeFocusedAsync();
            await Expect(summary).ToContainTextAsync("Email: Enter a valid email address, like name@example.com.");
            await Accessibility.AssertEverywhereAsync(page, "billing-details-errors-en");
        }

        await email.FillAsync("accounts@rivera.example");
        await email.PressAsync("Tab");
        await Expect(page.GetByText("Enter a valid email address, like name@example.com.")).ToHaveCountAsync(0);
        await page.GetByLabel("Address line 1").FillAsync("1 Grand Canal Quay");
        await page.GetByLabel("City").FillAsync("Dublin");
        await page.GetByLabel("Postal code").FillAsync("D02 X285");
        await page.GetByLabel("Tax ID (optional)").FillAsync("IE1234567T");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();

        await Expect(page.GetByText("Billing details saved")).ToBeVisibleAsync();
        await Accessibility.AssertEverywhereAsync(page);
        await BrowserFixture.ScreenshotAsync(page, $"31-billing-details-saved-{size}");

        await Portal.NavigateAsync(page, "Overview");
        var details = page.Locator("section[aria-labelledby=details-heading]");
        await Expect(details).ToContainTextAsync("accounts@rivera.example");
        await Expect(details).ToContainTextAsync("1 Grand Canal Quay, Dublin, D02 X285, Ireland");
        await Expect(details).ToContainTextAsync("IE1234567T");
        await Expect(page.GetByTestId("customer")).ToContainTextAsync("accounts@rivera.example");

        var events = await fixture.Server.WithDbAsync(db => db.Events
            .Where(e => e.Type == "customer.updated" && e.Data.Contains(customerId)).Select(e => e.Source).ToListAsync());
        Assert.Equal(["portal"], events);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task The_overview_links_to_billing_details()
    {
        var page = await Portal.OpenAsync(fixture, await fixture.Server.CreateCustomerAsync());

        await page.GetByRole(AriaRole.Link, new() { Name = "Edit billing details" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Billing details", Level = 1 })).ToBeVisibleAsync();
        await Expect(page.GetByLabel("Email", new() { Exact = true })).ToHaveValueAsync("sam.rivera@example.com");
        await page.Context.CloseAsync();
    }
}
