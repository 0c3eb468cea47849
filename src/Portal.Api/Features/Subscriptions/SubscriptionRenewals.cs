using Microsoft.EntityFrameworkCore;
using Vinr.Portal.Api.Features.Events;
using Vinr.Portal.Api.Features.Invoices;
using Vinr.Portal.Api.Features.Tax;
using Vinr.Portal.Api.Features.TestClocks;
using Vinr.Portal.Api.Infrastructure;
using Vinr.Portal.Api.Infrastructure.Data;

namespace Vinr.Portal.Api.Features.Subscriptions;

/// <summary>
/// The billing clock's work at period end. For each subscription due, <see cref="PeriodTurn"/>
/// decides (it ends, or it renews on its next plan), the turn commits with its invoice
/// (<see cref="RenewalInvoice"/>: the plan, waiting proration items, less credit) and events, and the
/// invoice is charged to the default card (<see cref="InvoicePayments.ChargeAutomaticallyAsync"/>); a failed
/// charge leaves it open, the subscription past due, and dunning retries it (<see cref="DunningRetries"/>).
/// Customers on a test clock turn only when their clock is advanced (<see cref="RenewDueAsync(TestClock, DateTimeOffset, CancellationToken)"/>),
/// at its time; everyone else turns at real time.
/// </summary>
public sealed class SubscriptionRenewals(IDbContextFactory<BillingDbContext> dbFactory, InvoicePayments payments)
{
    private const int BatchSize = 100;

    /// <summary>Turns every subscription (of customers on no test clock) whose period ended by <paramref name="now"/>; returns how many it renewed or ended.</summary>
    public Task<int> RenewDueAsync(DateTimeOffset now, CancellationToken cancellationToken) =>
        RenewAsync(db => db.Subscriptions.AcrossMerchants("the billing clock serves every merchant").Where(s => s.Customer!.TestClockId == null), now, cancellationToken);

    /// <summary>Turns what is due by <paramref name="now"/> (the clock's time) for the customers on <paramref name="clock"/>.</summary>
    public Task<int> RenewDueAsync(TestClock clock, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var clockId = clock.Id;
        return RenewAsync(db => db.Subscriptions.OwnedBy(clock).Where(s => s.Customer!.TestClockId == clockId), now, cancellationToken);
    }

    /// <summary>When the next period of a customer on <paramref name="clock"/> ends, if by <paramref name="until"/>.</summary>
    public static Task<DateTimeOffset?> NextDueAsync(BillingDbContext db, TestClock clock, DateTimeOffset until, CancellationToken cancellationToken)
    {
        var clockId = clock.Id;
        return Due(db.Subscriptions.OwnedBy(clock).Where(s => s.Customer!.TestClockId == clockId), until)
            .OrderBy(s => s.CurrentPeriodEnd).Select(s => (DateTimeOffset?)s.CurrentPeriodEnd).FirstOrDefaultAsync(cancellationToken);
    }

    // Billed subscriptions renew; an unpaid one only ends, if it is set to.
    private static IQueryable<Subscription> Due(IQueryable<Subscription> subscriptions, DateTimeOffset now) =>
        subscriptions.Where(s => s.CurrentPeriodEnd <= now
            && (SubscriptionRules.BilledStatuses.Contains(s.Status) || (s.Status == SubscriptionStatus.Unpaid && s.CancelAtPeriodEnd)));

    private async Task<int> RenewAsync(Func<BillingDbContext, IQueryable<Subscription>> candidates, DateTimeOffset now, CancellationToken cancellationToken)
    {
        List<string> due;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            due = await Due(candidates(db), now).OrderBy(s => s.CurrentPeriodEnd).Select(s => s.Id).Take(BatchSize).ToListAsync(cancellationToken);
        }
        var turned = 0;
        foreach (var id in due)
        {
            if (await TurnAsync(id, now, cancellationToken) is not { } turn)
            {
                continue;
            }
            turned++;
            if (turn.Invoice is { Status: InvoiceStatus.Open } invoice)
            {
                // A failure marks it past due and schedules the first retry, in the failure's own transaction.
                await payments.ChargeAutomaticallyAsync(Actor.System(turn.Subscription), invoice.Id, now, cancellationToken);
            }
        }
        return turned;
    }

    /// <summary>
    /// What a period turn of <paramref name="subscription"/> (loaded with its price and product) decides on. The
    /// turn and the upcoming invoice (<see cref="UpcomingInvoices"/>) both read it here.
    /// </summary>
    public static async Task<BillingState> StateAsync(BillingDbContext db, Subscription subscription, CancellationToken cancellationToken)
    {
        var scheduled = subscription.ScheduledPriceId is { } next
            ? await db.Prices.OwnedBy(subscription).Include(p => p.Product).FirstAsync(p => p.Id == next, cancellationToken)
            : null;
        return BillingState.Of(subscription, scheduled);
    }

    /// <summary>
    /// The items waiting for <paramref name="subscription"/>'s next invoice: the renewal takes every one. In the
    /// order they were added, so a preview lists them as the invoice will.
    /// </summary>
    public static IQueryable<PendingInvoiceItem> Waiting(BillingDbContext db, Subscription subscription)
    {
        var subscriptionId = subscription.Id;
        return db.PendingInvoiceItems.OwnedBy(subscription).Where(i => i.SubscriptionId == subscriptionId && i.InvoiceId == null)
            .OrderBy(i => i.Created).ThenBy(i => i.Id);
    }

    /// <summary>One period turn, in one transaction; null when another replica turned it first.</summary>
    private async Task<Turned?> TurnAsync(string subscriptionId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var subscription = await db.Subscriptions.AcrossMerchants("a due subscription found above").Include(s => s.Price!).ThenInclude(p => p.Product)
            .FirstAsync(s => s.Id == subscriptionId, cancellationToken);
        var state = await StateAsync(db, subscription, cancellationToken);
        var periodEnd = subscription.CurrentPeriodEnd;
        // Each turn is a conditional update on the old period end: of any number of replicas, one sees a row change.
        var thisPeriod = db.Subscriptions.OwnedBy(subscription).Where(s => s.Id == subscriptionId && s.CurrentPeriodEnd == periodEnd);
        switch (PeriodTurn.Decide(state, now))
        {
            case PeriodTurn.Ends ends:
                if (await thisPeriod.Where(s => s.Status != SubscriptionStatus.Canceled)
                    .ExecuteUpdateAsync(s => s.SetProperty(x => x.Status, SubscriptionStatus.Canceled).SetProperty(x => x.EndedAt, ends.At), cancellationToken) == 0)
                {
                    return null;
                }
                subscription.Status = SubscriptionStatus.Canceled;
                subscription.EndedAt = ends.At;
                EventLog.Add(db, Actor.System(subscription), EventTypes.SubscriptionDeleted, SubscriptionObject.From(subscription), now);
                break;

            case PeriodTurn.Renews renews:
                if (await thisPeriod.ExecuteUpdateAsync(s => s
                        .SetProperty(x => x.PriceId, renews.Plan.PriceId).SetProperty(x => x.Quantity, renews.Quantity)
                        .SetProperty(x => x.ScheduledPriceId, (string?)null).SetProperty(x => x.ScheduledQuantity, (long?)null)
                        .SetProperty(x => x.CurrentPeriodStart, renews.Start).SetProperty(x => x.CurrentPeriodEnd, renews.End)
                        .SetProperty(x => x.BillingCycleAnchor, renews.Anchor)
                        // A trial's first renewal is the first paid period.
                        .SetProperty(x => x.Status, x => x.Status == SubscriptionStatus.Trialing ? SubscriptionStatus.Active : x.Status), cancellationToken) == 0)
                {
                    return null;
                }
                var customer = await db.Customers.OwnedBy(subscription).FirstAsync(cancellationToken);
                var pending = await Waiting(db, subscription).ToListAsync(cancellationToken);
                var tax = await TaxRates.TreatmentOfAsync(db, subscription, cancellationToken);
                var draft = RenewalInvoice.Draft(renews, pending.Select(i => i.ToLine()), customer.Balance, tax, subscription.Discount);
                var invoice = draft.ToInvoice(subscription, subscription.Id, await InvoiceNumbers.NextAsync(db, subscription.MerchantId, cancellationToken), now);
                db.Invoices.Add(invoice);
                pending.ForEach(i => i.InvoiceId = invoice.Id);
                customer.Balance += draft.BalanceChange;
                subscription.PriceId = renews.Plan.PriceId;
                subscription.Quantity = renews.Quantity;
                subscription.CurrentPeriodStart = renews.Start;
                subscription.CurrentPeriodEnd = renews.End;
                subscription.BillingCycleAnchor = renews.Anchor;
                subscription.Status = subscription.Status == SubscriptionStatus.Trialing ? SubscriptionStatus.Active : subscription.Status;
                subscription.ScheduledPriceId = null;
                subscription.ScheduledQuantity = null;
                db.Entry(subscription).State = EntityState.Unchanged; // written above by the conditional update
                if (subscription.Discount is { } discount && Discounts.DiscountPolicy.EndsAfter(discount, draft, renews.End))
                {
                    // A once discount is used up by this invoice; a repeating one that ends before the next period will not apply again.
                    // Written by its own statement, as the turn above: a tracked change of this row here wrote the old period back.
                    await db.Subscriptions.OwnedBy(subscription).Where(s => s.Id == subscriptionId)
                        .ExecuteUpdateAsync(s => s.SetProperty(x => x.Discount, (Discounts.DiscountTerms?)null), cancellationToken);
                    Discounts.Discounts.Remove(db, subscription, Actor.System(subscription), now);
                    db.Entry(subscription).State = EntityState.Unchanged;
                }
                EventLog.Add(db, Actor.System(subscription), EventTypes.InvoiceCreated, InvoiceObject.From(invoice), now);
                EventLog.Add(db, Actor.System(subscription), EventTypes.SubscriptionUpdated, SubscriptionObject.From(subscription), now);
                await db.SaveChangesAsync(cancellationToken);
                await transaction.CommitAsync(cancellationToken);
                return new Turned(subscription, invoice);

            default:
                return null;
        }
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new Turned(subscription, null);
    }

    private sealed record Turned(Subscription Subscription, Invoice? Invoice);
}
