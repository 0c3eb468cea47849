using Microsoft.EntityFrameworkCore;
using Vinr.Portal.Api.Features.BillingPortal.Sessions;
using Vinr.Portal.Api.Features.BillingSettings;
using Vinr.Portal.Api.Features.Events;
using Vinr.Portal.Api.Features.PaymentMethods;
using Vinr.Portal.Api.Features.Subscriptions;
using Vinr.Portal.Api.Infrastructure;
using Vinr.Portal.Api.Infrastructure.Data;

namespace Vinr.Portal.Api.Features.Invoices;

/// <summary>
/// Pays an open invoice with a saved card. The charge's idempotency key is the invoice and its
/// attempt number, so a retried or doubled request never charges twice; the invoice is marked paid
/// by a conditional update, with its events, in one transaction. A subscription that was past due
/// for it becomes active again (<see cref="SubscriptionRules.StatusAfterPayment"/>).
/// </summary>
public sealed class InvoicePayments(IDbContextFactory<BillingDbContext> dbFactory, IPaymentProcessor processor, DunningSettings dunning, TimeProvider time)
{
    /// <summary>
    /// Pays <paramref name="invoiceId"/>, one of the invoices <paramref name="actor"/> may touch, with
    /// <paramref name="paymentMethodId"/> or the customer's default card, off session (the merchant's API, or a
    /// new card paying what is owed): nobody is there to authenticate. A decline, or no card, is a
    /// <see cref="ProblemKind.PaymentFailed"/> the customer can act on; a card that asks to authenticate is declined
    /// <c>authentication_required</c> and the invoice stays open for the customer to confirm in the portal.
    /// </summary>
    public Task<Outcome<Invoice>> PayAsync(Actor actor, string invoiceId, string? paymentMethodId, CancellationToken cancellationToken) =>
        PayAsync(actor, invoiceId, paymentMethodId, automaticAt: null, offSession: true, authenticationId: null, cancellationToken);

    /// <summary>
    /// The customer pays in the portal, with the default card. A card that asks to authenticate gives
    /// <see cref="ProblemKind.AuthenticationRequired"/> (nothing charged, the invoice unchanged); the same call with the
    /// completed <paramref name="authenticationId"/> then pays it (the same attempt, so the same idempotency key and amount).
    /// </summary>
    public Task<Outcome<Invoice>> PayOnSessionAsync(PortalAccess access, string invoiceId, string? authenticationId, CancellationToken cancellationToken) =>
        PayAsync(Actor.Portal(access), invoiceId, paymentMethodId: null, automaticAt: null, offSession: false, authenticationId, cancellationToken);

    /// <summary>
    /// An automatic charge of the default card by the billing clock at <paramref name="now"/> (a test
    /// clock's time for its customers): the renewal's own charge or a scheduled retry. A failure puts
    /// the subscription past due and plans the next retry (<see cref="DunningPolicy"/>), or applies
    /// the merchant's final action, in the failure's transaction, so its event says what comes next.
    /// </summary>
    public Task<Outcome<Invoice>> ChargeAutomaticallyAsync(Actor actor, string invoiceId, DateTimeOffset now, CancellationToken cancellationToken) =>
        PayAsync(actor, invoiceId, paymentMethodId: null, automaticAt: now, offSession: true, authenticationId: null, cancellationToken);

    private async Task<Outcome<Invoice>> PayAsync(Actor actor, string invoiceId, string? paymentMethodId, DateTimeOffset? automaticAt,
        bool offSession, string? authenticationId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var invoice = await db.Invoices.OwnedBy(actor.Scope).Include(i => i.Lines).FirstOrDefaultAsync(i => i.Id == invoiceId, cancellationToken);
        if (invoice is null)
        {
            return new Problem(ProblemKind.NotFound, Messages.Get("InvoiceNotFound"));
        }
        if (invoice.Status != InvoiceStatus.Open)
        {
            return new Problem(ProblemKind.NotAllowed, Messages.Get("NothingToPay"));
        }
        var cards = paymentMethodId is null
            ? db.DefaultCardOf(invoice)
            : db.PaymentMethods.OwnedBy(invoice).Where(p => p.Id == paymentMethodId && p.DetachedAt == null);
        var card = await cards.AsNoTracking().FirstOrDefaultAsync(cancellationToken);
        var attempt = invoice.PaymentAttempts;
        var charge = card is null
            ? null
            : await processor.ChargeAsync(new ChargeRequest(invoice, card.ProcessorReference, invoice.AmountDue, invoice.Currency,
                $"{invoice.Id}:attempt-{attempt}", $"Invoice {invoice.Number}", offSession, authenticationId), cancellationToken);
        if (charge is null && automaticAt is null)
        {
            return new Problem(ProblemKind.PaymentFailed, Messages.Get("NoCardForInvoice"), "payment_method");
        }
        var now = automaticAt ?? time.GetUtcNow();
        // The challenge this payment opened or carried, as it now is, for its event.
        var challenge = (charge?.AuthenticationId ?? authenticationId) is { } challengeId
            ? await processor.FindAuthenticationAsync(invoice, challengeId, cancellationToken)
            : null;
        if (challenge is not null)
        {
            challenge.PaymentMethodId = card!.Id;
        }

        if (charge?.AuthenticationId is { } opened)
        {
            // Nothing was charged and the invoice is as it was: the customer answers the challenge, then pays again carrying it.
            EventLog.Add(db, actor, EventTypes.PaymentIntentRequiresAction, AuthenticationObject.From(challenge!, invoice.Id), now);
            await db.SaveChangesAsync(cancellationToken);
            return new Problem(ProblemKind.AuthenticationRequired, Messages.Get("AuthenticationNeeded"), "payment_method") { AuthenticationId = opened };
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (charge?.ChargeReference is { } chargeReference)
        {
            // Only the request that turns Open into Paid records the payment; a racing twin sees 0 rows.
            var paid = await db.Invoices.OwnedBy(invoice).Where(i => i.Id == invoice.Id && i.Status == InvoiceStatus.Open && i.PaymentAttempts == attempt)
                .ExecuteUpdateAsync(i => i
                    .SetProperty(x => x.Status, InvoiceStatus.Paid)
                    .SetProperty(x => x.AmountPaid, x => x.AmountDue)
                    .SetProperty(x => x.PaidAt, now)
                    .SetProperty(x => x.PaymentMethodId, card!.Id)
                    .SetProperty(x => x.ChargeReference, chargeReference)
                    .SetProperty(x => x.LastPaymentError, (string?)null)
                    .SetProperty(x => x.LastPaymentErrorCode, (string?)null)
                    .SetProperty(x => x.NextPaymentAttempt, (DateTimeOffset?)null), cancellationToken);
            if (paid == 0)
            {
                return new Problem(ProblemKind.NotAllowed, Messages.Get("NothingToPay"));
            }
            invoice.RecordPayment(card!.Id, chargeReference, now);
            db.Entry(invoice).State = EntityState.Unchanged; // written above by the conditional update
            if (challenge is not null)
            {
                EventLog.Add(db, actor, EventTypes.PaymentIntentSucceeded, AuthenticationObject.From(challenge, invoice.Id), now);
            }
            EventLog.Add(db, actor, EventTypes.InvoicePaid, InvoiceObject.From(invoice), now);
            await ReactivateAsync(db, actor, invoice, now, cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return invoice;
        }

        // A customer with no card fails an automatic attempt too: dunning goes on, so adding one later still pays.
        // The invoice keeps the reason in English (the merchant reads it through the API); the customer reads it in their language.
        var declined = charge?.Decline!.Message ?? Messages.English("NoCardForInvoice");
        invoice.PaymentAttempts = attempt + 1;
        invoice.PaymentMethodId = card?.Id ?? invoice.PaymentMethodId;
        invoice.LastPaymentError = declined;
        invoice.LastPaymentErrorCode = charge?.Decline!.Code;
        // Off session, the issuer wants the customer: only they can pay this (Stripe's invoice.payment_action_required).
        var actionRequired = invoice.LastPaymentErrorCode == Invoice.AuthenticationRequiredCode;
        var subscriptionEvents = new List<(string Type, Subscription Subscription)>();
        if (automaticAt is { } at && invoice.SubscriptionId is { } subscriptionId)
        {
            var subscription = await db.Subscriptions.OwnedBy(invoice).FirstAsync(s => s.Id == subscriptionId, cancellationToken);
            var schedule = await dunning.ScheduleOfAsync(db, invoice.MerchantId, cancellationToken);
            // Every retry would ask the customer again: none is made before the schedule's last (see DunningPolicy).
            var (step, retriesDone) = actionRequired
                ? DunningPolicy.AfterAuthenticationRequired(schedule, invoice.Created, invoice.DunningRetries)
                : (DunningPolicy.AfterFailure(schedule, invoice.Created, invoice.DunningRetries), invoice.DunningRetries);
            invoice.DunningRetries = retriesDone;
            switch (step)
            {
                case DunningStep.Retry retry:
                    invoice.NextPaymentAttempt = retry.At;
                    if (subscription.Status is SubscriptionStatus.Active or SubscriptionStatus.Trialing)
                    {
                        subscription.Status = SubscriptionStatus.PastDue;
                        subscriptionEvents.Add((EventTypes.SubscriptionUpdated, subscription));
                    }
                    break;
                case DunningStep.GiveUp giveUp:
                    invoice.NextPaymentAttempt = null;
                    var status = DunningPolicy.StatusAfter(giveUp.Action);
                    if (subscription.Status != SubscriptionStatus.Canceled && status != subscription.Status)
                    {
                        subscription.Status = status;
                        if (status == SubscriptionStatus.Canceled)
                        {
                            subscription.CanceledAt = at;
                            subscription.EndedAt = at;
                        }
                        subscriptionEvents.Add((status == SubscriptionStatus.Canceled ? EventTypes.SubscriptionDeleted : EventTypes.SubscriptionUpdated, subscription));
                    }
                    break;
            }
        }
        if (challenge is not null)
        {
            EventLog.Add(db, actor, EventTypes.PaymentIntentPaymentFailed, AuthenticationObject.From(challenge, invoice.Id), now);
        }
        EventLog.Add(db, actor, EventTypes.InvoicePaymentFailed, InvoiceObject.From(invoice), now);
        if (actionRequired)
        {
            EventLog.Add(db, actor, EventTypes.InvoicePaymentActionRequired, InvoiceObject.From(invoice), now);
        }
        subscriptionEvents.ForEach(e => EventLog.Add(db, actor, e.Type, SubscriptionObject.From(e.Subscription), now));
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new Problem(ProblemKind.PaymentFailed,
            charge?.Decline is { } decline ? Messages.Decline(decline.Code, decline.Message) : Messages.Get("NoCardForInvoice"), "payment_method")
        {
            Code = actionRequired ? Invoice.AuthenticationRequiredCode : null,
        };
    }

    /// <summary>
    /// Pays what a past-due or unpaid subscription of <paramref name="customer"/> owes, oldest first,
    /// with the default card: what a new (or newly default) card does at once, as Stripe retries the
    /// open invoice when a customer updates their card. Stops at the first decline. Returns the invoices paid.
    /// </summary>
    public async Task<int> PayOwedAsync(Actor actor, ICustomerScope customer, CancellationToken cancellationToken)
    {
        List<string> owed;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            owed = await (
                    from i in db.Invoices.OwnedBy(customer)
                    join s in db.Subscriptions.OwnedBy(customer) on i.SubscriptionId equals s.Id
                    where i.Status == InvoiceStatus.Open && SubscriptionRules.OwingStatuses.Contains(s.Status)
                    orderby i.Created
                    select i.Id)
                .ToListAsync(cancellationToken);
        }
        var paid = 0;
        foreach (var id in owed)
        {
            if (!(await PayAsync(actor, id, paymentMethodId: null, cancellationToken)).Succeeded)
            {
                break;
            }
            paid++;
        }
        return paid;
    }

    private static async Task ReactivateAsync(BillingDbContext db, Actor actor, Invoice invoice, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (invoice.SubscriptionId is null)
        {
            return;
        }
        var subscription = await db.Subscriptions.OwnedBy(invoice).FirstAsync(s => s.Id == invoice.SubscriptionId, cancellationToken);
        var anotherOpen = await db.Invoices.OwnedBy(invoice)
            .AnyAsync(i => i.SubscriptionId == subscription.Id && i.Id != invoice.Id && i.Status == InvoiceStatus.Open, cancellationToken);
        var status = SubscriptionRules.StatusAfterPayment(subscription.Status, anotherOpen);
        if (status != subscription.Status)
        {
            subscription.Status = status;
            EventLog.Add(db, actor, EventTypes.SubscriptionUpdated, SubscriptionObject.From(subscription), now);
        }
    }
}
