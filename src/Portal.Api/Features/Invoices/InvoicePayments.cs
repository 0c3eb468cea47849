using Microsoft.EntityFrameworkCore;
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
public sealed class InvoicePayments(IDbContextFactory<BillingDbContext> dbFactory, IPaymentProcessor processor, TimeProvider time)
{
    /// <summary>
    /// Pays <paramref name="invoiceId"/>, one of the invoices <paramref name="actor"/> may touch, with
    /// <paramref name="paymentMethodId"/> or the customer's default card. A decline, or no card,
    /// is a <see cref="ProblemKind.PaymentFailed"/> the customer can act on.
    /// </summary>
    public async Task<Outcome<Invoice>> PayAsync(Actor actor, string invoiceId, string? paymentMethodId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var invoice = await db.Invoices.OwnedBy(actor.Scope).Include(i => i.Lines).FirstOrDefaultAsync(i => i.Id == invoiceId, cancellationToken);
        if (invoice is null)
        {
            return new Problem(ProblemKind.NotFound, "That invoice was not found.");
        }
        if (invoice.Status != InvoiceStatus.Open)
        {
            return new Problem(ProblemKind.NotAllowed, "That invoice has nothing left to pay.");
        }
        var cards = paymentMethodId is null
            ? db.DefaultCardOf(invoice)
            : db.PaymentMethods.OwnedBy(invoice).Where(p => p.Id == paymentMethodId && p.DetachedAt == null);
        var card = await cards.AsNoTracking().FirstOrDefaultAsync(cancellationToken);
        if (card is null)
        {
            return new Problem(ProblemKind.PaymentFailed, "Add a card to pay this invoice.", "payment_method");
        }

        var attempt = invoice.PaymentAttempts;
        var charge = await processor.ChargeAsync(new ChargeRequest(card.ProcessorReference, invoice.AmountDue, invoice.Currency,
            $"{invoice.Id}:attempt-{attempt}", invoice.Livemode, $"Invoice {invoice.Number}"), cancellationToken);
        var now = time.GetUtcNow();

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (charge.ChargeReference is { } chargeReference)
        {
            // Only the request that turns Open into Paid records the payment; a racing twin sees 0 rows.
            var paid = await db.Invoices.OwnedBy(invoice).Where(i => i.Id == invoice.Id && i.Status == InvoiceStatus.Open && i.PaymentAttempts == attempt)
                .ExecuteUpdateAsync(i => i
                    .SetProperty(x => x.Status, InvoiceStatus.Paid)
                    .SetProperty(x => x.AmountPaid, x => x.AmountDue)
                    .SetProperty(x => x.PaidAt, now)
                    .SetProperty(x => x.PaymentMethodId, card.Id)
                    .SetProperty(x => x.ChargeReference, chargeReference)
                    .SetProperty(x => x.LastPaymentError, (string?)null), cancellationToken);
            if (paid == 0)
            {
                return new Problem(ProblemKind.NotAllowed, "That invoice has nothing left to pay.");
            }
            invoice.RecordPayment(card.Id, chargeReference, now);
            db.Entry(invoice).State = EntityState.Unchanged; // written above by the conditional update
            EventLog.Add(db, actor, EventTypes.InvoicePaid, InvoiceObject.From(invoice), now);
            await ReactivateAsync(db, actor, invoice, now, cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return invoice;
        }

        invoice.PaymentAttempts = attempt + 1;
        invoice.PaymentMethodId = card.Id;
        invoice.LastPaymentError = charge.Decline!.Message;
        EventLog.Add(db, actor, EventTypes.InvoicePaymentFailed, InvoiceObject.From(invoice), now);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new Problem(ProblemKind.PaymentFailed, charge.Decline.Message, "payment_method");
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
