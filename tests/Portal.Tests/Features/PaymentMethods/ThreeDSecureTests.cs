using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Vinr.Portal.Api.Features.BillingPortal.Configurations;
using Vinr.Portal.Api.Features.BillingPortal.Portal;
using Vinr.Portal.Api.Features.BillingPortal.Sessions;
using Vinr.Portal.Api.Features.Events;
using Vinr.Portal.Api.Features.Invoices;
using Vinr.Portal.Api.Features.PaymentMethods;
using Vinr.Portal.Api.Features.Subscriptions;
using Vinr.Portal.Api.Infrastructure;
using Vinr.Portal.Tests.Features.TestClocks;
using Vinr.Portal.Tests.Support;

namespace Vinr.Portal.Tests.Features.PaymentMethods;

/// <summary>3-D Secure through the billing services: plan changes, invoice payments, renewals and the merchant's API.</summary>
public sealed class ThreeDSecureTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    private const string AskEveryTime = "testcard_authalways_t";
    private const string AskOnSetupOnly = "testcard_authsetup_t";
    private static readonly DateTimeOffset ClockStart = new(2031, 5, 10, 12, 0, 0, TimeSpan.Zero);

    private SubscriptionChanges Changes => factory.Services.GetRequiredService<SubscriptionChanges>();
    private CardChallenges Challenges => factory.Services.GetRequiredService<CardChallenges>();
    private InvoicePayments Payments => factory.Services.GetRequiredService<InvoicePayments>();

    private Task<TestData.Subscriber> SubscriberAsync(string card) =>
        TestData.SubscriberAsync(factory, card: card, features: f => f.SubscriptionUpdate.ProrationBehavior = ProrationBehavior.AlwaysInvoice);

    private Task<string> PriceAsync(string nickname) =>
        factory.WithDbAsync(db => db.Prices.Where(p => p.MerchantId == PortalFactory.DemoMerchant && p.Nickname == nickname).Select(p => p.Id).FirstAsync());

    private Task<Subscription> SubscriptionAsync(string id) => factory.WithDbAsync(db => db.Subscriptions.AsNoTracking().FirstAsync(x => x.Id == id));

    private Task<List<Invoice>> InvoicesAsync(string subscriptionId) =>
        factory.WithDbAsync(db => db.Invoices.AsNoTracking().Where(i => i.SubscriptionId == subscriptionId).OrderBy(i => i.Created).ToListAsync());

    private Task<List<Event>> EventsAsync(string merchantId, string customerOrSession) =>
        factory.WithDbAsync(db => db.Events.AsNoTracking().Where(e => e.MerchantId == merchantId && (e.PortalSessionId == customerOrSession || e.Data.Contains(customerOrSession)))
            .OrderBy(e => e.Created).ToListAsync());

    private Task<CardAuthentication> ChallengeAsync(string id) => factory.WithDbAsync(db => db.CardAuthentications.AsNoTracking().FirstAsync(a => a.Id == id));

    [Fact]
    public async Task A_plan_change_with_a_card_that_asks_charges_exactly_the_preview_after_the_challenge()
    {
        var s = await SubscriberAsync(AskEveryTime);
        var business = await PriceAsync("Business monthly");
        var preview = (await Changes.PreviewAsync(s.Access, s.SubscriptionId, business, 2, CancellationToken.None)).Value!;

        var asked = await Changes.ApplyAsync(s.Access, s.SubscriptionId, business, 2, preview.ChangeAt, CancellationToken.None);

        Assert.Equal(ProblemKind.AuthenticationRequired, asked.Problem!.Kind);
        var challenge = await ChallengeAsync(asked.Problem.AuthenticationId!);
        Assert.Equal((AuthenticationKind.Payment, preview.DueToday, preview.Currency), (challenge.Kind, challenge.Amount, challenge.Currency));
        Assert.NotEqual(business, (await SubscriptionAsync(s.SubscriptionId)).PriceId); // nothing changed yet
        Assert.Empty(await InvoicesAsync(s.SubscriptionId));
        Assert.Empty(await factory.WithDbAsync(db => db.PendingCharges.Where(c => c.CustomerId == s.Access.CustomerId).ToListAsync()));

        factory.Time.Advance(TimeSpan.FromMinutes(2)); // the customer answers the bank
        Assert.True((await Challenges.AnswerAsync(s.Access, challenge.Id, completed: true, CancellationToken.None)).Succeeded);
        var applied = await Changes.ApplyAsync(s.Access, s.SubscriptionId, business, 2, preview.ChangeAt, challenge.Id, CancellationToken.None);
        var twice = await Changes.ApplyAsync(s.Access, s.SubscriptionId, business, 2, preview.ChangeAt, challenge.Id, CancellationToken.None);

        Assert.True(applied.Succeeded, applied.Problem?.Message);
        Assert.False(twice.Succeeded); // already changed: one change, one invoice
        Assert.Equal((business, 2L), ((await SubscriptionAsync(s.SubscriptionId)).PriceId, (await SubscriptionAsync(s.SubscriptionId)).Quantity));
        var invoice = Assert.Single(await InvoicesAsync(s.SubscriptionId));
        Assert.Equal((InvoiceStatus.Paid, preview.DueToday), (invoice.Status, invoice.AmountPaid));
        var types = (await EventsAsync(s.Access.MerchantId, s.Access.SessionId)).Select(e => e.Type).ToList();
        Assert.Equal(1, types.Count(t => t == EventTypes.PaymentIntentRequiresAction));
        Assert.Equal(1, types.Count(t => t == EventTypes.PaymentIntentSucceeded));
        Assert.Contains(EventTypes.InvoicePaid, types);
    }

    [Fact]
    public async Task Resubscribing_with_a_card_that_asks_starts_after_the_challenge_charged_exactly_the_preview()
    {
        var s = await TestData.SubscriberAsync(factory, card: AskEveryTime, status: SubscriptionStatus.Canceled, features: f => f.Resubscribe = true);
        var resubscriptions = factory.Services.GetRequiredService<Resubscriptions>();
        var pro = await PriceAsync("Pro monthly");
        var preview = (await resubscriptions.PreviewAsync(s.Access, pro, 1, CancellationToken.None)).Value!;

        var asked = await resubscriptions.ConfirmAsync(s.Access, pro, 1, preview.StartAt, CancellationToken.None);

        Assert.Equal(ProblemKind.AuthenticationRequired, asked.Problem!.Kind);
        var challenge = await ChallengeAsync(asked.Problem.AuthenticationId!);
        Assert.Equal((AuthenticationKind.Payment, preview.DueToday), (challenge.Kind, challenge.Amount));
        Assert.Equal(1, await factory.WithDbAsync(db => db.Subscriptions.CountAsync(x => x.CustomerId == s.Access.CustomerId))); // nothing started yet

        Assert.True((await Challenges.AnswerAsync(s.Access, challenge.Id, completed: true, CancellationToken.None)).Succeeded);
        var started = await resubscriptions.ConfirmAsync(s.Access, pro, 1, preview.StartAt, challenge.Id, CancellationToken.None);

        Assert.True(started.Succeeded, started.Problem?.Message);
        var invoice = Assert.Single(await InvoicesAsync(started.Value!.SubscriptionId));
        Assert.Equal((InvoiceStatus.Paid, preview.DueToday), (invoice.Status, invoice.AmountPaid));
    }

    [Fact]
    public async Task A_failed_challenge_charges_nothing_and_changes_nothing()
    {
        var s = await SubscriberAsync(AskEveryTime);
        var business = await PriceAsync("Business monthly");
        var preview = (await Changes.PreviewAsync(s.Access, s.SubscriptionId, business, 2, CancellationToken.None)).Value!;
        var asked = await Changes.ApplyAsync(s.Access, s.SubscriptionId, business, 2, preview.ChangeAt, CancellationToken.None);

        var answered = await Challenges.AnswerAsync(s.Access, asked.Problem!.AuthenticationId!, completed: false, CancellationToken.None);
        var retried = await Changes.ApplyAsync(s.Access, s.SubscriptionId, business, 2, preview.ChangeAt, asked.Problem.AuthenticationId, CancellationToken.None);

        Assert.Equal((ProblemKind.PaymentFailed, "payment_intent_authentication_failure"), (answered.Problem!.Kind, answered.Problem.Code));
        Assert.Equal(ProblemKind.PaymentFailed, retried.Problem!.Kind);
        Assert.NotEqual(business, (await SubscriptionAsync(s.SubscriptionId)).PriceId);
        Assert.Empty(await InvoicesAsync(s.SubscriptionId));
        var failed = (await EventsAsync(s.Access.MerchantId, s.Access.SessionId)).Where(e => e.Type == EventTypes.PaymentIntentPaymentFailed).ToList();
        Assert.NotEmpty(failed);
        using var data = JsonDocument.Parse(failed[0].Data);
        Assert.Equal("payment_intent", data.RootElement.GetProperty("object").GetString());
        Assert.Equal("payment_intent_authentication_failure", data.RootElement.GetProperty("last_error").GetProperty("code").GetString());
        Assert.DoesNotContain("testcard_", failed[0].Data, StringComparison.Ordinal); // no card token in events
    }

    [Fact]
    public async Task A_completed_challenge_cannot_pay_a_different_amount()
    {
        var s = await SubscriberAsync(AskEveryTime);
        var business = await PriceAsync("Business monthly");
        var two = (await Changes.PreviewAsync(s.Access, s.SubscriptionId, business, 2, CancellationToken.None)).Value!;
        var asked = await Changes.ApplyAsync(s.Access, s.SubscriptionId, business, 2, two.ChangeAt, CancellationToken.None);
        await Challenges.AnswerAsync(s.Access, asked.Problem!.AuthenticationId!, completed: true, CancellationToken.None);

        var three = (await Changes.PreviewAsync(s.Access, s.SubscriptionId, business, 3, CancellationToken.None)).Value!;
        var other = await Changes.ApplyAsync(s.Access, s.SubscriptionId, business, 3, three.ChangeAt, asked.Problem.AuthenticationId, CancellationToken.None);

        Assert.NotEqual(two.DueToday, three.DueToday);
        Assert.Equal(ProblemKind.PaymentFailed, other.Problem!.Kind);
        Assert.Contains("amount changed", other.Problem.Message, StringComparison.Ordinal);
        Assert.NotEqual(business, (await SubscriptionAsync(s.SubscriptionId)).PriceId);
        Assert.Empty(await InvoicesAsync(s.SubscriptionId));
    }

    [Fact]
    public async Task A_card_authenticated_when_saved_changes_plan_without_a_challenge()
    {
        var s = await SubscriberAsync(AskOnSetupOnly);
        var business = await PriceAsync("Business monthly");
        var preview = (await Changes.PreviewAsync(s.Access, s.SubscriptionId, business, 2, CancellationToken.None)).Value!;

        var applied = await Changes.ApplyAsync(s.Access, s.SubscriptionId, business, 2, preview.ChangeAt, CancellationToken.None);

        Assert.True(applied.Succeeded);
        Assert.Equal(preview.DueToday, Assert.Single(await InvoicesAsync(s.SubscriptionId)).AmountPaid);
    }

    [Fact]
    public async Task The_merchants_api_changing_plan_with_a_card_that_asks_gets_authentication_required_in_the_one_error_shape()
    {
        var s = await SubscriberAsync(AskEveryTime);
        var business = await PriceAsync("Business monthly");
        using var api = factory.CreateApiClient();

        var response = await api.PostFormAsync($"/v1/subscriptions/{s.SubscriptionId}", ("items[0][price]", business), ("items[0][quantity]", "2"), ("proration_behavior", "always_invoice"));

        var body = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.PaymentRequired, response.StatusCode);
        var error = JsonDocument.Parse(body).RootElement.GetProperty("error");
        Assert.Equal(("card_error", "authentication_required"), (error.GetProperty("type").GetString(), error.GetProperty("code").GetString()));
        Assert.NotEqual(business, (await SubscriptionAsync(s.SubscriptionId)).PriceId);
        Assert.Empty(await factory.WithDbAsync(db => db.CardAuthentications.Where(a => a.CustomerId == s.Access.CustomerId).ToListAsync()));
    }

    [Fact]
    public async Task A_renewal_that_needs_authentication_waits_for_the_customer_who_pays_it_after_the_challenge()
    {
        var s = await ClockData.SubscriberAsync(factory, ClockStart, card: AskEveryTime);

        await ClockData.AdvanceAsync(factory, s, s.PeriodEnd.AddHours(1));

        var invoice = Assert.Single(await InvoicesAsync(s.SubscriptionId));
        Assert.Equal((InvoiceStatus.Open, Invoice.AuthenticationRequiredCode, 1), (invoice.Status, invoice.LastPaymentErrorCode, invoice.PaymentAttempts));
        // No retry before the schedule's last (1, 3, 5, 7 days): each would need the customer again.
        Assert.Equal(s.PeriodEnd.AddDays(7), invoice.NextPaymentAttempt);
        Assert.Equal(SubscriptionStatus.PastDue, (await SubscriptionAsync(s.SubscriptionId)).Status);
        var events = await EventsAsync(s.MerchantId, invoice.Id);
        Assert.Contains(events, e => e.Type == EventTypes.InvoicePaymentActionRequired);
        Assert.Contains(events, e => e.Type == EventTypes.InvoicePaymentFailed);
        var banner = await factory.Services.GetRequiredService<PortalQueries>().GetPastDueInvoiceAsync(s.Access);
        Assert.True(banner!.ActionRequired);

        var asked = await Payments.PayOnSessionAsync(s.Access, invoice.Id, authenticationId: null, CancellationToken.None);
        Assert.Equal(ProblemKind.AuthenticationRequired, asked.Problem!.Kind);
        var challenge = await ChallengeAsync(asked.Problem.AuthenticationId!);
        Assert.Equal((invoice.AmountDue, $"{invoice.Id}:attempt-1"), (challenge.Amount, challenge.IdempotencyKey));
        Assert.Equal(InvoiceStatus.Open, Assert.Single(await InvoicesAsync(s.SubscriptionId)).Status);

        await Challenges.AnswerAsync(s.Access, challenge.Id, completed: true, CancellationToken.None);
        var paid = await Payments.PayOnSessionAsync(s.Access, invoice.Id, challenge.Id, CancellationToken.None);

        Assert.True(paid.Succeeded, paid.Problem?.Message);
        invoice = Assert.Single(await InvoicesAsync(s.SubscriptionId));
        Assert.Equal((InvoiceStatus.Paid, invoice.AmountDue, (string?)null, (DateTimeOffset?)null),
            (invoice.Status, invoice.AmountPaid, invoice.LastPaymentErrorCode, invoice.NextPaymentAttempt));
        Assert.Equal(SubscriptionStatus.Active, (await SubscriptionAsync(s.SubscriptionId)).Status);
        var after = (await EventsAsync(s.MerchantId, invoice.Id)).Select(e => e.Type).ToList();
        Assert.Contains(EventTypes.InvoicePaid, after);
        Assert.Contains(EventTypes.PaymentIntentSucceeded, after);
        Assert.Null(await factory.Services.GetRequiredService<PortalQueries>().GetPastDueInvoiceAsync(s.Access));
    }

    [Fact]
    public async Task Dunning_does_not_spin_on_an_invoice_that_waits_for_the_customer_and_gives_up_at_the_schedules_end()
    {
        var s = await ClockData.SubscriberAsync(factory, ClockStart, card: AskEveryTime);
        await ClockData.AdvanceAsync(factory, s, s.PeriodEnd.AddHours(1));

        await ClockData.AdvanceAsync(factory, s, s.PeriodEnd.AddDays(6));
        Assert.Equal(1, Assert.Single(await InvoicesAsync(s.SubscriptionId)).PaymentAttempts); // days 1, 3, 5: no attempt

        await ClockData.AdvanceAsync(factory, s, s.PeriodEnd.AddDays(7).AddHours(1));
        var invoice = Assert.Single(await InvoicesAsync(s.SubscriptionId));
        Assert.Equal((2, (DateTimeOffset?)null), (invoice.PaymentAttempts, invoice.NextPaymentAttempt));
        Assert.Equal(SubscriptionStatus.Canceled, (await SubscriptionAsync(s.SubscriptionId)).Status);
    }

    [Fact]
    public async Task A_subscription_created_through_the_api_with_a_card_that_asks_stays_incomplete_with_its_invoice_open()
    {
        var customer = await factory.WithDbAsync(async db =>
        {
            var now = factory.Time.GetUtcNow();
            var c = new Vinr.Portal.Api.Features.Customers.Customer { Id = Ids.New("cust"), MerchantId = PortalFactory.DemoMerchant, Name = "Asks", Created = now };
            var pm = new PaymentMethod
            {
                Id = Ids.New("pm"), MerchantId = PortalFactory.DemoMerchant, CustomerId = c.Id, Brand = "visa", Last4 = "3184",
                ExpMonth = 12, ExpYear = now.Year + 2, Fingerprint = "f", ProcessorReference = AskEveryTime, Created = now,
            };
            c.DefaultPaymentMethodId = pm.Id;
            db.AddRange(c, pm);
            await db.SaveChangesAsync();
            return c.Id;
        });
        using var api = factory.CreateApiClient();

        var response = await api.PostFormAsync("/v1/subscriptions", ("customer", customer), ("items[0][price]", await PriceAsync("Pro monthly")));

        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.True(response.IsSuccessStatusCode, body.ToString());
        Assert.Equal("incomplete", body.GetProperty("status").GetString());
        var invoice = Assert.Single(await InvoicesAsync(body.GetProperty("id").GetString()!));
        Assert.Equal((InvoiceStatus.Open, Invoice.AuthenticationRequiredCode), (invoice.Status, invoice.LastPaymentErrorCode));
        using var read = await api.GetAsync($"/v1/invoices/{invoice.Id}");
        var shown = JsonDocument.Parse(await read.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("authentication_required", shown.GetProperty("last_payment_error_code").GetString());
        Assert.Contains(await EventsAsync(PortalFactory.DemoMerchant, invoice.Id), e => e.Type == EventTypes.InvoicePaymentActionRequired);
    }

    [Fact]
    public void Every_3ds_event_type_is_registered_for_webhooks()
    {
        string[] types = ["setup_intent.requires_action", "setup_intent.succeeded", "setup_intent.setup_failed", "payment_intent.requires_action",
            "payment_intent.succeeded", "payment_intent.payment_failed", "invoice.payment_action_required"];

        Assert.All(types, t => Assert.Contains(t, Vinr.Portal.Api.Features.Webhooks.WebhookEndpoints.KnownTypes));
    }
}
