using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Vinr.Portal.Api.Features.BillingPortal.Configurations;
using Vinr.Portal.Api.Features.Invoices;
using Vinr.Portal.Api.Features.Subscriptions;
using Vinr.Portal.Tests.Support;

namespace Vinr.Portal.Tests.Features.Subscriptions;

public sealed class SubscriptionRenewalsTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    private SubscriptionRenewals Renewals => factory.Services.GetRequiredService<SubscriptionRenewals>();
    private SubscriptionChanges Changes => factory.Services.GetRequiredService<SubscriptionChanges>();

    private Task<Subscription> ReloadAsync(TestData.Subscriber s) =>
        factory.WithDbAsync(db => db.Subscriptions.AsNoTracking().FirstAsync(x => x.Id == s.SubscriptionId));

    private Task<List<Invoice>> InvoicesAsync(TestData.Subscriber s) =>
        factory.WithDbAsync(db => db.Invoices.Include(i => i.Lines).Where(i => i.SubscriptionId == s.SubscriptionId).ToListAsync());

    /// <summary>Runs the clock at the subscription's period end, as the background service would.</summary>
    private async Task RenewAtPeriodEndAsync(TestData.Subscriber s) =>
        await Renewals.RenewDueAsync((await ReloadAsync(s)).CurrentPeriodEnd, CancellationToken.None);

    [Fact]
    public async Task At_period_end_the_next_period_is_invoiced_charged_and_begun()
    {
        var s = await TestData.SubscriberAsync(factory);
        var before = await ReloadAsync(s);

        await RenewAtPeriodEndAsync(s);

        var after = await ReloadAsync(s);
        Assert.Equal(before.CurrentPeriodEnd, after.CurrentPeriodStart);
        Assert.Equal(before.CurrentPeriodEnd.AddMonths(1), after.CurrentPeriodEnd);
        var invoice = Assert.Single(await InvoicesAsync(s));
        Assert.Equal((InvoiceStatus.Paid, 4900L, 4900L), (invoice.Status, invoice.Total, invoice.AmountPaid));
        Assert.StartsWith("ACME-", invoice.Number);
    }

    [Fact]
    public async Task A_scheduled_downgrade_applies_at_period_end_and_is_invoiced_at_its_price()
    {
        var s = await TestData.SubscriberAsync(factory);
        var starter = await factory.WithDbAsync(db => db.Prices.Where(p => p.Nickname == "Starter monthly").Select(p => p.Id).FirstAsync());
        await Changes.ApplyAsync(s.Access, s.SubscriptionId, starter, 1, factory.Time.GetUtcNow(), CancellationToken.None);

        await RenewAtPeriodEndAsync(s);

        var after = await ReloadAsync(s);
        Assert.Equal(starter, after.PriceId);
        Assert.Null(after.ScheduledPriceId);
        Assert.Equal(1200, Assert.Single(await InvoicesAsync(s)).Total);
    }

    [Fact]
    public async Task Proration_items_waiting_for_the_next_invoice_are_on_it()
    {
        var s = await TestData.SubscriberAsync(factory, features: f => f.SubscriptionUpdate.ProrationBehavior = ProrationBehavior.CreateProrations);
        var business = await factory.WithDbAsync(db => db.Prices.Where(p => p.Nickname == "Business monthly").Select(p => p.Id).FirstAsync());
        var preview = (await Changes.PreviewAsync(s.Access, s.SubscriptionId, business, 3, CancellationToken.None)).Value!;
        await Changes.ApplyAsync(s.Access, s.SubscriptionId, business, 3, preview.ChangeAt, CancellationToken.None);

        await RenewAtPeriodEndAsync(s);

        var invoice = Assert.Single(await InvoicesAsync(s));
        Assert.Equal(8700 + preview.Subtotal, invoice.Total);
        Assert.Equal(2, invoice.Lines.Count(l => l.Proration));
        Assert.Equal(0, await factory.WithDbAsync(db => db.PendingInvoiceItems.CountAsync(i => i.SubscriptionId == s.SubscriptionId && i.InvoiceId == null)));
    }

    [Fact]
    public async Task A_subscription_set_to_cancel_ends_at_period_end_without_an_invoice()
    {
        var s = await TestData.SubscriberAsync(factory);
        await Changes.CancelAsync(s.Access, s.SubscriptionId, "unused", null, CancellationToken.None);

        await RenewAtPeriodEndAsync(s);

        var after = await ReloadAsync(s);
        Assert.Equal(SubscriptionStatus.Canceled, after.Status);
        Assert.Equal(after.CurrentPeriodEnd, after.EndedAt);
        Assert.Empty(await InvoicesAsync(s));
    }

    [Fact]
    public async Task A_declined_renewal_leaves_the_invoice_open_and_the_subscription_past_due()
    {
        var s = await TestData.SubscriberAsync(factory, card: "testcard_declines_t");

        await RenewAtPeriodEndAsync(s);

        Assert.Equal(SubscriptionStatus.PastDue, (await ReloadAsync(s)).Status);
        var invoice = Assert.Single(await InvoicesAsync(s));
        Assert.Equal((InvoiceStatus.Open, "Your card was declined."), (invoice.Status, invoice.LastPaymentError));
    }

    [Fact]
    public async Task Credit_on_the_balance_pays_first()
    {
        var s = await TestData.SubscriberAsync(factory);
        await factory.WithDbAsync(db => db.Customers.Where(c => c.Id == s.Access.CustomerId).ExecuteUpdateAsync(c => c.SetProperty(x => x.Balance, -1000)));

        await RenewAtPeriodEndAsync(s);

        var invoice = Assert.Single(await InvoicesAsync(s));
        Assert.Equal((4900L, 3900L), (invoice.Total, invoice.AmountPaid));
        Assert.Equal(0, await factory.WithDbAsync(db => db.Customers.Where(c => c.Id == s.Access.CustomerId).Select(c => c.Balance).SingleAsync()));
    }

    [Fact]
    public async Task Clocks_running_at_once_turn_a_period_once()
    {
        var s = await TestData.SubscriberAsync(factory);
        var at = (await ReloadAsync(s)).CurrentPeriodEnd;

        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => Renewals.RenewDueAsync(at, CancellationToken.None))));

        Assert.Single(await InvoicesAsync(s));
        Assert.Equal(at.AddMonths(1), (await ReloadAsync(s)).CurrentPeriodEnd);
    }
}
