using Microsoft.EntityFrameworkCore;
using Vinr.Portal.Api.Features.BillingPortal.Configurations;
using Vinr.Portal.Api.Features.BillingPortal.Sessions;
using Vinr.Portal.Api.Features.Customers;
using Vinr.Portal.Api.Features.Events;
using Vinr.Portal.Api.Features.Invoices;
using Vinr.Portal.Api.Features.PaymentMethods;
using Vinr.Portal.Api.Features.Tax;
using Vinr.Portal.Api.Features.TestClocks;
using Vinr.Portal.Api.Infrastructure;
using Vinr.Portal.Api.Infrastructure.Data;

namespace Vinr.Portal.Api.Features.Subscriptions;

/// <summary>
/// What a customer may do to their subscription in the portal: preview and change plan, undo a
/// scheduled change, cancel, renew a pending cancellation. Each operation loads the subscription,
/// the configuration and the prices scoped to the session's customer, lets
/// <see cref="PlanChangePolicy"/> or <see cref="CancellationPolicy"/> decide, and commits the change
/// with its invoice and events in one transaction (after any charge succeeded).
/// </summary>
public sealed class SubscriptionChanges(IDbContextFactory<BillingDbContext> dbFactory, PortalCharges charges, TimeProvider time)
{
    /// <summary>A preview stays confirmable this long: its amounts are then applied as shown.</summary>
    public static readonly TimeSpan PreviewValidFor = TimeSpan.FromMinutes(10);

    private static Problem NotFound => new(ProblemKind.NotFound, Messages.Get("SubscriptionNotFound"));

    public async Task<Outcome<PlanChoices>> GetChoicesAsync(PortalAccess access, string subscriptionId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (await LoadAsync(db, access, subscriptionId, cancellationToken) is not ({ } subscription, { } current, { } features))
        {
            return NotFound;
        }
        var rules = features.SubscriptionUpdate;
        if (PlanChangePolicy.Refusal(rules, current.Status, current.CancelAtPeriodEnd) is { } refused)
        {
            return refused;
        }
        var offered = PlanChangePolicy.Offered(rules, current.Plan, await CandidatesAsync(db, access, rules, cancellationToken));
        var unavailable = offered.Select(p => (p.PriceId, Why: PlanChangePolicy.WhyNotOffered(rules, current, p)))
            .Where(p => p.Why is not null).ToDictionary(p => p.PriceId, p => p.Why!);
        return new PlanChoices(subscription.Id, subscription.PriceId, subscription.Quantity, offered, rules.QuantityEnabled, rules.QuantityMin, rules.QuantityMax,
            unavailable, await TaxRates.TreatmentOfAsync(db, access, cancellationToken));
    }

    public async Task<Outcome<ChangePreview>> PreviewAsync(PortalAccess access, string subscriptionId, string priceId, long quantity, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await DecideAsync(db, access, d => PortalRulesAsync(d, access, cancellationToken), subscriptionId, priceId, quantity,
            await db.NowForAsync(access, time, cancellationToken), cancellationToken);
    }

    /// <summary>Applies a previewed change, before any challenge (see the overload with an authentication).</summary>
    public Task<Outcome<ChangePreview>> ApplyAsync(PortalAccess access, string subscriptionId, string priceId, long quantity, DateTimeOffset previewedAt,
        CancellationToken cancellationToken) =>
        ApplyAsync(access, subscriptionId, priceId, quantity, previewedAt, authenticationId: null, cancellationToken);

    /// <summary>
    /// Applies a previewed change. <paramref name="previewedAt"/> (the preview's instant, if recent)
    /// fixes the amounts to what the customer saw. A charge that fails leaves everything as it was. A card that
    /// asks the customer to authenticate gives <see cref="ProblemKind.AuthenticationRequired"/>; the same call with the
    /// same <paramref name="previewedAt"/> and the completed <paramref name="authenticationId"/> then charges exactly the
    /// previewed amount (the preview fixes the amount and the idempotency key; the challenge pays only that).
    /// </summary>
    public async Task<Outcome<ChangePreview>> ApplyAsync(PortalAccess access, string subscriptionId, string priceId, long quantity, DateTimeOffset previewedAt,
        string? authenticationId, CancellationToken cancellationToken)
    {
        var now = await NowForAsync(access, cancellationToken);
        var changeAt = previewedAt <= now && now - previewedAt <= PreviewValidFor ? previewedAt : now;
        return await ApplyAsync(new Changer(access, Actor.Portal(access), db => PortalRulesAsync(db, access, cancellationToken),
                Messages.Get("NoCardForChange"), Messages.Get("PlanNotChanged"), Messages.Get("PlanChangedMeanwhile"), OffSession: false, authenticationId),
            subscriptionId, priceId, quantity, changeAt, now, cancellationToken);
    }

    /// <summary>
    /// The merchant's API changes a subscription's price or quantity now, by the same path and money rules
    /// as the portal (<see cref="PlanChangePolicy"/>, <see cref="Proration"/>, the same invoice and charge),
    /// but not by the portal configuration's rules: any active price of the merchant in the subscription's
    /// currency, any quantity up to <see cref="MerchantQuantityMax"/>, at once (never scheduled), prorated as
    /// <paramref name="behavior"/> says.
    /// </summary>
    public async Task<Outcome<ChangePreview>> ApplyForMerchantAsync(IMerchantScope caller, string subscriptionId, string priceId, long quantity,
        ProrationBehavior behavior, CancellationToken cancellationToken)
    {
        string? customerId;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            customerId = await db.Subscriptions.OwnedBy(caller).Where(s => s.Id == subscriptionId).Select(s => s.CustomerId).FirstOrDefaultAsync(cancellationToken);
        }
        if (customerId is null)
        {
            return NotFound;
        }
        var customer = new CustomerScope(caller.MerchantId, caller.Livemode, customerId);
        var now = await NowForAsync(customer, cancellationToken);
        var rules = MerchantRules(priceId, behavior);
        return await ApplyAsync(new Changer(customer, Actor.Api(caller), _ => Task.FromResult(rules),
                "The customer has no default card, and this change is charged today: add one first, or use proration_behavior=create_prorations to bill it at the next renewal.",
                "The subscription was not changed.", "The subscription changed while this change was being made, so nothing was changed or charged. Retry the request.",
                OffSession: true, AuthenticationId: null),
            subscriptionId, priceId, quantity, now, now, cancellationToken);
    }

    /// <summary>The customer's now: their test clock's time, if they are on one.</summary>
    private async Task<DateTimeOffset> NowForAsync(ICustomerScope customer, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.NowForAsync(customer, time, cancellationToken);
    }

    /// <summary>The most seats a merchant's API call may set (the portal's own limit is the configuration's).</summary>
    public const int MerchantQuantityMax = 10_000;

    /// <summary>The plan-change rules of a merchant's API call: the portal's switches and transition table do not apply, the money rules do.</summary>
    public static SubscriptionUpdateFeature MerchantRules(string priceId, ProrationBehavior behavior) => new()
    {
        Enabled = true, PriceEnabled = true, Prices = [priceId], ProrationBehavior = behavior, Transitions = PlanTransitions.Any,
        ScheduleDecreasingAmount = false, ScheduleShorterInterval = false, QuantityEnabled = true, QuantityMin = 1, QuantityMax = MerchantQuantityMax,
    };

    /// <summary>
    /// Who changes a subscription, under which rules, and what to tell them when it does not happen. The merchant's API
    /// charges <paramref name="OffSession"/>: no customer is there to authenticate.
    /// </summary>
    private sealed record Changer(ICustomerScope Customer, Actor Actor, Func<BillingDbContext, Task<SubscriptionUpdateFeature>> Rules,
        string NoCard, string Declined, string Raced, bool OffSession, string? AuthenticationId);

    private async Task<Outcome<ChangePreview>> ApplyAsync(Changer changer, string subscriptionId, string priceId, long quantity, DateTimeOffset changeAt,
        DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var decided = await DecideAsync(db, changer.Customer, changer.Rules, subscriptionId, priceId, quantity, changeAt, cancellationToken);
        if (decided.Value is not { } preview)
        {
            return decided;
        }

        PortalCharge? charge = null;
        if (preview.DueToday > 0)
        {
            var charged = await charges.ChargeDefaultCardAsync(changer.Actor, changer.Customer, preview.DueToday, preview.Currency,
                $"{subscriptionId}:change:{priceId}:{quantity}:{changeAt.ToUnixTimeMilliseconds()}", $"Change to {preview.To.ProductName}",
                changer.NoCard, changer.Declined, changer.OffSession, changer.AuthenticationId, cancellationToken);
            if (charged.Value is not { } taken)
            {
                return charged.Cast<ChangePreview>();
            }
            charge = taken;
        }

        return await charges.CommitOrRefundAsync(changer.Customer, charge, () => CommitAsync(changer.Customer, changer.Actor, preview, charge, now, cancellationToken))
            ?? (Outcome<ChangePreview>)new Problem(ProblemKind.NotAllowed, changer.Raced);
    }

    /// <summary>Drops a downgrade that was waiting for period end.</summary>
    public Task<Outcome<Subscription>> UndoScheduledChangeAsync(PortalAccess access, string subscriptionId, CancellationToken cancellationToken) =>
        UpdateAsync(access, subscriptionId, subscription => PlanChangePolicy.UndoRefusal(subscription.ScheduledPriceId), subscription =>
        {
            subscription.ScheduledPriceId = null;
            subscription.ScheduledQuantity = null;
        }, cancellationToken);

    /// <summary>Undoes a pending cancellation: the subscription renews as before.</summary>
    public Task<Outcome<Subscription>> RenewAsync(PortalAccess access, string subscriptionId, CancellationToken cancellationToken) =>
        UpdateAsync(access, subscriptionId, subscription => CancellationPolicy.RenewRefusal(subscription.Status, subscription.CancelAtPeriodEnd), subscription =>
        {
            subscription.CancelAtPeriodEnd = false;
            subscription.CanceledAt = null;
            subscription.CancellationReason = null;
            subscription.CancellationFeedback = null;
        }, cancellationToken);

    /// <summary>Cancels as the merchant configured (see <see cref="CancellationPolicy"/>); the reason travels in the event.</summary>
    public async Task<Outcome<Subscription>> CancelAsync(PortalAccess access, string subscriptionId, string? reason, string? feedback, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (await LoadAsync(db, access, subscriptionId, cancellationToken) is not ({ } subscription, { } current, { } features))
        {
            return NotFound;
        }
        var now = await db.NowForAsync(access, time, cancellationToken);
        var decided = CancellationPolicy.Decide(CancelRules(access, features), current, reason, feedback, now);
        if (decided.Value is not { } cancel)
        {
            return decided.Cast<Subscription>();
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        subscription.CancellationReason = cancel.Reason;
        subscription.CancellationFeedback = cancel.Feedback;
        subscription.CanceledAt = now;
        if (subscription.RetentionOfferShownAt is not null && subscription.RetentionOfferOutcome is null)
        {
            // Shown the retention offer, the customer cancelled anyway.
            subscription.RetentionOfferOutcome = RetentionOfferOutcome.Declined;
        }
        subscription.ScheduledPriceId = null;
        subscription.ScheduledQuantity = null;
        if (cancel.AtPeriodEnd)
        {
            subscription.CancelAtPeriodEnd = true;
        }
        else
        {
            subscription.Status = SubscriptionStatus.Canceled;
            subscription.EndedAt = now;
            if (cancel.Credit != 0)
            {
                var customer = await db.Customers.OwnedBy(access).FirstAsync(cancellationToken);
                customer.Balance += cancel.Credit;
            }
        }
        EventLog.Add(db, Actor.Portal(access), cancel.AtPeriodEnd ? EventTypes.SubscriptionUpdated : EventTypes.SubscriptionDeleted, SubscriptionObject.From(subscription), now);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return subscription;
    }

    private async Task<Outcome<Subscription>> UpdateAsync(PortalAccess access, string subscriptionId, Func<Subscription, Problem?> refusal, Action<Subscription> change,
        CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (await LoadAsync(db, access, subscriptionId, cancellationToken) is not ({ } subscription, _, _))
        {
            return NotFound;
        }
        if (refusal(subscription) is { } refused)
        {
            return refused;
        }
        change(subscription);
        EventLog.Add(db, Actor.Portal(access), EventTypes.SubscriptionUpdated, SubscriptionObject.From(subscription), time.GetUtcNow());
        await db.SaveChangesAsync(cancellationToken);
        return subscription;
    }

    /// <summary>Loads what a plan change needs and lets <see cref="PlanChangePolicy"/> decide at <paramref name="changeAt"/> under <paramref name="rules"/>.</summary>
    private static async Task<Outcome<ChangePreview>> DecideAsync(BillingDbContext db, ICustomerScope customer, Func<BillingDbContext, Task<SubscriptionUpdateFeature>> rules,
        string subscriptionId, string priceId, long quantity, DateTimeOffset changeAt, CancellationToken cancellationToken)
    {
        var subscription = await db.Subscriptions.OwnedBy(customer).AsNoTracking().Include(s => s.Price!).ThenInclude(p => p.Product)
            .FirstOrDefaultAsync(s => s.Id == subscriptionId, cancellationToken);
        if (subscription is null)
        {
            return NotFound;
        }
        var target = await db.Prices.OwnedBy(customer).AsNoTracking().Include(p => p.Product)
            .FirstOrDefaultAsync(p => p.Id == priceId && p.Active, cancellationToken);
        var balance = await db.Customers.OwnedBy(customer).Select(c => c.Balance).FirstAsync(cancellationToken);
        var tax = await TaxRates.TreatmentOfAsync(db, customer, cancellationToken);
        return PlanChangePolicy.Decide(await rules(db), CurrentPlan.Of(subscription), target is null ? null : PlanOption.Of(target), quantity, balance, changeAt, tax,
            subscription.Discount);
    }

    private static async Task<SubscriptionUpdateFeature> PortalRulesAsync(BillingDbContext db, PortalAccess access, CancellationToken cancellationToken) =>
        (await db.FeaturesOf(access).FirstAsync(cancellationToken)).SubscriptionUpdate;

    /// <summary>
    /// Writes the change, its invoice or pending items, the balance and the events, together; false
    /// (nothing written) when the subscription is no longer what the preview changed, because another
    /// change (a second tab, a double click) committed first.
    /// </summary>
    private async Task<ChangePreview?> CommitAsync(ICustomerScope access, Actor actor, ChangePreview preview, PortalCharge? charge, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        // A context of its own: the one that decided tracks the subscription as it was then.
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        // The first statement writes the customer's row: concurrent changes of this customer then
        // commit one at a time (a row lock on PostgreSQL, the write lock on SQLite), each seeing the
        // last, and the balance moves by an increment that no other writer can overwrite.
        var balanceChange = preview.Scheduled ? 0 : preview.Invoice?.BalanceChange ?? 0;
        await db.Customers.OwnedBy(access).ExecuteUpdateAsync(c => c.SetProperty(x => x.Balance, x => x.Balance + balanceChange), cancellationToken);
        var subscription = await db.Subscriptions.OwnedBy(access).FirstAsync(s => s.Id == preview.SubscriptionId, cancellationToken);
        if (subscription.PriceId != preview.From.PriceId || subscription.Quantity != preview.FromQuantity || subscription.CancelAtPeriodEnd)
        {
            return null; // disposing the transaction rolls the balance back
        }
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
            if (preview.RestartsCycle)
            {
                subscription.CurrentPeriodStart = preview.ChangeAt;
                subscription.CurrentPeriodEnd = preview.NextBillingDate;
                subscription.BillingCycleAnchor = preview.ChangeAt;
            }
            if (preview.Invoice is { } draft)
            {
                var invoice = draft.ToInvoice(subscription, subscription.Id, await InvoiceNumbers.NextAsync(db, access.MerchantId, cancellationToken), now);
                if (charge is not null)
                {
                    invoice.RecordPayment(charge.PaymentMethodId, charge.Reference, now);
                }
                db.Invoices.Add(invoice);
                // A once discount this invoice applied is used up (the next period's renewal gets none).
                Discounts.Discounts.AfterInvoice(db, subscription, draft, nextPeriodStart: null, actor, now);
                EventLog.Add(db, actor, EventTypes.InvoiceCreated, InvoiceObject.From(invoice), now);
                EventLog.Add(db, actor, EventTypes.InvoicePaid, InvoiceObject.From(invoice), now);
            }
            else if (preview.AddedToNextInvoice != 0)
            {
                db.PendingInvoiceItems.AddRange(preview.InvoiceLines().Select(line => PendingInvoiceItem.For(subscription, line, preview.Currency, now)));
            }
        }
        EventLog.Add(db, actor, EventTypes.SubscriptionUpdated, SubscriptionObject.From(subscription), now);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return preview;
    }

    /// <summary>The session's customer's subscription (tracked, for a change) as the policies see it, and the configuration's features.</summary>
    private static async Task<(Subscription Subscription, CurrentPlan Current, PortalFeatures Features)?> LoadAsync(BillingDbContext db, PortalAccess access,
        string subscriptionId, CancellationToken cancellationToken)
    {
        var subscription = await db.Subscriptions.OwnedBy(access).Include(s => s.Price!).ThenInclude(p => p.Product)
            .FirstOrDefaultAsync(s => s.Id == subscriptionId, cancellationToken);
        if (subscription is null)
        {
            return null;
        }
        var features = await db.FeaturesOf(access).FirstAsync(cancellationToken);
        return (subscription, CurrentPlan.Of(subscription), features);
    }

    /// <summary>The merchant's active prices the configuration names, with their products: what a customer may switch to.</summary>
    private static async Task<IEnumerable<PlanOption>> CandidatesAsync(BillingDbContext db, PortalAccess access, SubscriptionUpdateFeature rules,
        CancellationToken cancellationToken) =>
        (await db.Prices.OwnedBy(access).AsNoTracking().Include(p => p.Product)
            .Where(p => rules.Prices.Contains(p.Id) && p.Active)
            .ToListAsync(cancellationToken))
        .Select(p => PlanOption.Of(p));

    /// <summary>The cancel rules this session applies: a deep link's survey asks even where the configuration does not.</summary>
    public static SubscriptionCancelFeature CancelRules(PortalAccess access, PortalFeatures features) =>
        access.ActiveFlow is { Survey: true } ? features.SubscriptionCancel.WithSurvey() : features.SubscriptionCancel;

}
