using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Vinr.Portal.Api.Features.Events;
using Vinr.Portal.Api.Features.Invoices;
using Vinr.Portal.Api.Features.PaymentMethods;
using Vinr.Portal.Api.Features.Subscriptions;
using Vinr.Portal.Tests.Support;
using static Vinr.Portal.Tests.Features.TestClocks.ClockData;

namespace Vinr.Portal.Tests.Features.TestClocks;

/// <summary>The billing clock on a test clock: renewals, failed renewals, dunning attempt by attempt, final actions, recovery.</summary>
public sealed class TestClockBillingTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    private const string Declines = "testcard_declines_t";

    // Far from the factory's real (fake) time, so nothing here can be due by accident.
    private static readonly DateTimeOffset ClockStart = new(2031, 3, 10, 12, 0, 0, TimeSpan.Zero);

    private Task<Subscription> SubscriptionAsync(ClockSubscriber s) =>
        factory.WithDbAsync(db => db.Subscriptions.AsNoTracking().FirstAsync(x => x.Id == s.SubscriptionId));

    private Task<List<Invoice>> InvoicesAsync(ClockSubscriber s) =>
        factory.WithDbAsync(db => db.Invoices.AsNoTracking().Where(i => i.SubscriptionId == s.SubscriptionId).OrderBy(i => i.PeriodStart).ToListAsync());

    private Task<List<Event>> EventsAsync(ClockSubscriber s, string type) =>
        factory.WithDbAsync(db => db.Events.AsNoTracking().Where(e => e.MerchantId == s.MerchantId && e.Type == type).OrderBy(e => e.Created).ToListAsync());

    private async Task SetDunningAsync(ClockSubscriber s, params (string, string)[] form)
    {
        using var client = factory.CreateApiClient(s.Key);
        var response = await client.PostFormAsync("/v1/billing/settings", form);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Advancing_past_period_end_renews_and_charges_at_the_clocks_time()
    {
        var s = await SubscriberAsync(factory, ClockStart);

        var clock = await AdvanceAsync(factory, s, s.PeriodEnd.AddHours(1));

        Assert.Equal("ready", clock.GetProperty("status").GetString());
        Assert.Equal(s.PeriodEnd.AddHours(1).ToUnixTimeSeconds(), clock.GetProperty("frozen_time").GetInt64());
        var subscription = await SubscriptionAsync(s);
        Assert.Equal((s.PeriodEnd, s.PeriodEnd.AddMonths(1), SubscriptionStatus.Active),
            (subscription.CurrentPeriodStart, subscription.CurrentPeriodEnd, subscription.Status));
        var invoice = Assert.Single(await InvoicesAsync(s));
        Assert.Equal((InvoiceStatus.Paid, 1_000L), (invoice.Status, invoice.AmountPaid));
        // The clock's time, not the host's: the invoice is dated at the period end the clock reached.
        Assert.Equal(s.PeriodEnd, invoice.Created);
        Assert.Equal(s.PeriodEnd, invoice.PaidAt);
    }

    [Fact]
    public async Task A_quarter_on_a_monthly_plan_turns_each_period_once_in_order()
    {
        var s = await SubscriberAsync(factory, ClockStart);

        await AdvanceAsync(factory, s, s.PeriodEnd.AddMonths(2).AddDays(1));

        var invoices = await InvoicesAsync(s);
        Assert.Equal([s.PeriodEnd, s.PeriodEnd.AddMonths(1), s.PeriodEnd.AddMonths(2)], invoices.Select(i => i.PeriodStart));
        Assert.Equal(invoices.Select(i => i.PeriodStart), invoices.Select(i => i.Created));
        Assert.All(invoices, i => Assert.Equal(InvoiceStatus.Paid, i.Status));
        Assert.Equal(s.PeriodEnd.AddMonths(3), (await SubscriptionAsync(s)).CurrentPeriodEnd);
        Assert.Equal(3, (await EventsAsync(s, EventTypes.InvoicePaid)).Count);
    }

    [Fact]
    public async Task A_failed_renewal_is_retried_one_three_five_and_seven_days_later_each_attempt_an_event_then_canceled()
    {
        var s = await SubscriberAsync(factory, ClockStart, card: Declines);

        await AdvanceAsync(factory, s, s.PeriodEnd);

        var invoice = Assert.Single(await InvoicesAsync(s));
        Assert.Equal((InvoiceStatus.Open, 1, s.PeriodEnd.AddDays(1)), (invoice.Status, invoice.PaymentAttempts, invoice.NextPaymentAttempt));
        Assert.Equal(SubscriptionStatus.PastDue, (await SubscriptionAsync(s)).Status);
        var failed = Assert.Single(await EventsAsync(s, EventTypes.InvoicePaymentFailed));
        using (var data = JsonDocument.Parse(failed.Data))
        {
            Assert.Equal(1, data.RootElement.GetProperty("attempt_count").GetInt32());
            Assert.Equal(s.PeriodEnd.AddDays(1).ToUnixTimeSeconds(), data.RootElement.GetProperty("next_payment_attempt").GetInt64());
        }

        // Each scheduled day: one more attempt, one more event, the next time planned.
        foreach (var (day, attempts, next) in new[] { (1, 2, 3), (3, 3, 5), (5, 4, 7) })
        {
            await AdvanceAsync(factory, s, s.PeriodEnd.AddDays(day).AddHours(1));
            invoice = Assert.Single(await InvoicesAsync(s));
            Assert.Equal((attempts, (DateTimeOffset?)s.PeriodEnd.AddDays(next)), (invoice.PaymentAttempts, invoice.NextPaymentAttempt));
            Assert.Equal(attempts, (await EventsAsync(s, EventTypes.InvoicePaymentFailed)).Count);
            Assert.Equal(SubscriptionStatus.PastDue, (await SubscriptionAsync(s)).Status);
        }

        await AdvanceAsync(factory, s, s.PeriodEnd.AddDays(7).AddHours(1));

        invoice = Assert.Single(await InvoicesAsync(s));
        Assert.Equal((InvoiceStatus.Open, 5, (DateTimeOffset?)null), (invoice.Status, invoice.PaymentAttempts, invoice.NextPaymentAttempt));
        var subscription = await SubscriptionAsync(s);
        Assert.Equal((SubscriptionStatus.Canceled, (DateTimeOffset?)s.PeriodEnd.AddDays(7)), (subscription.Status, subscription.EndedAt));
        Assert.Single(await EventsAsync(s, EventTypes.SubscriptionDeleted));

        // Nothing more happens to it, however far the clock goes.
        await AdvanceAsync(factory, s, s.PeriodEnd.AddMonths(2));
        Assert.Equal(5, Assert.Single(await InvoicesAsync(s)).PaymentAttempts);
    }

    [Fact]
    public async Task With_mark_unpaid_the_subscription_is_unpaid_after_the_last_retry_and_renews_no_more()
    {
        var s = await SubscriberAsync(factory, ClockStart, card: Declines);
        await SetDunningAsync(s, ("dunning[retry_days][]", "2"), ("dunning[final_action]", "mark_unpaid"));

        await AdvanceAsync(factory, s, s.PeriodEnd.AddDays(2));

        Assert.Equal(SubscriptionStatus.Unpaid, (await SubscriptionAsync(s)).Status);
        Assert.Equal(2, Assert.Single(await InvoicesAsync(s)).PaymentAttempts);
        Assert.Empty(await EventsAsync(s, EventTypes.SubscriptionDeleted));

        await AdvanceAsync(factory, s, s.PeriodEnd.AddMonths(2));

        Assert.Single(await InvoicesAsync(s));
        Assert.Equal(SubscriptionStatus.Unpaid, (await SubscriptionAsync(s)).Status);
    }

    [Fact]
    public async Task With_past_due_the_subscription_stays_past_due_and_is_not_retried_again()
    {
        var s = await SubscriberAsync(factory, ClockStart, card: Declines);
        await SetDunningAsync(s, ("dunning[retry_days][]", "1"), ("dunning[final_action]", "past_due"));

        await AdvanceAsync(factory, s, s.PeriodEnd.AddDays(20));

        var invoice = Assert.Single(await InvoicesAsync(s));
        Assert.Equal((2, (DateTimeOffset?)null, InvoiceStatus.Open), (invoice.PaymentAttempts, invoice.NextPaymentAttempt, invoice.Status));
        Assert.Equal(SubscriptionStatus.PastDue, (await SubscriptionAsync(s)).Status);
        Assert.Equal(2, (await EventsAsync(s, EventTypes.InvoicePaymentFailed)).Count);
    }

    [Fact]
    public async Task A_card_added_in_the_portal_pays_the_open_invoice_at_once_and_the_subscription_is_active_again()
    {
        var s = await SubscriberAsync(factory, ClockStart, card: Declines);
        await AdvanceAsync(factory, s, s.PeriodEnd.AddDays(1).AddHours(1));
        Assert.Equal(SubscriptionStatus.PastDue, (await SubscriptionAsync(s)).Status);

        var cards = factory.Services.GetRequiredService<CustomerCards>();
        var added = await cards.AddAsync(s.Access, new CardDetails("4242424242424242", 12, ClockStart.Year + 3, "123", "Jane Cooper", "94104"), CancellationToken.None);

        Assert.True(added.Succeeded);
        var invoice = Assert.Single(await InvoicesAsync(s));
        Assert.Equal((InvoiceStatus.Paid, added.Value!.Id, (DateTimeOffset?)null), (invoice.Status, invoice.PaymentMethodId, invoice.NextPaymentAttempt));
        Assert.Equal(SubscriptionStatus.Active, (await SubscriptionAsync(s)).Status);
        var paid = Assert.Single(await EventsAsync(s, EventTypes.InvoicePaid));
        Assert.Equal(("portal", s.Access.SessionId), (paid.Source, paid.PortalSessionId));

        // The schedule ends with the debt: the planned retries do not run.
        await AdvanceAsync(factory, s, s.PeriodEnd.AddDays(8));
        Assert.Equal(2, Assert.Single(await InvoicesAsync(s)).PaymentAttempts);
    }

    [Fact]
    public async Task Choosing_another_default_card_pays_an_unpaid_subscriptions_invoice()
    {
        var s = await SubscriberAsync(factory, ClockStart, card: Declines);
        await SetDunningAsync(s, ("dunning[retry_days]", ""), ("dunning[final_action]", "mark_unpaid"));
        await AdvanceAsync(factory, s, s.PeriodEnd);
        Assert.Equal(SubscriptionStatus.Unpaid, (await SubscriptionAsync(s)).Status);
        var good = await factory.WithDbAsync(async db =>
        {
            var pm = new PaymentMethod
            {
                Id = Api.Infrastructure.Ids.New("pm"), MerchantId = s.MerchantId, CustomerId = s.Access.CustomerId, Brand = "visa", Last4 = "4242",
                ExpMonth = 12, ExpYear = ClockStart.Year + 3, Fingerprint = "g", ProcessorReference = "testcard_succeeds_t", Created = factory.Time.GetUtcNow(),
            };
            db.PaymentMethods.Add(pm);
            await db.SaveChangesAsync();
            return pm.Id;
        });

        await factory.Services.GetRequiredService<CustomerCards>().SetDefaultAsync(s.Access, good, CancellationToken.None);

        Assert.Equal(InvoiceStatus.Paid, Assert.Single(await InvoicesAsync(s)).Status);
        Assert.Equal(SubscriptionStatus.Active, (await SubscriptionAsync(s)).Status);
    }

    [Fact]
    public async Task A_live_customer_and_a_test_customer_without_a_clock_do_not_move_when_a_clock_advances()
    {
        var onClock = await SubscriberAsync(factory, factory.Time.GetUtcNow());
        var live = await TestData.AddMerchantAsync(factory, livemode: true);
        var liveSub = await LiveOrRealTimeSubscriptionAsync(live.MerchantId, live.CustomerId, livemode: true);
        var realTimeSub = await LiveOrRealTimeSubscriptionAsync(onClock.MerchantId, (await TestData.AddMerchantAsync(factory, false, onClock.MerchantId)).CustomerId, false);

        await AdvanceAsync(factory, onClock, onClock.PeriodEnd.AddMonths(2).AddDays(1));

        Assert.Equal(onClock.PeriodEnd.AddMonths(3), (await SubscriptionAsync(onClock)).CurrentPeriodEnd);
        foreach (var (id, end) in new[] { liveSub, realTimeSub })
        {
            Assert.Equal(end, await factory.WithDbAsync(db => db.Subscriptions.Where(x => x.Id == id).Select(x => x.CurrentPeriodEnd).FirstAsync()));
            Assert.Equal(0, await factory.WithDbAsync(db => db.Invoices.CountAsync(i => i.SubscriptionId == id)));
        }
    }

    [Fact]
    public async Task In_the_portal_a_customer_on_a_clock_acts_at_the_clocks_time()
    {
        var s = await SubscriberAsync(factory, ClockStart);
        await AdvanceAsync(factory, s, ClockStart.AddDays(3));

        var canceled = await factory.Services.GetRequiredService<SubscriptionChanges>().CancelAsync(s.Access, s.SubscriptionId, null, null, CancellationToken.None);

        Assert.True(canceled.Succeeded, canceled.Problem?.Message);
        Assert.Equal(ClockStart.AddDays(3), (await SubscriptionAsync(s)).CanceledAt);
    }

    [Fact]
    public async Task Customers_on_a_clock_never_follow_real_time()
    {
        var s = await SubscriberAsync(factory, factory.Time.GetUtcNow());

        await factory.Services.GetRequiredService<SubscriptionRenewals>().RenewDueAsync(s.PeriodEnd.AddYears(1), CancellationToken.None);
        await factory.Services.GetRequiredService<DunningRetries>().RetryDueAsync(s.PeriodEnd.AddYears(1), CancellationToken.None);

        Assert.Equal(s.PeriodEnd, (await SubscriptionAsync(s)).CurrentPeriodEnd);
        Assert.Empty(await InvoicesAsync(s));
    }

    /// <summary>A subscription (on the merchant's clock plan, made for the clock subscriber) for a customer on no clock, due with the clock's.</summary>
    private Task<(string Id, DateTimeOffset End)> LiveOrRealTimeSubscriptionAsync(string merchantId, string customerId, bool livemode) =>
        factory.WithDbAsync(async db =>
        {
            var now = DateTimeOffset.FromUnixTimeSeconds(factory.Time.GetUtcNow().ToUnixTimeSeconds());
            var product = new Api.Features.Products.Product { Id = Api.Infrastructure.Ids.New("prod"), MerchantId = merchantId, Livemode = livemode, Name = "P", Active = true, Created = now };
            var price = new Api.Features.Products.Price
            {
                Id = Api.Infrastructure.Ids.New("price"), MerchantId = merchantId, Livemode = livemode, ProductId = product.Id, UnitAmount = 500, Currency = "usd",
                Interval = Api.Features.Products.BillingInterval.Month, Active = true, Created = now,
            };
            var start = now.AddDays(-10);
            var subscription = new Subscription
            {
                Id = Api.Infrastructure.Ids.New("sub"), MerchantId = merchantId, Livemode = livemode, CustomerId = customerId, PriceId = price.Id,
                Status = SubscriptionStatus.Active, CurrentPeriodStart = start, CurrentPeriodEnd = start.AddMonths(1), BillingCycleAnchor = start, Created = start,
            };
            db.AddRange(product, price, subscription);
            await db.SaveChangesAsync();
            return (subscription.Id, subscription.CurrentPeriodEnd);
        });
}
