using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Vinr.Portal.Api.Features.Invoices;
using Vinr.Portal.Api.Features.Subscriptions;
using Vinr.Portal.Api.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Vinr.Portal.E2E;

public sealed class InvoiceJourneyTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Customer_finds_an_invoice_in_the_history_opens_it_and_downloads_its_pdf(bool phone)
    {
        var size = phone ? "phone" : "desktop";
        var page = await Portal.OpenAsync(fixture, "cust_8aZ2", phone);
        await Accessibility.AssertEverywhereAsync(page, "overview-en");

        await Portal.NavigateAsync(page, "Invoices");
        var rows = page.GetByTestId("invoices").Locator("tbody tr");
        await Expect(rows).ToHaveCountAsync(12);
        await Expect(rows.First).ToContainTextAsync("ACME-0012");
        await Expect(rows.First).ToContainTextAsync("$49.00");
        await Expect(rows.First).ToContainTextAsync("Paid");
        await Expect(page.GetByTestId("show-more")).ToHaveCountAsync(0);
        await BrowserFixture.ScreenshotAsync(page, $"20-invoices-{size}");
        await Accessibility.AssertEverywhereAsync(page, "invoices-en");

        await page.GetByRole(AriaRole.Link, new() { Name = "ACME-0012" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Invoice ACME-0012", Level = 1 })).ToBeVisibleAsync();
        await Expect(page.GetByTestId("lines")).ToContainTextAsync("Pro (monthly)");
        await Expect(page.GetByTestId("totals")).ToContainTextAsync("$49.00");
        await Expect(page.GetByTestId("bill-to")).ToContainTextAsync("Jane Cooper");
        // The nav keeps "Invoices" current on an invoice's page.
        await Expect(page.GetByRole(AriaRole.Navigation, new() { Name = "Billing" }).GetByRole(AriaRole.Link, new() { Name = "Invoices" }))
            .ToHaveAttributeAsync("aria-current", "page");
        await BrowserFixture.ScreenshotAsync(page, $"21-invoice-{size}");
        await Accessibility.AssertEverywhereAsync(page, "invoice-en");

        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByTestId("download-pdf").ClickAsync());
        Assert.Equal("ACME-0012.pdf", download.SuggestedFilename);
        var bytes = await File.ReadAllBytesAsync((await download.PathAsync())!);
        Assert.Equal("%PDF-", Encoding.ASCII.GetString(bytes, 0, 5));
        Assert.Contains("$49.00", Encoding.Latin1.GetString(bytes), StringComparison.Ordinal);
        Assert.Contains("ACME-0012", Encoding.Latin1.GetString(bytes), StringComparison.Ordinal);
        // The download left the page (and its circuit) where it was.
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Invoice ACME-0012", Level = 1 })).ToBeVisibleAsync();
        await Expect(page.Locator(".portal-shell")).ToHaveAttributeAsync("data-interactive", "true");
        await page.Context.CloseAsync();
    }

    /// <summary>
    /// A session in French on a phone: the overview, the history (a list of cards at 360 px, each one
    /// link) and an invoice read in French, pass the accessibility checks, and the PDF is French too.
    /// </summary>
    [Fact]
    public async Task A_french_customer_on_a_phone_reads_the_overview_history_invoice_and_pdf_in_french()
    {
        var session = await fixture.Server.CreateSessionAsync(parameters: ("locale", "fr"));
        var page = await fixture.NewPageAsync(phone: true);
        await page.GotoAsync(session.GetProperty("url").GetString()!);
        // The confirm page's words are another part's; its one submit button is the way in.
        await page.Locator("form button[type=submit]").ClickAsync();
        await Portal.WaitForCircuitAsync(page);

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Aperçu", Level = 1 })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Historique des factures", Level = 2 })).ToBeVisibleAsync();
        await Expect(page.GetByTestId("subscription")).ToContainTextAsync("Actif");
        await Expect(page.GetByTestId("subscription")).ToContainTextAsync("49,00");
        await Expect(page.GetByTestId("renewal")).ToContainTextAsync("Renouvellement le");
        await Accessibility.AssertEverywhereAsync(page, "overview-fr");

        await page.GetByTestId("all-invoices").ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Factures", Level = 1 })).ToBeVisibleAsync();
        var rows = page.GetByTestId("invoices").Locator("tbody tr");
        await Expect(rows).ToHaveCountAsync(12);
        await Expect(rows.First).ToContainTextAsync("Payée");
        // At 360 px each invoice is a card (a grid of number, amount, date and status), not a table row,
        // and the card's whole area (at least 44 px high) is its link.
        Assert.Equal("grid", await rows.First.EvaluateAsync<string>("r => getComputedStyle(r).display"));
        Assert.True(await rows.First.EvaluateAsync<double>("r => r.getBoundingClientRect().height") >= 44);
        var link = await rows.First.Locator("a").EvaluateAsync<double[]>("a => { const r = getComputedStyle(a, '::after'); return [a.closest('tr').offsetWidth, parseFloat(r.width)]; }");
        Assert.Equal(link[0], link[1], 1.0);
        await Accessibility.AssertEverywhereAsync(page, "invoices-fr");

        await page.GetByRole(AriaRole.Link, new() { Name = "ACME-0012" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Facture ACME-0012", Level = 1 })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Facturé à", Level = 2 })).ToBeVisibleAsync();
        await Expect(page.GetByTestId("totals")).ToContainTextAsync("Sous-total");
        await Expect(page.Locator(".invoice-title .status-chip")).ToHaveTextAsync("Payée");
        await Accessibility.AssertEverywhereAsync(page, "invoice-fr");

        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByTestId("download-pdf").ClickAsync());
        // Kept beside the screenshots, to be looked at like them.
        await download.SaveAsAsync(Path.Combine(BrowserFixture.ScreenshotDirectory, "invoice-fr.pdf"));
        var pdf = Encoding.Latin1.GetString(await File.ReadAllBytesAsync((await download.PathAsync())!));
        Assert.Contains("(Facture ACME-0012)", pdf, StringComparison.Ordinal);
        Assert.Contains("(Montant dû)", pdf, StringComparison.Ordinal);
        await page.Context.CloseAsync();
    }


    [Fact]
    public async Task The_overview_links_to_the_history_and_to_each_invoice()
    {
        var page = await Portal.OpenAsync(fixture, "cust_8aZ2");

        await page.GetByRole(AriaRole.Link, new() { Name = "ACME-0011" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Invoice ACME-0011", Level = 1 })).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "All invoices" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Invoices", Level = 1 })).ToBeVisibleAsync();
        await Portal.NavigateAsync(page, "Overview");
        await page.GetByTestId("all-invoices").ClickAsync();
        await Expect(page.GetByTestId("invoices").Locator("tbody tr")).ToHaveCountAsync(12);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_long_history_shows_twenty_then_more_on_request()
    {
        var customer = await fixture.Server.CreateCustomerAsync();
        await AddOldInvoicesAsync(customer, 24);
        var page = await Portal.OpenAsync(fixture, customer);
        await Portal.NavigateAsync(page, "Invoices");
        var rows = page.GetByTestId("invoices").Locator("tbody tr");
        await Expect(rows).ToHaveCountAsync(20);

        await page.GetByTestId("show-more").ClickAsync();

        await Expect(rows).ToHaveCountAsync(25);
        await Expect(page.GetByTestId("show-more")).ToHaveCountAsync(0);
        await Expect(rows.Last).ToContainTextAsync("OLD-0001");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_past_due_customer_pays_the_open_invoice_on_its_page_and_sees_it_paid()
    {
        var customer = await fixture.Server.CreateCustomerAsync(pastDue: true);
        var page = await Portal.OpenAsync(fixture, customer);
        await Portal.NavigateAsync(page, "Invoices");
        var row = page.GetByTestId("invoices").Locator("tbody tr").First;
        await Expect(row).ToContainTextAsync("Due");
        await row.GetByRole(AriaRole.Link).ClickAsync();

        await Expect(page.GetByTestId("payment-error")).ToContainTextAsync("Your card has insufficient funds.");
        await Expect(page.GetByTestId("pay-invoice")).ToHaveTextAsync("Pay $49.00");
        await BrowserFixture.ScreenshotAsync(page, "22-invoice-open-desktop");
        await Accessibility.AssertEverywhereAsync(page);
        await page.GetByTestId("pay-invoice").ClickAsync();

        await Expect(page.GetByTestId("pay-result")).ToContainTextAsync("is paid");
        await Expect(page.Locator(".invoice-title .status-chip")).ToHaveAttributeAsync("data-status", "paid");
        await Expect(page.GetByTestId("pay-panel")).ToHaveCountAsync(0);
        await Expect(page.GetByTestId("paid-with")).ToContainTextAsync("4242");
        await BrowserFixture.ScreenshotAsync(page, "23-invoice-paid-desktop");
        await Accessibility.AssertEverywhereAsync(page);
        Assert.Equal(SubscriptionStatus.Active, await fixture.Server.WithDbAsync(db => db.Subscriptions.Where(s => s.CustomerId == customer).Select(s => s.Status).SingleAsync()));

        await Portal.NavigateAsync(page, "Overview");
        await Expect(page.GetByTestId("subscription")).ToContainTextAsync("Active");
        await Expect(page.GetByTestId("past-due")).ToHaveCountAsync(0);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task An_open_invoice_on_a_phone()
    {
        var customer = await fixture.Server.CreateCustomerAsync(pastDue: true);
        var invoiceId = await fixture.Server.WithDbAsync(db => db.Invoices.Where(i => i.CustomerId == customer).Select(i => i.Id).SingleAsync());
        var page = await Portal.OpenAsync(fixture, customer, phone: true);

        await page.GotoAsync($"{fixture.Server.BaseUrl}/invoices/{invoiceId}");
        await Portal.WaitForCircuitAsync(page);

        await Expect(page.GetByTestId("pay-invoice")).ToBeVisibleAsync();
        await BrowserFixture.ScreenshotAsync(page, "22-invoice-open-phone");
        await Accessibility.AssertEverywhereAsync(page);
        await page.Context.CloseAsync();
    }

    private Task<int> AddOldInvoicesAsync(string customerId, int count) =>
        fixture.Server.WithDbAsync(async db =>
        {
            var start = DateTimeOffset.UtcNow.AddYears(-3);
            var suffix = Ids.RandomBase62(4);
            for (var i = 1; i <= count; i++)
            {
                var at = start.AddDays(i);
                db.Invoices.Add(new Invoice
                {
                    // Numbers are unique per merchant: a suffix per customer keeps them apart.
                    Id = Ids.New("in"), MerchantId = "acct_AcmeCloudDemo", CustomerId = customerId, Number = $"OLD-{i:D4}-{suffix}",
                    Status = InvoiceStatus.Paid, Currency = "usd", Subtotal = 4900, Total = 4900, AmountDue = 4900, AmountPaid = 4900,
                    Created = at, PeriodStart = at, PeriodEnd = at.AddMonths(1), PaidAt = at,
                });
            }
            return await db.SaveChangesAsync();
        });
}
