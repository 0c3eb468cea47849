using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Vinr.Portal.Api.Features.Products;
using Vinr.Portal.Api.Infrastructure;
using Vinr.Portal.Tests.Support;
using static Vinr.Portal.Tests.Features.TestClocks.ClockData;

namespace Vinr.Portal.Tests.Features.TestClocks;

/// <summary>
/// The upcoming invoice is what the billing clock charges: read it, advance a test clock past the period
/// end, and the invoice the clock wrote has the same lines, amounts, total, amount due and date.
/// </summary>
public sealed class UpcomingInvoiceClockTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    // Far from the factory's real (fake) time, so nothing here can be due by accident.
    private static readonly DateTimeOffset ClockStart = new(2032, 5, 20, 8, 15, 0, TimeSpan.Zero);

    /// <summary>A per-seat monthly price of the subscriber's merchant: 4.00 USD a seat.</summary>
    private Task<string> SeatPriceAsync(ClockSubscriber s) =>
        factory.WithDbAsync(async db =>
        {
            var now = factory.Time.GetUtcNow();
            var product = new Product { Id = Ids.New("prod"), MerchantId = s.MerchantId, Name = "Seats", Active = true, Created = now };
            var price = new Price
            {
                Id = Ids.New("price"), MerchantId = s.MerchantId, ProductId = product.Id, UnitAmount = 400, Currency = "usd", Interval = BillingInterval.Month,
                BillingScheme = BillingScheme.PerUnit, Nickname = "Seats monthly", Active = true, Created = now,
            };
            db.AddRange(product, price);
            await db.SaveChangesAsync();
            return price.Id;
        });

    private Task<int> SetBalanceAsync(ClockSubscriber s, long balance) =>
        factory.WithDbAsync(db => db.Customers.Where(c => c.Id == s.Access.CustomerId).ExecuteUpdateAsync(c => c.SetProperty(x => x.Balance, balance)));

    private async Task<JsonElement> GetAsync(ClockSubscriber s, string path)
    {
        using var api = factory.CreateApiClient(s.Key);
        var response = await api.GetAsync(path);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(response.IsSuccessStatusCode, body.ToString());
        return body;
    }

    private Task<JsonElement> UpcomingAsync(ClockSubscriber s) => GetAsync(s, $"/v1/invoices/upcoming?customer={s.Access.CustomerId}&subscription={s.SubscriptionId}");

    /// <summary>The invoices the clock wrote for the subscription, oldest first.</summary>
    private async Task<List<JsonElement>> InvoicesAsync(ClockSubscriber s) =>
        [.. (await GetAsync(s, $"/v1/invoices?subscription={s.SubscriptionId}&limit=100")).GetProperty("data").EnumerateArray().Reverse()];

    private static readonly string[] LineFields = ["description", "amount", "currency", "quantity", "price", "proration", "period"];
    private static readonly string[] InvoiceFields = ["customer", "subscription", "currency", "subtotal", "tax", "total", "amount_due", "period_start", "period_end", "created"];

    /// <summary>Every field an upcoming invoice shares with the written one, and every line, in order.</summary>
    private static void AssertSameInvoice(JsonElement upcoming, JsonElement written)
    {
        Assert.Equal(InvoiceFields.Select(f => (f, upcoming.GetProperty(f).GetRawText())), InvoiceFields.Select(f => (f, written.GetProperty(f).GetRawText())));
        static IEnumerable<string> Lines(JsonElement invoice) => invoice.GetProperty("lines").GetProperty("data").EnumerateArray()
            .Select(l => string.Join(" | ", LineFields.Select(f => $"{f}={l.GetProperty(f).GetRawText()}")));
        Assert.Equal(Lines(upcoming), Lines(written));
        // What the upcoming invoice said would be charged then is what was charged, then.
        Assert.Equal(upcoming.GetProperty("amount_due").GetInt64(), written.GetProperty("amount_paid").GetInt64());
        Assert.Equal("paid", written.GetProperty("status").GetString());
    }

    [Fact]
    public async Task The_invoice_the_clock_writes_is_the_upcoming_invoice_read_before_with_prorations_seats_and_credit()
    {
        var s = await SubscriberAsync(factory, ClockStart);
        var seats = await SeatPriceAsync(s);
        using (var api = factory.CreateApiClient(s.Key))
        {
            // Ten days into the period, 10.00 flat becomes 3 seats at 4.00: the prorations wait for the renewal.
            var changed = await api.PostFormAsync($"/v1/subscriptions/{s.SubscriptionId}",
                ("items[0][price]", seats), ("items[0][quantity]", "3"), ("proration_behavior", "create_prorations"));
            Assert.True(changed.IsSuccessStatusCode, await changed.Content.ReadAsStringAsync());
        }
        await SetBalanceAsync(s, -250);

        var upcoming = await UpcomingAsync(s);
        await AdvanceAsync(factory, s, s.PeriodEnd.AddHours(1));

        var written = Assert.Single(await InvoicesAsync(s));
        AssertSameInvoice(upcoming, written);
        Assert.Equal(s.PeriodEnd.ToUnixTimeSeconds(), upcoming.GetProperty("next_payment_attempt").GetInt64());
        Assert.Equal([true, true, false], upcoming.GetProperty("lines").GetProperty("data").EnumerateArray().Select(l => l.GetProperty("proration").GetBoolean()));
        Assert.Equal("Seats × 3 (monthly)", upcoming.GetProperty("lines").GetProperty("data")[2].GetProperty("description").GetString());
        Assert.Equal(1200 + upcoming.GetProperty("lines").GetProperty("data").EnumerateArray().Take(2).Sum(l => l.GetProperty("amount").GetInt64()),
            upcoming.GetProperty("total").GetInt64());
        Assert.Equal(upcoming.GetProperty("total").GetInt64() - 250, upcoming.GetProperty("amount_due").GetInt64());
        var customer = await GetAsync(s, $"/v1/customers/{s.Access.CustomerId}");
        Assert.Equal(upcoming.GetProperty("ending_balance").GetInt64(), customer.GetProperty("balance").GetInt64());

        // The next one is the plan alone: the prorations went with the invoice that took them.
        var following = await UpcomingAsync(s);
        Assert.Equal(["Seats × 3 (monthly)"], following.GetProperty("lines").GetProperty("data").EnumerateArray().Select(l => l.GetProperty("description").GetString()));
        Assert.Equal(s.PeriodEnd.AddMonths(1).ToUnixTimeSeconds(), following.GetProperty("created").GetInt64());
    }

    [Fact]
    public async Task A_scheduled_change_paid_by_credit_is_previewed_and_renewed_alike()
    {
        var s = await SubscriberAsync(factory, ClockStart);
        var seats = await SeatPriceAsync(s);
        await factory.WithDbAsync(db => db.Subscriptions.Where(x => x.Id == s.SubscriptionId)
            .ExecuteUpdateAsync(x => x.SetProperty(p => p.ScheduledPriceId, seats).SetProperty(p => p.ScheduledQuantity, 2)));
        await SetBalanceAsync(s, -5_000);

        var upcoming = await UpcomingAsync(s);
        await AdvanceAsync(factory, s, s.PeriodEnd.AddDays(2));

        AssertSameInvoice(upcoming, Assert.Single(await InvoicesAsync(s)));
        Assert.Equal((800L, 0L, -4_200L), (upcoming.GetProperty("total").GetInt64(), upcoming.GetProperty("amount_due").GetInt64(),
            upcoming.GetProperty("ending_balance").GetInt64()));
        Assert.Equal(JsonValueKind.Null, upcoming.GetProperty("next_payment_attempt").ValueKind);
    }

    [Fact]
    public async Task Set_to_cancel_there_is_no_upcoming_invoice_and_the_clock_writes_none()
    {
        var s = await SubscriberAsync(factory, ClockStart);
        using (var api = factory.CreateApiClient(s.Key))
        {
            (await api.PostFormAsync($"/v1/subscriptions/{s.SubscriptionId}", ("cancel_at_period_end", "true"))).EnsureSuccessStatusCode();
            var none = await api.GetAsync($"/v1/invoices/upcoming?customer={s.Access.CustomerId}");
            Assert.Equal(HttpStatusCode.NotFound, none.StatusCode);
            Assert.Equal("invoice_upcoming_none", (await none.ErrorAsync()).GetProperty("code").GetString());
        }

        await AdvanceAsync(factory, s, s.PeriodEnd.AddHours(1));

        Assert.Empty(await InvoicesAsync(s));
    }
}
