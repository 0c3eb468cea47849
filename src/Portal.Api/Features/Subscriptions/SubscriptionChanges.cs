using Microsoft.EntityFrameworkCore;
using Vinr.Portal.Api.Features.BillingPortal.Configurations;
using Vinr.Portal.Api.Features.BillingPortal.Sessions;
using Vinr.Portal.Api.Features.Events;
using Vinr.Portal.Api.Features.Invoices;
using Vinr.Portal.Api.Features.PaymentMethods;
using Vinr.Portal.Api.Features.Products;
using Vinr.Portal.Api.Infrastructure;
using Vinr.Portal.Api.Infrastructure.Data;

namespace Vinr.Portal.Api.Features.Subscriptions;

/// <summary>
/// What a customer may do to their subscription in the portal: preview and change plan (now with
/// proration, or at period end for downgrades), undo a scheduled change, cancel (with a reason),
/// and renew a pending cancellation. Every operation re-reads the subscription, the configuration
/// and the offered prices on the server, scoped to the session's customer; a change commits with
/// its invoice and events in one transaction, after any charge succeeded.
/// </summary>
public sealed class SubscriptionChanges(IDbContextFactory<BillingDbContext> dbFactory, IPaymentProcessor processor, TimeProvider time)
{
    /// <summary>A preview stays confirmable this long: its amounts are then applied as shown.</summary>
    public static readonly TimeSpan PreviewValidFor = TimeSpan.FromMinutes(10);

    public async Task<PlanChoices?> GetChoicesAsync(PortalAccess access, string subscriptionId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var (subscription, features) = await LoadAsync(db, access, subscriptionId, cancellationToken);
        if (subscription is null || !features.SubscriptionUpdate.Enabled)
        {
            return null;
        }
        var offered = await OfferedPricesAsync(db, access, features.SubscriptionUpdate, subscription.Price!.Currency, cancellationToken);
        if (offered.All(p => p.Id != subscription.PriceId))
        {
            offered.Add(subscription.Price);
        }
        return new PlanChoices(subscription.Id, subscription.PriceId, subscription.Quantity,
            [.. offered.OrderBy(p => p.Interval).ThenBy(p => p.UnitAmount).Select(p => Option(p, p.Id == subscription.PriceId))],
            features.SubscriptionUpdate.QuantityEnabled, features.SubscriptionUpdate.QuantityMin, features.SubscriptionUpdate.QuantityMax);
    }

    public async Task<ChangeOutcome> PreviewAsync(PortalAccess access, string subscriptionId, string priceId, long quantity, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await PlanAsync(db, access, subscriptionId, priceId, quantity, time.GetUtcNow(), cancellationToken);
    }

    /// <summary>
    /// Applies a previewed change. <paramref name="previewedAt"/> (the preview's instant, if recent)
    /// fixes the amounts to what the customer saw. A charge that fails leaves everything as it was.
    /// </summary>
    public async Task<ChangeOutcome> ApplyAsync(PortalAccess access, string subscriptionId, string priceId, long quantity, DateTimeOffset previewedAt,
        CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var changeAt = previewedAt <= now && now - previewedAt <= PreviewValidFor ? previewedAt : now;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var planned = await PlanAsync(db, access, subscriptionId, priceId, quantity, changeAt, cancellationToken);
        if (planned.Preview is not { } preview)
        {
            return planned;
        }

        string? chargeReference = null;
        string? paymentMethodId = null;
        if (preview.DueToday > 0)
        {
            var card = await DefaultCardAsync(db, access, cancellationToken);
            if (card is null)
            {
                return new ChangeOutcome(ChangeProblem.Declined, "Add a card before changing plan: this change is charged today.");
            }
            var charge = await processor.ChargeAsync(new ChargeRequest(card.ProcessorReference, preview.DueToday, preview.Currency,
                $"{subscriptionId}:change:{priceId}:{quantity}:{changeAt.ToUnixTimeMilliseconds()}", access.Livemode,
                $"Change to {preview.To.ProductName}"), cancellationToken);
            if (charge.ChargeReference is null)
            {
                return new ChangeOutcome(ChangeProblem.Declined, $"{charge.Decline!.Message} Your plan was not changed.");
            }
            (chargeReference, paymentMethodId) = (charge.ChargeReference, card.Id);
        }

        try
        {
            await CommitChangeAsync(db, access, preview, chargeReference, paymentMethodId, now, cancellationToken);
        }
        catch when (chargeReference is not null)
        {
            // The change did not commit: give the money back, so nothing is half-applied.
            await processor.RefundAsync(new RefundRequest(chargeReference, preview.DueToday, preview.Currency, $"{chargeReference}:rollback"), CancellationToken.None);
            throw;
        }
        return new ChangeOutcome(ChangeProblem.None, null, preview);
    }

    /// <summary>Drops a downgrade that was waiting for period end.</summary>
    public async Task<ChangeOutcome> UndoScheduledChangeAsync(PortalAccess access, string subscriptionId, CancellationToken cancellationToken) =>
        await UpdateAsync(access, subscriptionId, "customer.subscription.updated", subscription =>
        {
            if (subscription.ScheduledPriceId is null)
            {
                return "There is no scheduled change to undo.";
            }
            subscription.ScheduledPriceId = null;
            subscription.ScheduledQuantity = null;
            return null;
        }, cancellationToken);

    /// <summary>
    /// Cancels as the merchant configured: at period end (the customer keeps access until then), or
    /// now, crediting the unused time to the customer's balance if configured. The reason travels in the event.
    /// </summary>
    public async Task<ChangeOutcome> CancelAsync(PortalAccess access, string subscriptionId, string? reason, string? feedback, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var (subscription, features) = await LoadAsync(db, access, subscriptionId, cancellationToken);
        var cancel = features.SubscriptionCancel;
        if (subscription is null)
        {
            return new ChangeOutcome(ChangeProblem.NotFound, "That subscription was not found.");
        }
        if (!cancel.Enabled || subscription.Status == SubscriptionStatus.Canceled || subscription.CancelAtPeriodEnd)
        {
            return new ChangeOutcome(ChangeProblem.NotAllowed, "This subscription cannot be cancelled here.");
        }
        if (reason is not null && (!cancel.ReasonEnabled || !cancel.ReasonOptions.Contains(reason)))
        {
            return new ChangeOutcome(ChangeProblem.NotAllowed, "Choose one of the reasons offered.");
        }
        feedback = string.IsNullOrWhiteSpace(feedback) ? null : feedback.Trim();
        if (feedback is { Length: > 1000 })
        {
            return new ChangeOutcome(ChangeProblem.NotAllowed, "Please keep your feedback under 1,000 characters.");
        }

        var now = time.GetUtcNow();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        subscription.CancellationReason = reason;
        subscription.CancellationFeedback = feedback;
        subscription.CanceledAt = now;
        subscription.ScheduledPriceId = null;
        subscription.ScheduledQuantity = null;
        string type;
        if (cancel.Mode == CancelMode.AtPeriodEnd)
        {
            subscription.CancelAtPeriodEnd = true;
            type = "customer.subscription.updated";
        }
        else
        {
            subscription.Status = SubscriptionStatus.Canceled;
            subscription.EndedAt = now;
            type = "customer.subscription.deleted";
            if (cancel.ProrateImmediateCancellation && now < subscription.CurrentPeriodEnd)
            {
                var amount = subscription.Price!.AmountFor(subscription.Quantity);
                var unused = Proration.Preview(new PlanChange(amount, subscription.Price.Interval, 0, subscription.Price.Interval,
                    subscription.CurrentPeriodStart, subscription.CurrentPeriodEnd, now)).Subtotal;
                var customer = await db.Customers.FirstAsync(c => c.Id == subscription.CustomerId, cancellationToken);
                customer.Balance += unused; // negative: credit for the unused time
            }
        }
        EventLog.Add(db, access.MerchantId, access.Livemode, type, SubscriptionObject.From(subscription), "portal", now, access.SessionId);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return ChangeOutcome.Done;
    }

    /// <summary>Undoes a pending cancellation: the subscription renews as before.</summary>
    public Task<ChangeOutcome> RenewAsync(PortalAccess access, string subscriptionId, CancellationToken cancellationToken) =>
        UpdateAsync(access, subscriptionId, "customer.subscription.updated", subscription =>
        {
            if (!subscription.CancelAtPeriodEnd || subscription.Status == SubscriptionStatus.Canceled)
            {
                return "This subscription is not set to cancel.";
            }
            subscription.CancelAtPeriodEnd = false;
            subscription.CanceledAt = null;
            subscription.CancellationReason = null;
            subscription.CancellationFeedback = null;
            return null;
        }, cancellationToken);

    private async Task<ChangeOutcome> UpdateAsync(PortalAccess access, string subscriptionId, string eventType, Func<Subscription, string?> change,
        CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var (subscription, _) = await LoadAsync(db, access, subscriptionId, cancellationToken);
        if (subscription is null)
        {
            return new ChangeOutcome(ChangeProblem.NotFound, "That subscription was not found.");
        }
        if (change(subscription) is { } problem)
        {
            return new ChangeOutcome(ChangeProblem.NotAllowed, problem);
        }
        EventLog.Add(db, access.MerchantId, access.Livemode, eventType, SubscriptionObject.From(subscription), "portal", time.GetUtcNow(), access.SessionId);
        await db.SaveChangesAsync(cancellationToken);
        return ChangeOutcome.Done;
    }

    /// <summary>Everything a change would do at <paramref name="changeAt"/>, or why it cannot happen.</summary>
    private static async Task<ChangeOutcome> PlanAsync(BillingDbContext db, PortalAccess access, string subscriptionId, string priceId, long quantity,
        DateTimeOffset changeAt, CancellationToken cancellationToken)
    {
        var (subscription, features) = await LoadAsync(db, access, subscriptionId, cancellationToken);
        var update = features.SubscriptionUpdate;
        if (subscription is null)
        {
            return new ChangeOutcome(ChangeProblem.NotFound, "That subscription was not found.");
        }
        if (!update.Enabled || subscription.Status is not (SubscriptionStatus.Active or SubscriptionStatus.Trialing))
        {
            return new ChangeOutcome(ChangeProblem.NotAllowed, subscription.Status == SubscriptionStatus.PastDue
                ? "Pay your open invoice before changing plan."
                : "This subscription's plan cannot be changed here.");
        }
        if (subscription.CancelAtPeriodEnd)
        {
            return new ChangeOutcome(ChangeProblem.NotAllowed, "Renew your subscription before changing plan.");
        }
        var current = subscription.Price!;
        var target = (await OfferedPricesAsync(db, access, update, current.Currency, cancellationToken)).FirstOrDefault(p => p.Id == priceId);
        if (target is null)
        {
            return new ChangeOutcome(ChangeProblem.NotOffered, "That plan is not available.");
        }
        quantity = target.BillingScheme == BillingScheme.PerUnit && update.QuantityEnabled ? quantity : 1;
        if (target.BillingScheme == BillingScheme.PerUnit && update.QuantityEnabled && (quantity < update.QuantityMin || quantity > update.QuantityMax))
        {
            return new ChangeOutcome(ChangeProblem.QuantityOutOfRange, $"Choose between {update.QuantityMin} and {update.QuantityMax} seats.");
        }
        if (target.Id == current.Id && quantity == subscription.Quantity)
        {
            return new ChangeOutcome(ChangeProblem.NoChange, "That is your current plan.");
        }

        var change = new PlanChange(current.AmountFor(subscription.Quantity), current.Interval, target.AmountFor(quantity), target.Interval,
            subscription.CurrentPeriodStart, subscription.CurrentPeriodEnd, changeAt);
        var from = Option(current, true);
        var to = Option(target, target.Id == current.Id);
        if (update.ScheduleDowngradesAtPeriodEnd && Proration.IsDowngrade(change))
        {
            return new ChangeOutcome(ChangeProblem.None, null, new ChangePreview(subscription.Id, from, subscription.Quantity, to, quantity, changeAt,
                Scheduled: true, EffectiveAt: subscription.CurrentPeriodEnd, update.ProrationBehavior, [], 0, 0, 0, 0, 0, 0,
                change.NewAmount, subscription.CurrentPeriodEnd, current.Currency));
        }

        var proration = Proration.Preview(change);
        var intervalChanges = current.Interval != target.Interval;
        // Without proration only a new billing cycle is billed; a new interval always starts one, invoiced now (as Stripe does).
        var lines = update.ProrationBehavior == ProrationBehavior.None
            ? proration.Lines.Where(l => l.Kind == ProrationLineKind.NewPeriod).ToList()
            : proration.Lines.ToList();
        var subtotal = lines.Sum(l => l.Amount);
        var invoiceNow = intervalChanges || update.ProrationBehavior == ProrationBehavior.AlwaysInvoice;
        var balance = await db.Customers.Where(c => c.Id == subscription.CustomerId).Select(c => c.Balance).FirstAsync(cancellationToken);
        var creditApplied = invoiceNow && subtotal > 0 ? Math.Min(subtotal, Math.Max(0, -balance)) : 0;
        return new ChangeOutcome(ChangeProblem.None, null, new ChangePreview(
            subscription.Id, from, subscription.Quantity, to, quantity, changeAt, Scheduled: false, EffectiveAt: changeAt, update.ProrationBehavior,
            lines, subtotal, Tax: 0, creditApplied,
            DueToday: invoiceNow ? Math.Max(0, subtotal - creditApplied) : 0,
            AddedToNextInvoice: invoiceNow ? 0 : subtotal,
            CreditToBalance: invoiceNow ? Math.Max(0, -subtotal) : 0,
            change.NewAmount, proration.NextBillingDate, current.Currency));
    }

    /// <summary>Writes the change, its invoice or pending items, the balance and the events, together.</summary>
    private static async Task CommitChangeAsync(BillingDbContext db, PortalAccess access, ChangePreview preview, string? chargeReference, string? paymentMethodId,
        DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var subscription = await db.Subscriptions.Include(s => s.Price).FirstAsync(s => s.Id == preview.SubscriptionId, cancellationToken);
        var customer = await db.Customers.FirstAsync(c => c.Id == subscription.CustomerId, cancellationToken);
        if (preview.Scheduled)
        {
            subscription.ScheduledPriceId = preview.To.PriceId;
            subscription.ScheduledQuantity = preview.ToQuantity;
        }
        else
        {
            subscription.PriceId = preview.To.PriceId;
            subscription.Quantity = preview.ToQuantity;
            subscription.ScheduledPriceId = null;
            subscription.ScheduledQuantity = null;
            if (preview.From.Interval != preview.To.Interval)
            {
                subscription.CurrentPeriodStart = preview.ChangeAt;
                subscription.CurrentPeriodEnd = preview.NextBillingDate;
            }
            var descriptions = preview.Lines.Select(line => (line, preview.Describe(line))).ToList();
            if (preview.AddedToNextInvoice != 0)
            {
                db.PendingInvoiceItems.AddRange(descriptions.Select(d => new PendingInvoiceItem
                {
                    Id = Ids.New("ii"), MerchantId = access.MerchantId, Livemode = access.Livemode, CustomerId = customer.Id,
                    SubscriptionId = subscription.Id, Description = d.Item2, Amount = d.line.Amount, Currency = preview.Currency,
                    Proration = d.line.Kind != ProrationLineKind.NewPeriod, PeriodStart = d.line.PeriodStart, PeriodEnd = d.line.PeriodEnd, Created = now,
                }));
            }
            else if (preview.Lines.Count > 0)
            {
                var invoice = new Invoice
                {
                    Id = Ids.New("in"), MerchantId = access.MerchantId, Livemode = access.Livemode, CustomerId = customer.Id, SubscriptionId = subscription.Id,
                    Number = await InvoiceNumbers.NextAsync(db, access.MerchantId, cancellationToken),
                    Status = InvoiceStatus.Paid, Currency = preview.Currency, Subtotal = preview.Subtotal, Tax = preview.Tax,
                    Total = preview.Subtotal + preview.Tax, AmountDue = preview.DueToday, AmountPaid = preview.DueToday,
                    PeriodStart = preview.ChangeAt, PeriodEnd = preview.NextBillingDate, Created = now, PaidAt = now,
                    PaymentMethodId = paymentMethodId, ChargeReference = chargeReference,
                };
                invoice.Lines.AddRange(descriptions.Select(d => new InvoiceLine
                {
                    Id = Ids.New("il"), InvoiceId = invoice.Id, Description = d.Item2, Amount = d.line.Amount, Quantity = preview.ToQuantity,
                    PriceId = preview.To.PriceId, Proration = d.line.Kind != ProrationLineKind.NewPeriod, PeriodStart = d.line.PeriodStart, PeriodEnd = d.line.PeriodEnd,
                }));
                db.Invoices.Add(invoice);
                customer.Balance += preview.CreditApplied - preview.CreditToBalance;
                EventLog.Add(db, access.MerchantId, access.Livemode, "invoice.created", InvoiceObject.From(invoice), "portal", now, access.SessionId);
                EventLog.Add(db, access.MerchantId, access.Livemode, "invoice.paid", InvoiceObject.From(invoice), "portal", now, access.SessionId);
            }
        }
        EventLog.Add(db, access.MerchantId, access.Livemode, "customer.subscription.updated", SubscriptionObject.From(subscription), "portal", now, access.SessionId);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    private static PlanOption Option(Price price, bool isCurrent) => new(price.Id, price.Product!.Name, price.Product.Description, price.UnitAmount,
        price.Currency, price.Interval, price.BillingScheme == BillingScheme.PerUnit, isCurrent);

    private static async Task<(Subscription? Subscription, PortalFeatures Features)> LoadAsync(BillingDbContext db, PortalAccess access, string subscriptionId,
        CancellationToken cancellationToken)
    {
        var subscription = await db.Subscriptions.Include(s => s.Price!).ThenInclude(p => p.Product)
            .FirstOrDefaultAsync(s => s.Id == subscriptionId && s.CustomerId == access.CustomerId && s.MerchantId == access.MerchantId, cancellationToken);
        var features = await db.PortalConfigurations.Where(c => c.Id == access.ConfigurationId).Select(c => c.Features).FirstAsync(cancellationToken);
        return (subscription, features);
    }

    private static async Task<List<Price>> OfferedPricesAsync(BillingDbContext db, PortalAccess access, SubscriptionUpdateFeature update, string currency,
        CancellationToken cancellationToken) =>
        await db.Prices.Include(p => p.Product)
            .Where(p => update.Prices.Contains(p.Id) && p.MerchantId == access.MerchantId && p.Livemode == access.Livemode && p.Active && p.Currency == currency)
            .ToListAsync(cancellationToken);

    private static Task<PaymentMethod?> DefaultCardAsync(BillingDbContext db, PortalAccess access, CancellationToken cancellationToken) =>
        (from c in db.Customers
         join p in db.PaymentMethods on c.DefaultPaymentMethodId equals p.Id
         where c.Id == access.CustomerId && p.DetachedAt == null
         select p).FirstOrDefaultAsync(cancellationToken);
}
