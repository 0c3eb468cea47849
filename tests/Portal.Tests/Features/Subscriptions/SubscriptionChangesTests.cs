using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Vinr.Portal.Api.Features.BillingPortal.Configurations;
using Vinr.Portal.Api.Features.BillingPortal.Sessions;
using Vinr.Portal.Api.Features.Customers;
using Vinr.Portal.Api.Features.Invoices;
using Vinr.Portal.Api.Features.PaymentMethods;
using Vinr.Portal.Api.Features.Subscriptions;
using Vinr.Portal.Api.Infrastructure;
using Vinr.Portal.Tests.Support;

namespace Vinr.Portal.Tests.Features.Subscriptions;

public sealed class SubscriptionChangesTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    private SubscriptionChanges Changes => factory.Services.GetRequiredService<SubscriptionChanges>();

    private Task<TestData.Subscriber> SubscriberAsync(string plan = "Pro monthly", long quantity = 1, string card = "testcard_succeeds_t",
        Action<PortalFeatures>? features = null, SubscriptionStatus status = SubscriptionStatus.Active) =>
        TestData.SubscriberAsync(factory, plan, quantity, card, features, status);

    private Task<string> PriceAsync(string nickname) =>
        factory.WithDbAsync(db => db.Prices.Where(p => p.MerchantId == PortalFactory.DemoMerchant && p.Nickname == nickname).Select(p => p.Id).FirstAsync());

    private Task<Subscription> ReloadAsync(TestData.Subscriber s) => factory.WithDbAsync(db => db.Subscriptions.AsNoTracking().FirstAsync(x => x.Id == s.SubscriptionId));

    private Task<List<string>> EventTypesAsync(TestData.Subscriber s) =>
        factory.WithDbAsync(db => db.Events.Where(e => e.PortalSessionId == s.Access.SessionId).OrderBy(e => e.Created).Select(e => e.Type).ToListAsync());

    private static (ProblemKind, string?) Reason<T>(Outcome<T> outcome) => (outcome.Problem!.Kind, outcome.Problem.Field);

    [Fact]
    public async Task The_choices_are_the_configured_plans_with_the_current_one_marked()
    {
        var s = await SubscriberAsync();

        var choices = await Changes.GetChoicesAsync(s.Access, s.SubscriptionId, CancellationToken.None);

        Assert.Equal(6, choices.Value!.Options.Count);
        Assert.Equal("Pro", Assert.Single(choices.Value.Options, o => o.IsCurrent).ProductName);
    }

    [Fact]
    public async Task An_upgrade_with_create_prorations_adds_both_proration_lines_to_the_next_invoice()
    {
        var s = await SubscriberAsync(features: f => f.SubscriptionUpdate.ProrationBehavior = ProrationBehavior.CreateProrations);
        var business = await PriceAsync("Business monthly");

        var preview = (await Changes.PreviewAsync(s.Access, s.SubscriptionId, business, 3, CancellationToken.None)).Value!;
        var applied = await Changes.ApplyAsync(s.Access, s.SubscriptionId, business, 3, preview.ChangeAt, CancellationToken.None);

        Assert.False(preview.Scheduled);
        Assert.Equal([ProrationLineKind.UnusedTime, ProrationLineKind.RemainingTime], preview.Lines.Select(l => l.Kind));
        Assert.True(preview.Lines[0].Amount < 0 && preview.Lines[1].Amount > 0);
        Assert.Equal(0, preview.DueToday);
        Assert.Equal(preview.Subtotal, preview.AddedToNextInvoice);
        Assert.Equal(8700, preview.NewRecurringAmount);
        Assert.True(applied.Succeeded);
        var subscription = await ReloadAsync(s);
        Assert.Equal((business, 3L), (subscription.PriceId, subscription.Quantity));
        var pending = await factory.WithDbAsync(db => db.PendingInvoiceItems.Where(i => i.SubscriptionId == s.SubscriptionId).SumAsync(i => i.Amount));
        Assert.Equal(preview.Subtotal, pending);
        Assert.Equal(["customer.subscription.updated"], await EventTypesAsync(s));
    }

    [Fact]
    public async Task An_upgrade_with_always_invoice_charges_exactly_the_previewed_amount_now()
    {
        var s = await SubscriberAsync(features: f => f.SubscriptionUpdate.ProrationBehavior = ProrationBehavior.AlwaysInvoice);
        var business = await PriceAsync("Business monthly");

        var preview = (await Changes.PreviewAsync(s.Access, s.SubscriptionId, business, 2, CancellationToken.None)).Value!;
        factory.Time.Advance(TimeSpan.FromMinutes(3)); // the customer reads the preview, then confirms
        await Changes.ApplyAsync(s.Access, s.SubscriptionId, business, 2, preview.ChangeAt, CancellationToken.None);

        var invoice = await factory.WithDbAsync(db => db.Invoices.Include(i => i.Lines).SingleAsync(i => i.SubscriptionId == s.SubscriptionId));
        Assert.Equal(preview.DueToday, invoice.AmountPaid);
        Assert.Equal(preview.Subtotal, invoice.Lines.Sum(l => l.Amount));
        Assert.Equal(InvoiceStatus.Paid, invoice.Status);
        Assert.StartsWith("ACME-", invoice.Number);
        Assert.StartsWith("ch_test_", invoice.ChargeReference);
        Assert.Equal(["customer.subscription.updated", "invoice.created", "invoice.paid"], (await EventTypesAsync(s)).Order());
    }

    [Fact]
    public async Task A_declined_charge_changes_nothing_and_says_why()
    {
        var s = await SubscriberAsync(card: "testcard_declines_t", features: f => f.SubscriptionUpdate.ProrationBehavior = ProrationBehavior.AlwaysInvoice);
        var business = await PriceAsync("Business monthly");

        var outcome = await Changes.ApplyAsync(s.Access, s.SubscriptionId, business, 2, factory.Time.GetUtcNow(), CancellationToken.None);

        Assert.Equal(ProblemKind.PaymentFailed, outcome.Problem?.Kind);
        Assert.Equal("Your card was declined. Your plan was not changed.", outcome.Problem?.Message);
        Assert.NotEqual(business, (await ReloadAsync(s)).PriceId);
        Assert.Equal(0, await factory.WithDbAsync(db => db.Invoices.CountAsync(i => i.SubscriptionId == s.SubscriptionId)));
        Assert.Empty(await EventTypesAsync(s));
    }

    [Fact]
    public async Task A_downgrade_waits_for_period_end_and_can_be_undone()
    {
        var s = await SubscriberAsync();
        var starter = await PriceAsync("Starter monthly");

        var preview = (await Changes.PreviewAsync(s.Access, s.SubscriptionId, starter, 1, CancellationToken.None)).Value!;
        await Changes.ApplyAsync(s.Access, s.SubscriptionId, starter, 1, preview.ChangeAt, CancellationToken.None);
        var scheduled = await ReloadAsync(s);
        var undone = await Changes.UndoScheduledChangeAsync(s.Access, s.SubscriptionId, CancellationToken.None);

        Assert.True(preview.Scheduled);
        Assert.Equal(scheduled.CurrentPeriodEnd, preview.EffectiveAt);
        Assert.Equal(0, preview.DueToday);
        Assert.Equal(starter, scheduled.ScheduledPriceId);
        Assert.NotEqual(starter, scheduled.PriceId);
        Assert.True(undone.Succeeded);
        Assert.Null((await ReloadAsync(s)).ScheduledPriceId);
    }

    [Fact]
    public async Task Switching_to_yearly_starts_a_new_year_and_invoices_it_now_less_the_unused_month()
    {
        var s = await SubscriberAsync();
        var proYearly = await PriceAsync("Pro yearly");

        var preview = (await Changes.PreviewAsync(s.Access, s.SubscriptionId, proYearly, 1, CancellationToken.None)).Value!;
        await Changes.ApplyAsync(s.Access, s.SubscriptionId, proYearly, 1, preview.ChangeAt, CancellationToken.None);

        Assert.Equal([ProrationLineKind.UnusedTime, ProrationLineKind.NewPeriod], preview.Lines.Select(l => l.Kind));
        Assert.Equal(49_000, preview.Lines[1].Amount);
        Assert.Equal(preview.Subtotal, preview.DueToday);
        var subscription = await ReloadAsync(s);
        Assert.Equal(preview.ChangeAt.AddYears(1).ToUnixTimeSeconds(), subscription.CurrentPeriodEnd.ToUnixTimeSeconds());
    }

    [Fact]
    public async Task Plans_quantities_and_states_the_configuration_does_not_allow_are_refused()
    {
        var s = await SubscriberAsync(features: f => f.SubscriptionUpdate.QuantityMax = 5);
        var pastDue = await SubscriberAsync(status: SubscriptionStatus.PastDue);
        var business = await PriceAsync("Business monthly");
        var foreign = await TestData.AddMerchantAsync(factory, livemode: false);
        var pro = (await ReloadAsync(s)).PriceId;

        Assert.Equal((ProblemKind.Invalid, "quantity"), Reason((await Changes.PreviewAsync(s.Access, s.SubscriptionId, business, 6, CancellationToken.None))));
        Assert.Equal("That is your current plan.", (await Changes.PreviewAsync(s.Access, s.SubscriptionId, pro, 1, CancellationToken.None)).Problem?.Message);
        Assert.Equal("That plan is not available.", (await Changes.PreviewAsync(s.Access, s.SubscriptionId, "price_" + foreign.MerchantId, 1, CancellationToken.None)).Problem?.Message);
        Assert.Equal(ProblemKind.NotAllowed, (await Changes.PreviewAsync(pastDue.Access, pastDue.SubscriptionId, business, 1, CancellationToken.None)).Problem?.Kind);
    }

    [Fact]
    public async Task A_price_the_configuration_does_not_offer_is_refused_even_if_it_exists()
    {
        var s = await SubscriberAsync(features: f => f.SubscriptionUpdate.Prices = []);

        var outcome = await Changes.ApplyAsync(s.Access, s.SubscriptionId, await PriceAsync("Business monthly"), 1, factory.Time.GetUtcNow(), CancellationToken.None);

        Assert.Equal("That plan is not available.", outcome.Problem?.Message);
    }

    [Fact]
    public async Task Cancelling_at_period_end_keeps_the_reason_in_the_event_and_renewing_undoes_it()
    {
        var s = await SubscriberAsync();

        var cancelled = await Changes.CancelAsync(s.Access, s.SubscriptionId, "too_expensive", "  Budget cuts  ", CancellationToken.None);
        var pending = await ReloadAsync(s);
        var renewed = await Changes.RenewAsync(s.Access, s.SubscriptionId, CancellationToken.None);

        Assert.True(cancelled.Succeeded);
        Assert.True(pending.CancelAtPeriodEnd);
        Assert.Equal(SubscriptionStatus.Active, pending.Status);
        Assert.Equal(("too_expensive", "Budget cuts"), (pending.CancellationReason, pending.CancellationFeedback));
        var cancelEvent = await factory.WithDbAsync(db => db.Events.Where(e => e.PortalSessionId == s.Access.SessionId).OrderBy(e => e.Created).FirstAsync());
        Assert.Contains("\"reason\":\"too_expensive\"", cancelEvent.Data, StringComparison.Ordinal);
        Assert.Equal("portal", cancelEvent.Source);
        Assert.True(renewed.Succeeded);
        Assert.False((await ReloadAsync(s)).CancelAtPeriodEnd);
    }

    [Fact]
    public async Task Cancelling_immediately_ends_it_now_and_credits_the_unused_time()
    {
        var s = await SubscriberAsync(features: f => f.SubscriptionCancel.Mode = CancelMode.Immediately);

        await Changes.CancelAsync(s.Access, s.SubscriptionId, null, null, CancellationToken.None);

        var subscription = await ReloadAsync(s);
        Assert.Equal(SubscriptionStatus.Canceled, subscription.Status);
        var balance = await factory.WithDbAsync(db => db.Customers.Where(c => c.Id == s.Access.CustomerId).Select(c => c.Balance).SingleAsync());
        Assert.InRange(balance, -4900 * 21 / 30 - 200, -4900 * 20 / 30 + 200);
        Assert.Equal(["customer.subscription.deleted"], await EventTypesAsync(s));
    }

    [Fact]
    public async Task A_reason_that_was_not_offered_is_refused()
    {
        var s = await SubscriberAsync();

        var outcome = await Changes.CancelAsync(s.Access, s.SubscriptionId, "<script>", null, CancellationToken.None);

        Assert.Equal((ProblemKind.Invalid, "reason"), Reason(outcome));
        Assert.False((await ReloadAsync(s)).CancelAtPeriodEnd);
    }

    [Fact]
    public async Task One_customers_session_cannot_touch_another_customers_subscription()
    {
        var mine = await SubscriberAsync();
        var theirs = await SubscriberAsync();
        var business = await PriceAsync("Business monthly");

        Assert.Equal(ProblemKind.NotFound, (await Changes.PreviewAsync(mine.Access, theirs.SubscriptionId, business, 1, CancellationToken.None)).Problem?.Kind);
        Assert.Equal(ProblemKind.NotFound, (await Changes.ApplyAsync(mine.Access, theirs.SubscriptionId, business, 1, factory.Time.GetUtcNow(), CancellationToken.None)).Problem?.Kind);
        Assert.Equal(ProblemKind.NotFound, (await Changes.CancelAsync(mine.Access, theirs.SubscriptionId, null, null, CancellationToken.None)).Problem?.Kind);
        Assert.Equal(ProblemKind.NotFound, (await Changes.GetChoicesAsync(mine.Access, theirs.SubscriptionId, CancellationToken.None)).Problem?.Kind);
        Assert.False((await ReloadAsync(theirs)).CancelAtPeriodEnd);
    }

    [Fact]
    public async Task Six_confirms_at_once_change_the_plan_once_with_one_invoice()
    {
        var s = await SubscriberAsync(features: f => f.SubscriptionUpdate.ProrationBehavior = ProrationBehavior.AlwaysInvoice);
        var business = await PriceAsync("Business monthly");
        var preview = (await Changes.PreviewAsync(s.Access, s.SubscriptionId, business, 3, CancellationToken.None)).Value!;

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ =>
            Task.Run(() => Changes.ApplyAsync(s.Access, s.SubscriptionId, business, 3, preview.ChangeAt, CancellationToken.None))));

        Assert.Single(outcomes, o => o.Succeeded);
        // The others find the plan changed: before deciding ("That is your current plan") or while committing.
        Assert.All(outcomes.Where(o => !o.Succeeded), o => Assert.Contains(o.Problem!.Kind, new[] { ProblemKind.Invalid, ProblemKind.NotAllowed }));
        Assert.Equal(1, await factory.WithDbAsync(db => db.Invoices.CountAsync(i => i.SubscriptionId == s.SubscriptionId)));
        Assert.Equal(["customer.subscription.updated", "invoice.created", "invoice.paid"], (await EventTypesAsync(s)).Order());
        Assert.Equal(0, await factory.WithDbAsync(db => db.Customers.Where(c => c.Id == s.Access.CustomerId).Select(c => c.Balance).SingleAsync()));
    }
}
