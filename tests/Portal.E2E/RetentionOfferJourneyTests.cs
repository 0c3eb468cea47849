using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Vinr.Portal.Api.Features.Discounts;
using Vinr.Portal.Api.Features.Invoices;
using Vinr.Portal.Api.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Vinr.Portal.E2E;

/// <summary>
/// The cancel flow's retention offer (docs/decisions/0025), taken and declined, and the discount it leaves on the next invoice
/// and on a written invoice. Cancelling takes exactly as many clicks with the offer as without.
/// </summary>
public sealed class RetentionOfferJourneyTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    private const string Merchant = "acct_AcmeCloudDemo";
    private static readonly string Shots = Path.Combine(Path.GetTempPath(), "shots-coupons");

    /// <summary>A 50 % coupon for three months, and a configuration that offers it when a customer cancels.</summary>
    private async Task<string> OfferingConfigurationAsync()
    {
        using var api = fixture.Server.CreateApiClient();
        var response = await api.PostAsync("/v1/coupons", new FormUrlEncodedContent([new("percent_off", "50"), new("duration", "repeating"),
            new("duration_in_months", "3"), new("name", "Win-back")]));
        var coupon = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(response.IsSuccessStatusCode, coupon.ToString());
        var couponId = coupon.GetProperty("id").GetString()!;
        return await fixture.Server.CreateConfigurationAsync(c => c.Features.SubscriptionCancel.RetentionCouponId = couponId);
    }

    private async Task<IPage> OpenAsync(string customer, string? configuration, bool phone)
    {
        var session = await fixture.Server.CreateSessionAsync(customer, parameters: configuration is null ? [] : [("configuration", configuration)]);
        var page = await fixture.NewPageAsync(phone);
        await page.GotoAsync(session.GetProperty("url").GetString()!);
        await page.GetByRole(AriaRole.Button, new() { Name = "Continue to billing" }).ClickAsync();
        await Portal.WaitForCircuitAsync(page);
        return page;
    }

    private static async Task ShotAsync(IPage page, string name)
    {
        Directory.CreateDirectory(Shots);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Shots, $"{name}.png"), FullPage = true });
        await BrowserFixture.ScreenshotAsync(page, name);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task The_offer_taken_keeps_the_subscription_and_the_next_invoice_shows_the_discount(bool phone)
    {
        var size = phone ? "360" : "1280";
        var customer = await fixture.Server.CreateCustomerAsync();
        var page = await OpenAsync(customer, await OfferingConfigurationAsync(), phone);

        await page.GetByRole(AriaRole.Link, new() { Name = "Cancel subscription" }).ClickAsync();
        await Expect(page.GetByTestId("cancel-statement")).ToContainTextAsync("stays active until");
        await Expect(page.GetByTestId("retention-offer")).ToHaveCountAsync(0);
        await page.GetByText("It’s too expensive").ClickAsync();

        await Expect(page.GetByTestId("offer-terms")).ToHaveTextAsync("50 % off for 3 months");
        await Expect(page.GetByTestId("offer-price")).ToContainTextAsync("$24.50 instead of $49.00");
        await Expect(page.GetByTestId("confirm-cancel")).ToBeVisibleAsync();
        await ShotAsync(page, $"90-cancel-with-offer-{size}");
        await Accessibility.AssertEverywhereAsync(page);
        await page.GetByTestId("accept-offer").ClickAsync();

        await Expect(page.GetByTestId("offer-accepted")).ToContainTextAsync("Offer applied: 50 % off for 3 months");
        await Expect(page.GetByTestId("offer-accepted")).ToContainTextAsync("$24.50");
        await ShotAsync(page, $"91-offer-accepted-{size}");
        await page.GetByTestId("offer-back").ClickAsync();

        var link = page.GetByTestId("upcoming-invoice-link");
        await Expect(link).ToHaveTextAsync("Next invoice $24.50");
        await Expect(page.GetByTestId("subscription")).ToContainTextAsync("Active");
        await link.ClickAsync();
        await Expect(page.GetByTestId("upcoming-discount-label")).ToHaveTextAsync("Discount: Win-back (50 % off)");
        await Expect(page.GetByTestId("upcoming-discount")).ToHaveTextAsync("-$24.50");
        await Expect(page.GetByTestId("upcoming-subtotal")).ToHaveTextAsync("$49.00");
        await Expect(page.GetByTestId("upcoming-total")).ToHaveTextAsync("$24.50");
        await ShotAsync(page, $"92-upcoming-with-discount-{size}");
        await Accessibility.AssertEverywhereAsync(page);

        var subscription = await fixture.Server.WithDbAsync(db => db.Subscriptions.SingleAsync(s => s.CustomerId == customer));
        Assert.False(subscription.CancelAtPeriodEnd);
        Assert.NotNull(subscription.Discount);
        var discountEvents = await fixture.Server.WithDbAsync(db => db.Events.CountAsync(e => e.Type == "customer.discount.created" && e.Data.Contains(customer)));
        Assert.Equal(1, discountEvents);
        await page.Context.CloseAsync();
    }

    /// <summary>From the overview: the cancel link, a reason, the cancel button; each a click. The offer, when there is one, is on screen meanwhile.</summary>
    private static async Task<int> CancelAsync(IPage page, bool offered)
    {
        var clicks = 0;
        await page.GetByRole(AriaRole.Link, new() { Name = "Cancel subscription" }).ClickAsync();
        clicks++;
        await Expect(page.GetByTestId("cancel-statement")).ToBeVisibleAsync();
        await page.GetByText("It’s too expensive").ClickAsync();
        clicks++;
        await Expect(page.GetByRole(AriaRole.Radio, new() { Name = "It’s too expensive" })).ToBeCheckedAsync();
        // The offer is on the same step as the cancel button, or not at all.
        if (offered)
        {
            await Expect(page.GetByTestId("retention-offer")).ToBeVisibleAsync();
        }
        else
        {
            await Expect(page.GetByTestId("retention-offer")).ToHaveCountAsync(0);
        }
        await page.GetByTestId("confirm-cancel").ClickAsync();
        clicks++;
        await Expect(page.GetByTestId("pending-cancellation")).ToContainTextAsync("You will not be charged again");
        return clicks;
    }

    [Fact]
    public async Task The_offer_declined_cancels_in_one_click_as_many_as_without_an_offer()
    {
        var plain = await OpenAsync(await fixture.Server.CreateCustomerAsync(), configuration: null, phone: false);
        var customer = await fixture.Server.CreateCustomerAsync();
        var offered = await OpenAsync(customer, await OfferingConfigurationAsync(), phone: false);

        var without = await CancelAsync(plain, offered: false);
        var with = await CancelAsync(offered, offered: true);

        Assert.Equal(without, with);
        Assert.Equal(3, with);
        var subscription = await fixture.Server.WithDbAsync(db => db.Subscriptions.SingleAsync(s => s.CustomerId == customer));
        Assert.Equal(("too_expensive", true, null), (subscription.CancellationReason, subscription.CancelAtPeriodEnd, subscription.Discount));
        Assert.Equal("Declined", subscription.RetentionOfferOutcome?.ToString());
        await plain.Context.CloseAsync();
        await offered.Context.CloseAsync();
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_written_invoice_shows_its_discount_as_its_own_row(bool phone)
    {
        var size = phone ? "360" : "1280";
        var customer = await fixture.Server.CreateCustomerAsync();
        var invoiceId = await fixture.Server.WithDbAsync(async db =>
        {
            var subscription = await db.Subscriptions.SingleAsync(s => s.CustomerId == customer);
            var start = subscription.CurrentPeriodStart;
            var terms = new DiscountTerms(Ids.New("di"), "WINBACK", "Win-back", 5_000, null, null, CouponDuration.Repeating, 3, start.AddDays(-3), start.AddMonths(3));
            var plan = new InvoiceDraftLine("Pro (monthly)", 4_900, 1, subscription.PriceId, Proration: false, start, subscription.CurrentPeriodEnd);
            var invoice = InvoiceDraft.Build([plan], "usd", start, subscription.CurrentPeriodEnd, 0, null, terms)
                .ToInvoice(subscription, subscription.Id, $"ACME-D{Ids.RandomBase62(5)}", DateTimeOffset.UtcNow);
            invoice.RecordPayment("pm_x", "ch_x", DateTimeOffset.UtcNow);
            db.Invoices.Add(invoice);
            await db.SaveChangesAsync();
            return invoice.Id;
        });
        var page = await OpenAsync(customer, configuration: null, phone);

        await page.GotoAsync($"{fixture.Server.BaseUrl}/invoices/{invoiceId}");

        await Expect(page.GetByTestId("discount-label")).ToHaveTextAsync("Discount: Win-back (50 % off)");
        await Expect(page.GetByTestId("discount-amount")).ToHaveTextAsync("-$24.50");
        await Expect(page.GetByTestId("lines").Locator("tbody tr")).ToHaveCountAsync(1);
        await ShotAsync(page, $"93-invoice-with-discount-{size}");
        await Accessibility.AssertEverywhereAsync(page);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_cancel_deep_link_without_a_survey_offers_its_coupon_on_landing_and_still_cancels_in_one_click()
    {
        using var api = fixture.Server.CreateApiClient();
        var response = await api.PostAsync("/v1/coupons", new FormUrlEncodedContent([new("amount_off", "1000"), new("currency", "usd"), new("duration", "once")]));
        var coupon = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        var customer = await fixture.Server.CreateCustomerAsync();
        var subscription = await fixture.Server.WithDbAsync(db => db.Subscriptions.Where(s => s.CustomerId == customer).Select(s => s.Id).SingleAsync());
        var noSurvey = await fixture.Server.CreateConfigurationAsync(c => c.Features.SubscriptionCancel.ReasonEnabled = false);
        var session = await fixture.Server.CreateSessionAsync(customer, parameters:
        [
            ("configuration", noSurvey), ("flow_data[type]", "subscription_cancel"), ("flow_data[subscription_cancel][subscription]", subscription),
            ("flow_data[subscription_cancel][retention][type]", "coupon_offer"), ("flow_data[subscription_cancel][retention][coupon_offer][coupon]", coupon),
        ]);
        var page = await fixture.NewPageAsync(phone: false);
        await page.GotoAsync(session.GetProperty("url").GetString()!);
        await page.GetByRole(AriaRole.Button, new() { Name = "Continue to billing" }).ClickAsync();
        await Portal.WaitForCircuitAsync(page);

        // The page was prerendered on landing; the live circuit still shows the offer, beside the cancel button.
        await Expect(page.GetByTestId("offer-terms")).ToHaveTextAsync("$10.00 off your next invoice");
        await ShotAsync(page, "94-deep-link-offer-no-survey-1280");
        await page.GetByTestId("confirm-cancel").ClickAsync();

        await Expect(page).ToHaveURLAsync($"{fixture.Server.BaseUrl}/");
        var cancelled = await fixture.Server.WithDbAsync(db => db.Subscriptions.SingleAsync(s => s.Id == subscription));
        Assert.Equal((true, "Declined"), (cancelled.CancelAtPeriodEnd, cancelled.RetentionOfferOutcome?.ToString()));
        await page.Context.CloseAsync();
    }
}
