using Microsoft.EntityFrameworkCore;
using Vinr.Portal.Api.Features.Events;
using Vinr.Portal.Api.Features.PaymentMethods;
using Vinr.Portal.Api.Features.Subscriptions;
using Vinr.Portal.Api.Infrastructure.Data;

namespace Vinr.Portal.Api.Features.Invoices;

public enum PaymentResult
{
    Paid,
    Declined,
    NotPayable,
    NoPaymentMethod,
}

/// <summary>How paying went, and what to tell the customer if it did not.</summary>
public sealed record PaymentOutcome(PaymentResult Result, string? Message = null, Invoice? Invoice = null);

/// <summary>
/// Pays an open invoice with a saved card. The charge's idempotency key is the invoice and its
/// attempt number, so a retried or doubled request never charges twice; the invoice is marked paid
/// by a conditional update, with its events, in one transaction. A subscription that was past due
/// for it becomes active again.
/// </summary>
public sealed class InvoicePayments(IDbContextFactory<BillingDbContext> dbFactory, IPaymentProcessor processor, TimeProvider time)
{
    /// <summary>
    /// Pays <paramref name="invoiceId"/> of <paramref name="owner"/>'s customer with
    /// <paramref name="paymentMethodId"/>, or the customer's default card.
    /// </summary>
    public async Task<PaymentOutcome> PayAsync(CardOwner owner, string invoiceId, string? paymentMethodId, string source, string? portalSessionId,
        CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var invoice = await db.Invoices.Include(i => i.Lines)
            .FirstOrDefaultAsync(i => i.Id == invoiceId && i.MerchantId == owner.MerchantId && i.Livemode == owner.Livemode
                && (owner.CustomerId == null || i.CustomerId == owner.CustomerId), cancellationToken);
        if (invoice is null || invoice.Status != InvoiceStatus.Open)
        {
            return new PaymentOutcome(PaymentResult.NotPayable, invoice is null ? "That invoice was not found." : "That invoice has nothing left to pay.", invoice);
        }
        var cardId = paymentMethodId ?? await db.Customers.Where(c => c.Id == invoice.CustomerId).Select(c => c.DefaultPaymentMethodId).FirstAsync(cancellationToken);
        var card = cardId is null ? null : await db.PaymentMethods.AsNoTracking()
            .FirstOrDefaultAsync(p => p.Id == cardId && p.CustomerId == invoice.CustomerId && p.DetachedAt == null, cancellationToken);
        if (card is null)
        {
            return new PaymentOutcome(PaymentResult.NoPaymentMethod, "Add a card to pay this invoice.", invoice);
        }

        var attempt = invoice.PaymentAttempts;
        var charge = await processor.ChargeAsync(new ChargeRequest(card.ProcessorReference, invoice.AmountDue, invoice.Currency,
            $"{invoice.Id}:attempt-{attempt}", invoice.Livemode, $"Invoice {invoice.Number}"), cancellationToken);
        var now = time.GetUtcNow();

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (charge.ChargeReference is { } chargeReference)
        {
            // Only the request that turns Open into Paid records the payment; a racing twin sees 0 rows.
            var paid = await db.Invoices.Where(i => i.Id == invoice.Id && i.Status == InvoiceStatus.Open && i.PaymentAttempts == attempt)
                .ExecuteUpdateAsync(i => i
                    .SetProperty(x => x.Status, InvoiceStatus.Paid)
                    .SetProperty(x => x.AmountPaid, x => x.AmountDue)
                    .SetProperty(x => x.PaidAt, now)
                    .SetProperty(x => x.PaymentMethodId, card.Id)
                    .SetProperty(x => x.ChargeReference, chargeReference)
                    .SetProperty(x => x.LastPaymentError, (string?)null), cancellationToken);
            if (paid == 0)
            {
                return new PaymentOutcome(PaymentResult.NotPayable, "That invoice has nothing left to pay.", invoice);
            }
            await db.Entry(invoice).ReloadAsync(cancellationToken);
            EventLog.Add(db, invoice.MerchantId, invoice.Livemode, "invoice.paid", InvoiceObject.From(invoice), source, now, portalSessionId);
            await ReactivateAsync(db, invoice, source, portalSessionId, now, cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return new PaymentOutcome(PaymentResult.Paid, null, invoice);
        }

        invoice.PaymentAttempts = attempt + 1;
        invoice.PaymentMethodId = card.Id;
        invoice.LastPaymentError = charge.Decline!.Message;
        EventLog.Add(db, invoice.MerchantId, invoice.Livemode, "invoice.payment_failed", InvoiceObject.From(invoice), source, now, portalSessionId);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new PaymentOutcome(PaymentResult.Declined, charge.Decline.Message, invoice);
    }

    /// <summary>A past-due subscription with nothing left open is active again.</summary>
    private static async Task ReactivateAsync(BillingDbContext db, Invoice invoice, string source, string? portalSessionId, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        if (invoice.SubscriptionId is null)
        {
            return;
        }
        var subscription = await db.Subscriptions.FirstAsync(s => s.Id == invoice.SubscriptionId, cancellationToken);
        var stillOpen = await db.Invoices.AnyAsync(i => i.SubscriptionId == subscription.Id && i.Id != invoice.Id && i.Status == InvoiceStatus.Open, cancellationToken);
        if (subscription.Status == SubscriptionStatus.PastDue && !stillOpen)
        {
            subscription.Status = SubscriptionStatus.Active;
            EventLog.Add(db, invoice.MerchantId, invoice.Livemode, "customer.subscription.updated", SubscriptionObject.From(subscription), source, now, portalSessionId);
        }
    }
}
