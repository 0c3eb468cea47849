using Microsoft.EntityFrameworkCore;
using Vinr.Portal.Api.Features.Events;
using Vinr.Portal.Api.Features.Invoices;
using Vinr.Portal.Api.Features.PaymentMethods;
using Vinr.Portal.Api.Features.Products;
using Vinr.Portal.Api.Infrastructure;
using Vinr.Portal.Api.Infrastructure.Data;

namespace Vinr.Portal.Api.Features.Subscriptions;

/// <summary>
/// The billing clock's work at period end: a subscription set to cancel ends; otherwise its
/// scheduled change applies, the next period starts, and it is invoiced (the plan, plus proration
/// items waiting for this invoice, less the customer's credit) and charged to the default card.
/// A failed charge leaves the invoice open and the subscription past due.
/// </summary>
public sealed class SubscriptionRenewals(IDbContextFactory<BillingDbContext> dbFactory, InvoicePayments payments)
{
    private const int BatchSize = 100;

    /// <summary>Renews every subscription whose period ended by <paramref name="now"/>; returns how many it renewed or ended.</summary>
    public async Task<int> RenewDueAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        List<string> due;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            due = await db.Subscriptions
                .Where(s => s.CurrentPeriodEnd <= now && (s.Status == SubscriptionStatus.Active || s.Status == SubscriptionStatus.Trialing || s.Status == SubscriptionStatus.PastDue))
                .OrderBy(s => s.CurrentPeriodEnd).Select(s => s.Id).Take(BatchSize).ToListAsync(cancellationToken);
        }
        var renewed = 0;
        foreach (var id in due)
        {
            if (await RenewAsync(id, now, cancellationToken) is { } invoice)
            {
                var paid = await payments.PayAsync(new CardOwner(invoice.MerchantId, invoice.Livemode, invoice.CustomerId), invoice.Id, null, "system", null, cancellationToken);
                if (paid.Result is PaymentResult.Declined or PaymentResult.NoPaymentMethod)
                {
                    await MarkPastDueAsync(id, now, cancellationToken);
                }
            }
            renewed++;
        }
        return renewed;
    }

    /// <summary>One period turn, in one transaction; returns the invoice to charge, if any.</summary>
    private async Task<Invoice?> RenewAsync(string subscriptionId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var subscription = await db.Subscriptions.Include(s => s.Price).FirstAsync(s => s.Id == subscriptionId, cancellationToken);
        var periodEnd = subscription.CurrentPeriodEnd;
        if (periodEnd > now)
        {
            return null; // another replica turned it already
        }

        if (subscription.CancelAtPeriodEnd)
        {
            // Only the replica that still sees this period end ends it.
            var ended = await db.Subscriptions.Where(s => s.Id == subscriptionId && s.CurrentPeriodEnd == periodEnd && s.Status != SubscriptionStatus.Canceled)
                .ExecuteUpdateAsync(s => s.SetProperty(x => x.Status, SubscriptionStatus.Canceled).SetProperty(x => x.EndedAt, periodEnd), cancellationToken);
            if (ended == 1)
            {
                subscription.Status = SubscriptionStatus.Canceled;
                subscription.EndedAt = periodEnd;
                EventLog.Add(db, subscription.MerchantId, subscription.Livemode, "customer.subscription.deleted", SubscriptionObject.From(subscription), "system", now);
                await db.SaveChangesAsync(cancellationToken);
            }
            await transaction.CommitAsync(cancellationToken);
            return null;
        }

        var price = subscription.ScheduledPriceId is { } next ? await db.Prices.Include(p => p.Product).FirstAsync(p => p.Id == next, cancellationToken)
            : await db.Prices.Include(p => p.Product).FirstAsync(p => p.Id == subscription.PriceId, cancellationToken);
        var quantity = subscription.ScheduledQuantity ?? subscription.Quantity;
        var start = periodEnd;
        var end = price.Interval == BillingInterval.Year ? start.AddYears(1) : start.AddMonths(1);
        // The period turns once: a conditional update on the old period end decides between replicas.
        var turned = await db.Subscriptions.Where(s => s.Id == subscriptionId && s.CurrentPeriodEnd == periodEnd)
            .ExecuteUpdateAsync(s => s
                .SetProperty(x => x.PriceId, price.Id).SetProperty(x => x.Quantity, quantity)
                .SetProperty(x => x.ScheduledPriceId, (string?)null).SetProperty(x => x.ScheduledQuantity, (long?)null)
                .SetProperty(x => x.CurrentPeriodStart, start).SetProperty(x => x.CurrentPeriodEnd, end), cancellationToken);
        if (turned == 0)
        {
            return null;
        }

        var customer = await db.Customers.FirstAsync(c => c.Id == subscription.CustomerId, cancellationToken);
        var pending = await db.PendingInvoiceItems.Where(i => i.SubscriptionId == subscriptionId && i.InvoiceId == null).ToListAsync(cancellationToken);
        var invoiceId = Ids.New("in");
        var lines = new List<InvoiceLine>
        {
            new()
            {
                Id = Ids.New("il"), InvoiceId = invoiceId, Amount = price.AmountFor(quantity), Quantity = quantity, PriceId = price.Id,
                Description = $"{price.Product!.Name}{(price.BillingScheme == BillingScheme.PerUnit ? $" × {quantity}" : "")} ({(price.Interval == BillingInterval.Month ? "monthly" : "yearly")})",
                PeriodStart = start, PeriodEnd = end,
            },
        };
        foreach (var item in pending)
        {
            item.InvoiceId = invoiceId;
            lines.Add(new InvoiceLine
            {
                Id = Ids.New("il"), InvoiceId = invoiceId, Description = item.Description, Amount = item.Amount, Proration = item.Proration,
                PeriodStart = item.PeriodStart, PeriodEnd = item.PeriodEnd,
            });
        }
        var total = lines.Sum(l => l.Amount);
        // Credit on the balance pays first; an invoice that comes out negative adds to the credit.
        var creditApplied = Math.Clamp(-customer.Balance, 0, Math.Max(total, 0));
        customer.Balance += creditApplied + Math.Min(total, 0);
        var amountDue = Math.Max(total, 0) - creditApplied;
        var invoice = new Invoice
        {
            Id = invoiceId, MerchantId = subscription.MerchantId, Livemode = subscription.Livemode, CustomerId = customer.Id,
            SubscriptionId = subscriptionId, Number = await InvoiceNumbers.NextAsync(db, subscription.MerchantId, cancellationToken),
            Status = amountDue == 0 ? InvoiceStatus.Paid : InvoiceStatus.Open, Currency = price.Currency,
            Subtotal = total, Total = total, AmountDue = amountDue, PeriodStart = start, PeriodEnd = end, Created = now,
            PaidAt = amountDue == 0 ? now : null,
        };
        invoice.Lines.AddRange(lines);
        db.Invoices.Add(invoice);
        subscription.PriceId = price.Id;
        subscription.Quantity = quantity;
        subscription.CurrentPeriodStart = start;
        subscription.CurrentPeriodEnd = end;
        subscription.ScheduledPriceId = null;
        subscription.ScheduledQuantity = null;
        EventLog.Add(db, subscription.MerchantId, subscription.Livemode, "invoice.created", InvoiceObject.From(invoice), "system", now);
        EventLog.Add(db, subscription.MerchantId, subscription.Livemode, "customer.subscription.updated", SubscriptionObject.From(subscription), "system", now);
        db.Entry(subscription).State = EntityState.Unchanged; // written above by the conditional update
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return invoice.Status == InvoiceStatus.Open ? invoice : null;
    }

    private async Task MarkPastDueAsync(string subscriptionId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var subscription = await db.Subscriptions.FirstAsync(s => s.Id == subscriptionId, cancellationToken);
        if (subscription.Status is SubscriptionStatus.Active or SubscriptionStatus.Trialing)
        {
            subscription.Status = SubscriptionStatus.PastDue;
            EventLog.Add(db, subscription.MerchantId, subscription.Livemode, "customer.subscription.updated", SubscriptionObject.From(subscription), "system", now);
            await db.SaveChangesAsync(cancellationToken);
        }
    }
}
