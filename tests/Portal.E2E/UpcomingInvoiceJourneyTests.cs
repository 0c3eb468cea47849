using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Vinr.Portal.Api.Features.Customers;
using Vinr.Portal.Api.Features.Invoices;
using Vinr.Portal.Api.Features.PaymentMethods;
using Vinr.Portal.Api.Features.Subscriptions;
using Vinr.Portal.Api.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Vinr.Portal.E2E;

/// <summary>
/// The next invoice, itemised, from the overview: plan, seats, waiting prorations, credit, total and date;
/// and, on a test clock, the invoice the renewal later charges reads exactly as it did.
/// </summary>
public sealed class UpcomingInvoiceJourneyTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    private const string Merchant = "acct_AcmeCloudDemo";

    private static ILocator Rows(IPage page, string table) => page.GetByTestId(table).Locator("tbody tr");

    private static Task<string[]> TextsAsync(ILocator rows) => rows.EvaluateAllAsync<string[]>("rows => rows.map(r => r.innerText.replace(/\\s+/g, ' ').trim())");

    /// <summary>What a plan change under create_prorations leaves for the next invoice, and 10.00 of credit.</summary>
    private Task<DateTimeOffset> AddProrationsAndCreditAsync(string customer) =>
        fixture.Server.WithDbAsync(async db =>
        {
            var subscription = await db.Subscriptions.SingleAsync(s => s.CustomerId == customer);
            var changedAt = DateTimeOffset.UtcNow.AddDays(-1);
            foreach (var (text, amount) in new[] { ("Unused time on Pro", -1_300L), ("Remaining time on Business × 2", 1_540L) })
            {
                db.PendingInvoiceItems.Add(new PendingInvoiceItem
                {
                    Id = Ids.New("ii"), MerchantId = Merchant, CustomerId = customer, SubscriptionId = subscription.Id, Description = text, Amount = amount,
                    Currency = "usd", Proration = true, PeriodStart = changedAt, PeriodEnd = subscription.CurrentPeriodEnd, Created = changedAt,
                });
            }
            await db.Customers.Where(c => c.Id == customer).ExecuteUpdateAsync(c => c.SetProperty(x => x.Balance, -1_000));
            await db.SaveChangesAsync();
            return subscription.CurrentPeriodEnd;
        });

    private static string Day(DateTimeOffset date) => date.UtcDateTime.ToString("d MMM yyyy", System.Globalization.CultureInfo.GetCultureInfo("en"));

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task The_overview_links_to_the_next_invoice_itemised_with_prorations_and_credit(bool phone)
    {
        var size = phone ? "360" : "1280";
        var customer = await fixture.Server.CreateCustomerAsync();
        var periodEnd = await AddProrationsAndCreditAsync(customer);
        var page = await Portal.OpenAsync(fixture, customer, phone);

        var link = page.GetByTestId("upcoming-invoice-link");
        await Expect(link).ToHaveTextAsync("Next invoice $51.40, including plan change adjustments");
        await BrowserFixture.ScreenshotAsync(page, $"25-overview-next-invoice-{size}");
        await link.ClickAsync();

        // A new page puts focus on its one heading.
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Next invoice", Level = 1 })).ToBeFocusedAsync();
        await Expect(page.Locator("h1")).ToHaveCountAsync(1);
        await Expect(Rows(page, "upcoming-lines")).ToHaveCountAsync(3);
        var rows = await TextsAsync(Rows(page, "upcoming-lines"));
        Assert.All(rows[..2], row => Assert.Contains("Proration", row, StringComparison.Ordinal));
        Assert.StartsWith("Unused time on Pro", rows[0], StringComparison.Ordinal);
        Assert.EndsWith("-$13.00", rows[0], StringComparison.Ordinal);
        Assert.StartsWith("Remaining time on Business × 2", rows[1], StringComparison.Ordinal);
        Assert.EndsWith("$15.40", rows[1], StringComparison.Ordinal);
        Assert.StartsWith("Pro (monthly)", rows[2], StringComparison.Ordinal);
        Assert.EndsWith("1 $49.00", rows[2], StringComparison.Ordinal);
        Assert.Contains($"{Day(periodEnd)} – {Day(periodEnd.AddMonths(1))}", rows[2], StringComparison.Ordinal);
        await Expect(page.GetByTestId("upcoming-total")).ToHaveTextAsync("$51.40");
        await Expect(page.GetByTestId("upcoming-credit")).ToHaveTextAsync("-$10.00");
        await Expect(page.GetByTestId("upcoming-total-due")).ToHaveTextAsync("$41.40");
        await Expect(page.GetByTestId("upcoming-amount-due")).ToHaveTextAsync("$41.40");
        await Expect(page.GetByTestId("upcoming-date")).ToHaveTextAsync($"Charged on {Day(periodEnd)} to Visa\u00A0••••\u00A04242.");
        await BrowserFixture.ScreenshotAsync(page, $"26-upcoming-invoice-{size}");
        await Accessibility.AssertEverywhereAsync(page, "upcoming-invoice-en");

        await page.GetByRole(AriaRole.Link, new() { Name = "Overview" }).First.ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Overview", Level = 1 })).ToBeVisibleAsync();
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Nothing_renews_so_the_page_says_there_is_no_next_invoice()
    {
        var customer = await fixture.Server.CreateCustomerAsync();
        await fixture.Server.WithDbAsync(db => db.Subscriptions.Where(s => s.CustomerId == customer).ExecuteUpdateAsync(s => s.SetProperty(x => x.CancelAtPeriodEnd, true)));
        var page = await Portal.OpenAsync(fixture, customer);
        await Expect(page.GetByTestId("pending-cancellation")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("upcoming-invoice-link")).ToHaveCountAsync(0);

        await page.GotoAsync($"{fixture.Server.BaseUrl}/invoices/upcoming");
        await Portal.WaitForCircuitAsync(page);

        await Expect(page.GetByTestId("no-upcoming")).ToContainTextAsync("No upcoming invoice");
        await Accessibility.AssertEverywhereAsync(page, "upcoming-invoice-none-en");
        await page.Context.CloseAsync();
    }

    /// <summary>
    /// The issue's proof: the customer reads their next invoice, the merchant advances the customer's test
    /// clock past the period end, and the invoice the billing clock wrote and charged reads line for line,
    /// figure for figure and date for date as the next invoice did.
    /// </summary>
    [Fact]
    public async Task The_next_invoice_is_what_the_renewal_charges_when_the_test_clock_passes_the_period_end()
    {
        using var api = fixture.Server.CreateApiClient();
        var clockTime = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds());
        var clock = await PostAsync(api, "/v1/test_helpers/test_clocks", ("frozen_time", clockTime.ToUnixTimeSeconds().ToString()));
        var (customer, subscription, periodEnd, business) = await fixture.Server.WithDbAsync(async db =>
        {
            var pro = await db.Prices.FirstAsync(p => p.MerchantId == Merchant && p.Nickname == "Pro monthly");
            var businessId = await db.Prices.Where(p => p.MerchantId == Merchant && p.Nickname == "Business monthly").Select(p => p.Id).FirstAsync();
            var person = new Customer { Id = Ids.New("cust"), MerchantId = Merchant, Name = "Robin Clock", Email = "robin@example.com", Created = clockTime,
                TestClockId = clock.GetProperty("id").GetString() };
            var card = new PaymentMethod
            {
                Id = Ids.New("pm"), MerchantId = Merchant, CustomerId = person.Id, Brand = "visa", Last4 = "4242", ExpMonth = 12, ExpYear = clockTime.Year + 3,
                Fingerprint = "e2e-clock", ProcessorReference = "testcard_succeeds_e2e", Created = clockTime,
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
            return (person.Id, plan.Id, plan.CurrentPeriodEnd, businessId);
        });
        // The merchant moves them to three Business seats; the prorations wait for the renewal. And they have 10.00 of credit.
        await PostAsync(api, $"/v1/subscriptions/{subscription}", ("items[0][price]", business), ("items[0][quantity]", "3"), ("proration_behavior", "create_prorations"));
        await fixture.Server.WithDbAsync(db => db.Customers.Where(c => c.Id == customer).ExecuteUpdateAsync(c => c.SetProperty(x => x.Balance, -1_000)));

        var page = await Portal.OpenAsync(fixture, customer);
        await page.GetByTestId("upcoming-invoice-link").ClickAsync();
        await Expect(Rows(page, "upcoming-lines")).ToHaveCountAsync(3);
        var upcomingLines = await TextsAsync(Rows(page, "upcoming-lines"));
        var upcomingTotal = await page.GetByTestId("upcoming-total").InnerTextAsync();
        var upcomingDue = await page.GetByTestId("upcoming-amount-due").InnerTextAsync();
        var upcomingDate = await page.GetByTestId("upcoming-date").InnerTextAsync();
        Assert.StartsWith("Business × 3 (monthly)", upcomingLines[2], StringComparison.Ordinal);
        Assert.Equal($"Charged on {Day(periodEnd)} to Visa\u00A0••••\u00A04242.", upcomingDate);
        await BrowserFixture.ScreenshotAsync(page, "27-upcoming-invoice-before-renewal");

        await PostAsync(api, $"/v1/test_helpers/test_clocks/{clock.GetProperty("id").GetString()}/advance", ("frozen_time", periodEnd.AddHours(1).ToUnixTimeSeconds().ToString()));

        await Portal.NavigateAsync(page, "Invoices");
        var invoiceRow = Rows(page, "invoices");
        await Expect(invoiceRow).ToHaveCountAsync(1);
        await invoiceRow.GetByRole(AriaRole.Link).ClickAsync();
        await Expect(page.GetByTestId("totals")).ToBeVisibleAsync();
        Assert.Equal(upcomingLines, await TextsAsync(Rows(page, "lines")));
        await Expect(page.GetByTestId("totals").Locator("dd.total")).ToHaveTextAsync(upcomingTotal);
        // Charged then what the next invoice said was due: paid in full, nothing left.
        await Expect(page.GetByTestId("totals")).ToContainTextAsync($"Amount paid{upcomingDue}");
        await Expect(page.GetByTestId("amount-due")).ToHaveTextAsync("$0.00");
        await Expect(page.GetByTestId("summary")).ToContainTextAsync($"Issued{Day(periodEnd)}");
        await Expect(page.GetByTestId("summary")).ToContainTextAsync($"Paid on{Day(periodEnd)}");
        await BrowserFixture.ScreenshotAsync(page, "28-renewal-invoice-after-clock");

        // And the next one is the plan alone, a month later.
        await Portal.NavigateAsync(page, "Overview");
        await page.GetByTestId("upcoming-invoice-link").ClickAsync();
        await Expect(Rows(page, "upcoming-lines")).ToHaveCountAsync(1);
        await Expect(page.GetByTestId("upcoming-date")).ToContainTextAsync($"Charged on {Day(periodEnd.AddMonths(1))}");
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
