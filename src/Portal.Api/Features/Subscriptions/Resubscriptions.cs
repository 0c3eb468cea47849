using Microsoft.EntityFrameworkCore;
using Vinr.Portal.Api.Features.BillingPortal.Configurations;
using Vinr.Portal.Api.Features.BillingPortal.Sessions;
using Vinr.Portal.Api.Features.Events;
using Vinr.Portal.Api.Features.Invoices;
using Vinr.Portal.Api.Features.PaymentMethods;
using Vinr.Portal.Api.Features.Tax;
using Vinr.Portal.Api.Features.TestClocks;
using Vinr.Portal.Api.Infrastructure;
using Vinr.Portal.Api.Infrastructure.Data;

namespace Vinr.Portal.Api.Features.Subscriptions;

/// <summary>A subscription started again: the new subscription, its first (paid) invoice, and what was previewed.</summary>
public sealed record Resubscribed(string SubscriptionId, string InvoiceId, ResubscribePreview Preview);

/// <summary>
/// A customer whose subscription ended starts a new one in the portal (<see cref="PortalFeatures.Resubscribe"/>).
/// Each call reads the session's configuration again, loads the customer's subscriptions, balance and
/// prices scoped to the session, lets <see cref="ResubscribePolicy"/> decide, and commits the new
/// subscription with its paid invoice and events in one transaction, after the first period was charged.
/// </summary>
public sealed class Resubscriptions(IDbContextFactory<BillingDbContext> dbFactory, PortalCharges charges, TimeProvider time)
{
    public async Task<Outcome<ResubscribeChoices>> GetChoicesAsync(PortalAccess access, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var (features, history) = await LoadAsync(db, access, cancellationToken);
        if (ResubscribePolicy.Refusal(features, history) is { } refused)
        {
            return refused;
        }
        var candidates = (await db.Prices.OwnedBy(access).AsNoTracking().Include(p => p.Product)
                .Where(p => features.SubscriptionUpdate.Prices.Contains(p.Id) && p.Active)
                .ToListAsync(cancellationToken))
            .Select(p => PlanOption.Of(p));
        return ResubscribePolicy.Choices(features, history, candidates, await TaxRates.TreatmentOfAsync(db, access, cancellationToken));
    }

    public async Task<Outcome<ResubscribePreview>> PreviewAsync(PortalAccess access, string priceId, long quantity, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await DecideAsync(db, access, priceId, quantity, await db.NowForAsync(access, time, cancellationToken), cancellationToken);
    }

    /// <summary>
    /// Starts a previewed subscription. <paramref name="previewedAt"/> (the preview's instant, if
    /// recent) fixes the amounts and dates to what the customer saw. A charge that fails leaves
    /// everything as it was; a commit that fails gives the money back.
    /// </summary>
    public Task<Outcome<Resubscribed>> ConfirmAsync(PortalAccess access, string priceId, long quantity, DateTimeOffset previewedAt,
        CancellationToken cancellationToken) =>
        ConfirmAsync(access, priceId, quantity, previewedAt, authenticationId: null, cancellationToken);

    /// <param name="authenticationId">The 3-D Secure challenge the customer completed for this preview's charge: the same preview
    /// (same amount, same charge key) again, carrying it. Without it, a card that asks answers with a challenge to take.</param>
    public async Task<Outcome<Resubscribed>> ConfirmAsync(PortalAccess access, string priceId, long quantity, DateTimeOffset previewedAt,
        string? authenticationId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var now = await db.NowForAsync(access, time, cancellationToken);
        var startAt = previewedAt <= now && now - previewedAt <= SubscriptionChanges.PreviewValidFor ? previewedAt : now;
        var decided = await DecideAsync(db, access, priceId, quantity, startAt, cancellationToken);
        if (decided.Value is not { } preview)
        {
            return decided.Cast<Resubscribed>();
        }

        PortalCharge? charge = null;
        if (preview.DueToday > 0)
        {
            // One key per customer and preview: two confirms of one preview (a double click, two tabs) are one charge.
            var charged = await charges.ChargeDefaultCardAsync(Actor.Portal(access), access, preview.DueToday, preview.Currency,
                $"{access.CustomerId}:resubscribe:{preview.Plan.PriceId}:{preview.Quantity}:{preview.StartAt.ToUnixTimeMilliseconds()}",
                $"Subscription to {preview.Plan.ProductName}",
                Messages.Get("NoCardForResubscribe"), Messages.Get("SubscriptionNotStarted"), offSession: false, authenticationId, cancellationToken);
            if (charged.Value is not { } taken)
            {
                return charged.Cast<Resubscribed>();
            }
            charge = taken;
        }

        // Another confirm may start a subscription first: then nothing is written, and ours goes back (unless it is the same charge).
        return await charges.CommitOrRefundAsync(access, charge, () => CommitAsync(db, access, preview, charge, now, cancellationToken))
            ?? (Outcome<Resubscribed>)ResubscribePolicy.AlreadySubscribed;
    }

    /// <summary>Loads what resubscribing needs and lets <see cref="ResubscribePolicy"/> decide at <paramref name="startAt"/>.</summary>
    private static async Task<Outcome<ResubscribePreview>> DecideAsync(BillingDbContext db, PortalAccess access, string priceId, long quantity,
        DateTimeOffset startAt, CancellationToken cancellationToken)
    {
        var (features, history) = await LoadAsync(db, access, cancellationToken);
        var target = await db.Prices.OwnedBy(access).AsNoTracking().Include(p => p.Product)
            .FirstOrDefaultAsync(p => p.Id == priceId && p.Active, cancellationToken);
        var balance = await db.Customers.OwnedBy(access).Select(c => c.Balance).FirstAsync(cancellationToken);
        var tax = await TaxRates.TreatmentOfAsync(db, access, cancellationToken);
        return ResubscribePolicy.Decide(features, history, target is null ? null : PlanOption.Of(target), quantity, balance, startAt, tax);
    }

    /// <summary>
    /// Writes the subscription, its paid invoice, the balance and the events, together; null (and
    /// nothing written) when a subscription that is still billed exists by the time it runs.
    /// </summary>
    private static async Task<Resubscribed?> CommitAsync(BillingDbContext db, PortalAccess access, ResubscribePreview preview, PortalCharge? charge,
        DateTimeOffset now, CancellationToken cancellationToken)
    {
        var draft = preview.Invoice;
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        // The first statement writes the customer's row, so concurrent confirms for this customer queue
        // here (a row lock on PostgreSQL, the write lock on SQLite) and each sees what the one before
        // committed: the check below then finds its subscription, and only one is ever started.
        await db.Customers.OwnedBy(access)
            .ExecuteUpdateAsync(c => c.SetProperty(x => x.Balance, x => x.Balance + draft.BalanceChange), cancellationToken);
        if (await db.Subscriptions.OwnedBy(access).AnyAsync(s => SubscriptionRules.BilledStatuses.Contains(s.Status), cancellationToken))
        {
            return null; // rolled back with the transaction
        }

        var subscription = new Subscription
        {
            Id = Ids.New("sub"), MerchantId = access.MerchantId, Livemode = access.Livemode, CustomerId = access.CustomerId,
            PriceId = preview.Plan.PriceId, Quantity = preview.Quantity, Status = SubscriptionStatus.Active,
            CurrentPeriodStart = preview.StartAt, CurrentPeriodEnd = preview.PeriodEnd, BillingCycleAnchor = preview.Anchor, Created = now,
        };
        db.Subscriptions.Add(subscription);
        var invoice = draft.ToInvoice(subscription, subscription.Id, await InvoiceNumbers.NextAsync(db, access.MerchantId, cancellationToken), now);
        if (charge is not null)
        {
            invoice.RecordPayment(charge.PaymentMethodId, charge.Reference, now);
        }
        db.Invoices.Add(invoice);
        var actor = Actor.Portal(access);
        EventLog.Add(db, actor, EventTypes.SubscriptionCreated, SubscriptionObject.From(subscription), now);
        EventLog.Add(db, actor, EventTypes.InvoiceCreated, InvoiceObject.From(invoice), now);
        EventLog.Add(db, actor, EventTypes.InvoicePaid, InvoiceObject.From(invoice), now);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new Resubscribed(subscription.Id, invoice.Id, preview);
    }

    /// <summary>The configuration's features, read now, and the customer's subscriptions, newest first.</summary>
    private static async Task<(PortalFeatures Features, SubscriptionHistory History)> LoadAsync(BillingDbContext db, PortalAccess access,
        CancellationToken cancellationToken)
    {
        var features = await db.FeaturesOf(access).FirstAsync(cancellationToken);
        var subscriptions = await db.Subscriptions.OwnedBy(access).AsNoTracking().OrderByDescending(s => s.Created).ThenByDescending(s => s.Id)
            .Select(s => new { s.Status, s.Price!.Currency }).ToListAsync(cancellationToken);
        return (features, new SubscriptionHistory([.. subscriptions.Select(s => s.Status)], subscriptions.FirstOrDefault()?.Currency));
    }
}
