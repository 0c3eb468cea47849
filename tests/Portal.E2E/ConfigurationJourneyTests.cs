using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Vinr.Portal.E2E;

/// <summary>The merchant changes the portal's configuration through the API while a customer is in it.</summary>
public sealed class ConfigurationJourneyTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task A_feature_the_merchant_turns_off_leaves_the_customers_next_page()
    {
        var customer = await fixture.Server.CreateCustomerAsync();
        var configuration = await fixture.Server.CreateConfigurationAsync(_ => { });
        var session = await fixture.Server.CreateSessionAsync(customer, parameters: ("configuration", configuration));
        var page = await fixture.NewPageAsync();
        await page.GotoAsync(session.GetProperty("url").GetString()!);
        await page.GetByRole(AriaRole.Button, new() { Name = "Continue to billing" }).ClickAsync();
        await Portal.WaitForCircuitAsync(page);
        var billing = page.GetByRole(AriaRole.Navigation, new() { Name = "Billing" });
        await Expect(billing.GetByRole(AriaRole.Link, new() { Name = "Invoices" })).ToBeVisibleAsync();
        await Portal.NavigateAsync(page, "Payment methods");

        using var api = fixture.Server.CreateApiClient();
        var updated = await api.PostAsync($"/v1/billing-portal/configurations/{configuration}", new FormUrlEncodedContent(
            [new("features[invoice_history][enabled]", "false"), new("features[payment_method_update][enabled]", "false")]));
        Assert.True(updated.IsSuccessStatusCode, await updated.Content.ReadAsStringAsync());
        await Portal.NavigateAsync(page, "Overview");

        await Expect(billing.GetByRole(AriaRole.Link, new() { Name = "Invoices" })).ToHaveCountAsync(0);
        await Expect(billing.GetByRole(AriaRole.Link, new() { Name = "Payment methods" })).ToHaveCountAsync(0);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Invoice history" })).ToHaveCountAsync(0);
        await Expect(page.GetByTestId("manage-cards")).ToHaveCountAsync(0);
        await page.GotoAsync($"{fixture.Server.BaseUrl}/payment-methods");
        await Expect(page.GetByTestId("cards-locked")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("add-card")).ToHaveCountAsync(0);
        await BrowserFixture.ScreenshotAsync(page, "65-cards-locked");
        await page.Context.CloseAsync();
    }
}
