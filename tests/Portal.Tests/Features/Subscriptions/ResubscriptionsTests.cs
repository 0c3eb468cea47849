using System.Collections.Concurrent;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Vinr.Portal.Api.Features.BillingPortal.Configurations;
using Vinr.Portal.Api.Features.BillingPortal.Sessions;
using Vinr.Portal.Api.Features.Invoices;
using Vinr.Portal.Api.Features.PaymentMethods;
using Vinr.Portal.Api.Features.Subscriptions;
using Vinr.Portal.Api.Infrastructure;
using Vinr.Portal.Api.Infrastructure.Data;
using Vinr.Portal.Tests.Support;

namespace Vinr.Portal.Tests.Features.Subscriptions;

/// <summary>The app's built-in test processor, with every charge and refund it was asked for written down.</summary>
public sealed class RecordingProcessorFactory : PortalFactory
{
    public ConcurrentQueue<(ChargeRequest Request, ChargeOutcome Outcome)> Charges { get; } = new();
    public ConcurrentQueue<RefundRequest> Refunds { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureServices(services => services.Replace(ServiceDescriptor.Singleton<IPaymentProcessor>(provider =>
            new Recording(ActivatorUtilities.CreateInstance<TestPaymentProcessor>(provider), this))));
    }

    private sealed class Recording(IPaymentProcessor inner, RecordingProcessorFactory log) : IPaymentProcessor
    {
        public Task<AttachOutcome> AttachAsync(CardDetails card, ICustomerScope customer, CancellationToken cancellationToken) => inner.AttachAsync(card, customer, cancellationToken);

        public Task<CardAuthentication?> FindAuthenticationAsync(ICustomerScope customer, string authenticationId, CancellationToken cancellationToken) =>
            inner.FindAuthenticationAsync(customer, authenticationId, cancellationToken);

        public Task<CardAuthentication?> AuthenticateAsync(ICustomerScope customer, string authenticationId, bool completed, CancellationToken cancellationToken) =>
            inner.AuthenticateAsync(customer, authenticationId, completed, cancellationToken);

        public async Task<ChargeOutcome> ChargeAsync(ChargeRequest charge, CancellationToken cancellationToken)
        {
            var outcome = await inner.ChargeAsync(charge, cancellationToken);
            log.Charges.Enqueue((charge, outcome));
            return outcome;
        }

        public Task<RefundOutcome> RefundAsync(RefundRequest refund, CancellationToken cancellationToken)
        {
            log.Refunds.Enqueue(refund);
            return inner.RefundAsync(refund, cancellationToken);
        }
    }
}

public sealed class ResubscriptionsTests(RecordingProcessorFactory factory) : IClassFixture<RecordingProcessorFactory>
{
    private Resubscriptions Resubscriptions => factory.Services.GetRequiredService<Resubscriptions>();

    /// <summary>A customer whose Pro subscription was cancelled, under a configuration with resubscribe on (unless said otherwise).</summary>
    private Task<TestData.Subscriber> EndedAsync(string card = "testcard_succeeds_t", bool resubscribe = true, SubscriptionStatus status = SubscriptionStatus.Canceled) =>
        TestData.SubscriberAsync(factory, card: card, status: status, features: f => f.Resubscribe = resubscribe);

    private Task<string> PriceAsync(string nickname) =>
        factory.WithDbAsync(db => db.Prices.Where(p => p.MerchantId == PortalFactory.DemoMerchant && p.Nickname == nickname).Select(p => p.Id).FirstAsync());

    private Task<List<Subscription>> SubscriptionsOfAsync(PortalAccess access) =>
        factory.WithDbAsync(db => db.Subscriptions.AsNoTracking().Where(s => s.CustomerId == access.CustomerId).ToListAsync());

    private Task<List<Invoice>> InvoicesOfAsync(PortalAccess access) =>
        factory.WithDbAsync(db => db.Invoices.AsNoTracking().Include(i => i.Lines).Where(i => i.CustomerId == access.CustomerId).ToListAsync());

    private Task<List<Api.Features.Events.Event>> EventsOfAsync(PortalAccess access) =>
        factory.WithDbAsync(db => db.Events.AsNoTracking().Where(e => e.PortalSessionId == access.SessionId).OrderBy(e => e.Type).ToListAsync());

    private Task<long> BalanceOfAsync(PortalAccess access) =>
        factory.WithDbAsync(db => db.Customers.Where(c => c.Id == access.CustomerId).Select(c => c.Balance).SingleAsync());

    private Task<int> SetBalanceAsync(PortalAccess access, long balance) =>
        factory.WithDbAsync(db => db.Customers.Where(c => c.Id == access.CustomerId).ExecuteUpdateAsync(c => c.SetProperty(x => x.Balance, balance)));

    private List<(ChargeRequest Request, ChargeOutcome Outcome)> ChargesOf(PortalAccess access) =>
        [.. factory.Charges.Where(c => c.Request.IdempotencyKey.StartsWith(access.CustomerId + ":", StringComparison.Ordinal))];

    private List<RefundRequest> RefundsOf(IEnumerable<string?> chargeReferences) => [.. factory.Refunds.Where(r => chargeReferences.Contains(r.ChargeReference))];

    [Fact]
    public async Task The_choices_are_the_configured_plans_in_the_ended_currency()
    {
        var s = await EndedAsync();

        var choices = (await Resubscriptions.GetChoicesAsync(s.Access, CancellationToken.None)).Value!;

        Assert.Equal(6, choices.Options.Count);
        Assert.DoesNotContain(choices.Options, o => o.IsCurrent);
        Assert.All(choices.Options, o => Assert.Equal("usd", o.Currency));
        Assert.Equal((true, 1, 100), (choices.QuantityEnabled, choices.QuantityMin, choices.QuantityMax));
    }

    [Fact]
    public async Task Confirming_a_preview_charges_exactly_its_amount_and_starts_the_subscription_with_its_paid_invoice_and_events()
    {
        var s = await EndedAsync();
        await SetBalanceAsync(s.Access, -500);
        var business = await PriceAsync("Business monthly");

        var preview = (await Resubscriptions.PreviewAsync(s.Access, business, 2, CancellationToken.None)).Value!;
        factory.Time.Advance(TimeSpan.FromMinutes(3)); // the customer reads the preview, then confirms
        var confirmedAt = factory.Time.GetUtcNow();
        var started = (await Resubscriptions.ConfirmAsync(s.Access, business, 2, preview.StartAt, CancellationToken.None)).Value!;

        Assert.Equal((5_300L, 500L, 5_800L), (preview.DueToday, preview.CreditApplied, preview.RecurringAmount));
        var charge = Assert.Single(ChargesOf(s.Access));
        Assert.Equal((preview.DueToday, "usd"), (charge.Request.Amount, charge.Request.Currency));
        var subscription = Assert.Single(await SubscriptionsOfAsync(s.Access), x => x.Id == started.SubscriptionId);
        Assert.StartsWith("sub_", subscription.Id);
        Assert.NotEqual(s.SubscriptionId, subscription.Id);
        Assert.Equal((SubscriptionStatus.Active, business, 2L, false), (subscription.Status, subscription.PriceId, subscription.Quantity, subscription.CancelAtPeriodEnd));
        Assert.Equal(preview.StartAt, subscription.BillingCycleAnchor);
        Assert.Equal((preview.StartAt, preview.NextBillingDate), (subscription.CurrentPeriodStart, subscription.CurrentPeriodEnd));
        Assert.Equal(preview.StartAt.AddMonths(1), subscription.CurrentPeriodEnd);
        Assert.Equal(confirmedAt.ToUnixTimeMilliseconds(), subscription.Created.ToUnixTimeMilliseconds());
        var invoice = Assert.Single(await InvoicesOfAsync(s.Access), i => i.SubscriptionId == subscription.Id);
        Assert.Equal(started.InvoiceId, invoice.Id);
        Assert.Equal((InvoiceStatus.Paid, 5_800L, 5_300L, 5_300L), (invoice.Status, invoice.Total, invoice.AmountDue, invoice.AmountPaid));
        Assert.Equal(charge.Outcome.ChargeReference, invoice.ChargeReference);
        Assert.StartsWith("ACME-", invoice.Number);
        Assert.Equal("Business × 2 (monthly)", Assert.Single(invoice.Lines).Description);
        Assert.Equal(0, await BalanceOfAsync(s.Access));
        var events = await EventsOfAsync(s.Access);
        Assert.Equal(["customer.subscription.created", "invoice.created", "invoice.paid"], events.Select(e => e.Type));
        Assert.All(events, e => Assert.Equal(("portal", confirmedAt.ToUnixTimeMilliseconds()), (e.Source, e.Created.ToUnixTimeMilliseconds())));
        Assert.Contains($"\"id\":\"{subscription.Id}\"", events[0].Data, StringComparison.Ordinal);
        Assert.Empty(RefundsOf([invoice.ChargeReference]));
    }

    [Fact]
    public async Task A_preview_older_than_ten_minutes_starts_at_the_confirmation_instead()
    {
        var s = await EndedAsync();
        var pro = await PriceAsync("Pro monthly");

        var preview = (await Resubscriptions.PreviewAsync(s.Access, pro, 1, CancellationToken.None)).Value!;
        factory.Time.Advance(TimeSpan.FromMinutes(11));
        var started = (await Resubscriptions.ConfirmAsync(s.Access, pro, 1, preview.StartAt, CancellationToken.None)).Value!;

        Assert.Equal(factory.Time.GetUtcNow().ToUnixTimeSeconds(), started.Preview.StartAt.ToUnixTimeSeconds());
        Assert.Equal(preview.DueToday, started.Preview.DueToday);
    }

    [Fact]
    public async Task Credit_that_covers_the_first_period_starts_it_without_a_charge()
    {
        var s = await EndedAsync();
        await SetBalanceAsync(s.Access, -10_000);
        var pro = await PriceAsync("Pro monthly");

        var preview = (await Resubscriptions.PreviewAsync(s.Access, pro, 1, CancellationToken.None)).Value!;
        var started = await Resubscriptions.ConfirmAsync(s.Access, pro, 1, preview.StartAt, CancellationToken.None);

        Assert.True(started.Succeeded);
        Assert.Equal(0, preview.DueToday);
        Assert.Empty(ChargesOf(s.Access));
        Assert.Equal(-5_100, await BalanceOfAsync(s.Access));
        Assert.Equal(InvoiceStatus.Paid, Assert.Single(await InvoicesOfAsync(s.Access)).Status);
    }

    [Fact]
    public async Task A_declined_charge_changes_nothing_and_says_why()
    {
        var s = await EndedAsync(card: "testcard_declines_t");
        var business = await PriceAsync("Business monthly");

        var outcome = await Resubscriptions.ConfirmAsync(s.Access, business, 2, factory.Time.GetUtcNow(), CancellationToken.None);

        Assert.Equal(new Problem(ProblemKind.PaymentFailed, "Your card was declined. Your subscription was not started.", "payment_method"), outcome.Problem);
        Assert.Equal(SubscriptionStatus.Canceled, Assert.Single(await SubscriptionsOfAsync(s.Access)).Status);
        Assert.Empty(await InvoicesOfAsync(s.Access));
        Assert.Empty(await EventsOfAsync(s.Access));
        Assert.Equal(0, await BalanceOfAsync(s.Access));
    }

    [Fact]
    public async Task Without_a_card_it_asks_for_one_and_changes_nothing()
    {
        var s = await EndedAsync();
        await factory.WithDbAsync(db => db.Customers.Where(c => c.Id == s.Access.CustomerId)
            .ExecuteUpdateAsync(c => c.SetProperty(x => x.DefaultPaymentMethodId, (string?)null)));

        var outcome = await Resubscriptions.ConfirmAsync(s.Access, await PriceAsync("Pro monthly"), 1, factory.Time.GetUtcNow(), CancellationToken.None);

        Assert.Equal((ProblemKind.PaymentFailed, "payment_method"), (outcome.Problem!.Kind, outcome.Problem.Field));
        Assert.StartsWith("Add a card", outcome.Problem.Message, StringComparison.Ordinal);
        Assert.Single(await SubscriptionsOfAsync(s.Access));
        Assert.Empty(ChargesOf(s.Access));
    }

    [Fact]
    public async Task With_the_switch_off_every_step_is_refused_and_it_is_read_again_on_each_call()
    {
        var off = await EndedAsync(resubscribe: false);
        var on = await EndedAsync();
        var pro = await PriceAsync("Pro monthly");

        Assert.Equal(ProblemKind.NotAllowed, (await Resubscriptions.GetChoicesAsync(off.Access, CancellationToken.None)).Problem?.Kind);
        Assert.Equal(ProblemKind.NotAllowed, (await Resubscriptions.PreviewAsync(off.Access, pro, 1, CancellationToken.None)).Problem?.Kind);
        Assert.Equal(ProblemKind.NotAllowed, (await Resubscriptions.ConfirmAsync(off.Access, pro, 1, factory.Time.GetUtcNow(), CancellationToken.None)).Problem?.Kind);
        // The merchant turns it off between the preview and the confirmation.
        var preview = (await Resubscriptions.PreviewAsync(on.Access, pro, 1, CancellationToken.None)).Value!;
        await factory.WithDbAsync(async db =>
        {
            var configuration = await db.PortalConfigurations.SingleAsync(c => c.Id == on.Access.ConfigurationId);
            configuration.Features.Resubscribe = false;
            await db.SaveChangesAsync();
        });
        var confirmed = await Resubscriptions.ConfirmAsync(on.Access, pro, 1, preview.StartAt, CancellationToken.None);

        Assert.Equal("Starting a new subscription is not available here.", confirmed.Problem?.Message);
        Assert.Single(await SubscriptionsOfAsync(off.Access));
        Assert.Single(await SubscriptionsOfAsync(on.Access));
        Assert.Empty(ChargesOf(off.Access));
        Assert.Empty(ChargesOf(on.Access));
    }

    [Theory]
    [InlineData(SubscriptionStatus.Active)]
    [InlineData(SubscriptionStatus.PastDue)]
    [InlineData(SubscriptionStatus.Trialing)]
    public async Task A_customer_whose_subscription_is_still_billed_cannot_start_a_second_one(SubscriptionStatus status)
    {
        var s = await EndedAsync(status: status);

        var outcome = await Resubscriptions.ConfirmAsync(s.Access, await PriceAsync("Business monthly"), 2, factory.Time.GetUtcNow(), CancellationToken.None);

        Assert.Equal(ResubscribePolicy.AlreadySubscribed, outcome.Problem);
        Assert.Single(await SubscriptionsOfAsync(s.Access));
        Assert.Empty(ChargesOf(s.Access));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Of_six_concurrent_confirmations_one_starts_a_subscription_and_only_its_charge_is_kept(bool onePreview)
    {
        var s = await EndedAsync();
        var business = await PriceAsync("Business monthly");
        var now = factory.Time.GetUtcNow();

        // One preview confirmed six times (a double click, several tabs), or six previews a second apart.
        var outcomes = await Task.WhenAll(Enumerable.Range(0, 6).Select(i => Task.Run(() =>
            Resubscriptions.ConfirmAsync(s.Access, business, 2, onePreview ? now : now.AddSeconds(-i), CancellationToken.None))));

        var started = Assert.Single(outcomes, o => o.Succeeded).Value!;
        Assert.All(outcomes.Where(o => !o.Succeeded), o => Assert.Equal(ResubscribePolicy.AlreadySubscribed, o.Problem));
        Assert.Single(await SubscriptionsOfAsync(s.Access), x => x.Status == SubscriptionStatus.Active);
        var invoice = Assert.Single(await InvoicesOfAsync(s.Access));
        Assert.Equal(started.InvoiceId, invoice.Id);
        Assert.Equal(3, (await EventsOfAsync(s.Access)).Count);
        // The charges the processor made: the invoice's one stays; every other one went back.
        var made = ChargesOf(s.Access).Select(c => c.Outcome.ChargeReference).Distinct().ToList();
        Assert.Contains(invoice.ChargeReference, made);
        Assert.Empty(RefundsOf([invoice.ChargeReference]));
        Assert.Equal(made.Where(c => c != invoice.ChargeReference).Order(), RefundsOf(made).Select(r => r.ChargeReference).Order());
        if (onePreview)
        {
            Assert.Single(made);
        }
    }

    [Fact]
    public async Task A_session_only_ever_resubscribes_its_own_customer()
    {
        var mine = await EndedAsync();
        var theirs = await EndedAsync();
        var pro = await PriceAsync("Pro monthly");
        var foreign = await TestData.AddMerchantAsync(factory, livemode: false);
        var foreignAccess = await factory.WithDbAsync(async db =>
        {
            var configuration = await db.PortalConfigurations.SingleAsync(c => c.MerchantId == foreign.MerchantId);
            configuration.Features.Resubscribe = true;
            configuration.Features.SubscriptionUpdate.Prices = [pro]; // even named, another merchant's price is not theirs to sell
            await db.SaveChangesAsync();
            return new PortalAccess("bps_foreign", foreign.MerchantId, false, foreign.CustomerId, configuration.Id, "https://example.com", null);
        });

        var started = await Resubscriptions.ConfirmAsync(mine.Access, pro, 1, factory.Time.GetUtcNow(), CancellationToken.None);
        var crossMerchant = await Resubscriptions.ConfirmAsync(foreignAccess, pro, 1, factory.Time.GetUtcNow(), CancellationToken.None);

        Assert.Equal(mine.Access.CustomerId, Assert.Single(await factory.WithDbAsync(db => db.Subscriptions.Where(s => s.Id == started.Value!.SubscriptionId).ToListAsync())).CustomerId);
        Assert.Equal(SubscriptionStatus.Canceled, Assert.Single(await SubscriptionsOfAsync(theirs.Access)).Status);
        Assert.Empty(await InvoicesOfAsync(theirs.Access));
        Assert.Equal(new Problem(ProblemKind.Invalid, "That plan is not available.", "price"), crossMerchant.Problem);
        Assert.Empty(await SubscriptionsOfAsync(foreignAccess));
    }
}
