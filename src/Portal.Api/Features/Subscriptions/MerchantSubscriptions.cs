using Microsoft.EntityFrameworkCore;
using Vinr.Portal.Api.Features.BillingPortal.Configurations;
using Vinr.Portal.Api.Features.Customers;
using Vinr.Portal.Api.Features.Events;
using Vinr.Portal.Api.Features.Invoices;
using Vinr.Portal.Api.Features.PaymentMethods;
using Vinr.Portal.Api.Features.Tax;
using Vinr.Portal.Api.Features.TestClocks;
using Vinr.Portal.Api.Infrastructure;
using Vinr.Portal.Api.Infrastructure.Data;
using Vinr.Portal.Api.Infrastructure.Http;

namespace Vinr.Portal.Api.Features.Subscriptions;

/// <summary>
/// The merchant's subscriptions through the API: create, retrieve, update, cancel, list. A new
/// subscription's first period is the portal's (<see cref="ResubscribePolicy.FirstPeriod"/>), a price or
/// quantity change goes through <see cref="SubscriptionChanges.ApplyForMerchantAsync"/> (the portal's
/// path and money rules), an immediate cancellation credits as <see cref="CancellationPolicy"/> does.
/// Every write commits with its events in one transaction.
/// </summary>
public sealed class MerchantSubscriptions(IDbContextFactory<BillingDbContext> dbFactory, InvoicePayments payments, SubscriptionChanges changes,
    Discounts.Discounts discounts, TimeProvider time)
{
    public const string ListUrl = "/v1/subscriptions";

    /// <summary>The statuses a list shows when it names none: every one but canceled, as Stripe.</summary>
    private static readonly SubscriptionStatus[] ListedByDefault = [.. Enum.GetValues<SubscriptionStatus>().Where(s => s != SubscriptionStatus.Canceled)];

    /// <summary>
    /// Starts a subscription. With a trial: trialing until the trial ends, nothing invoiced until then (the
    /// billing clock's first turn invoices and charges). Without: the first period is invoiced now and
    /// charged to the default card; a decline leaves it <c>incomplete</c> with its invoice open (Stripe's
    /// <c>payment_behavior=allow_incomplete</c>), and paying that invoice makes it active.
    /// </summary>
    public async Task<SubscriptionObject> CreateAsync(ApiCaller caller, ApiParams parameters, CancellationToken cancellationToken)
    {
        string subscriptionId;
        string? openInvoiceId;
        CreateSubscriptionRequest request;
        DateTimeOffset now;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            // A trial and the first period are counted from the customer's now: their test clock's time, if they are on one.
            var customerId = parameters.RequiredString("customer", 64);
            now = await db.NowForAsync(new CustomerScope(caller.MerchantId, caller.Livemode, customerId), time, cancellationToken);
            request = CreateSubscriptionRequest.Read(parameters, now);
            var customer = await db.Customers.OwnedBy(caller).AsNoTracking().FirstOrDefaultAsync(c => c.Id == request.CustomerId, cancellationToken)
                ?? throw new ApiException(ApiError.NoSuch("customer", CustomerObject.ObjectName, request.CustomerId));
            var price = await db.Prices.OwnedBy(caller).AsNoTracking().Include(p => p.Product).FirstOrDefaultAsync(p => p.Id == request.PriceId, cancellationToken)
                ?? throw new ApiException(ApiError.NoSuch("items[0][price]", "price", request.PriceId));
            var plan = PlanOption.Of(price);
            if (!price.Active)
            {
                throw new ApiException(ApiError.Invalid("items[0][price]", $"Price {price.Id} is archived: a subscription needs an active price."));
            }
            if (!plan.PerUnit && request.Quantity is > 1)
            {
                throw new ApiException(ApiError.Invalid("items[0][quantity]", $"Price {price.Id} is a flat price: it bills the same whatever the quantity, so quantity must be 1."));
            }
            var quantity = request.Quantity ?? 1;
            var scope = customer.AsScope();

            var first = request.TrialEnd is null
                ? ResubscribePolicy.FirstPeriod(plan, quantity, customer.Balance, now, await TaxRates.TreatmentOfAsync(db, scope, cancellationToken))
                : null;
            if (first is { DueToday: > 0 } && !await db.DefaultCardOf(scope).AnyAsync(cancellationToken))
            {
                throw new ApiException(new ApiError(400, ApiError.InvalidRequest, "resource_missing",
                    $"This customer has no default payment method, and the first period ({first.DueToday} {first.Currency}) is charged now. " +
                    "Have them add a card in the portal first, or start the subscription with a trial (trial_period_days or trial_end).", "customer"));
            }

            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            // The first statement writes the customer's row (their balance pays the first invoice): a delete of this customer
            // at the same moment either commits first (and this finds no row) or waits for this to commit, then cancels it.
            if (await db.Customers.OwnedBy(scope).ExecuteUpdateAsync(c => c.SetProperty(x => x.Balance, x => x.Balance + (first == null ? 0 : first.Invoice.BalanceChange)),
                    cancellationToken) == 0)
            {
                throw new ApiException(ApiError.NoSuch("customer", CustomerObject.ObjectName, request.CustomerId));
            }
            var startAt = first?.StartAt ?? DateTimeOffset.FromUnixTimeSeconds(now.ToUnixTimeSeconds());
            var subscription = new Subscription
            {
                Id = Ids.New("sub"), MerchantId = caller.MerchantId, Livemode = caller.Livemode, CustomerId = customer.Id,
                PriceId = price.Id, Quantity = quantity, Created = now, Metadata = request.Metadata,
                Status = request.TrialEnd is not null ? SubscriptionStatus.Trialing : first!.DueToday > 0 ? SubscriptionStatus.Incomplete : SubscriptionStatus.Active,
                CurrentPeriodStart = startAt,
                CurrentPeriodEnd = request.TrialEnd ?? first!.PeriodEnd,
                // After a trial, periods count from its end, as Stripe's billing_cycle_anchor.
                BillingCycleAnchor = request.TrialEnd ?? first!.Anchor,
                TrialStart = request.TrialEnd is null ? null : startAt,
                TrialEnd = request.TrialEnd,
            };
            db.Subscriptions.Add(subscription);
            var actor = Actor.Api(caller);
            Invoice? invoice = null;
            if (first is not null)
            {
                invoice = first.Invoice.ToInvoice(subscription, subscription.Id, await InvoiceNumbers.NextAsync(db, caller.MerchantId, cancellationToken), now);
                db.Invoices.Add(invoice);
            }
            subscription.Price = price;
            EventLog.Add(db, actor, EventTypes.SubscriptionCreated, SubscriptionObject.From(subscription, latestInvoice: invoice?.Id), now);
            if (invoice is not null)
            {
                EventLog.Add(db, actor, EventTypes.InvoiceCreated, InvoiceObject.From(invoice), now);
                if (invoice.Status == InvoiceStatus.Paid)
                {
                    EventLog.Add(db, actor, EventTypes.InvoicePaid, InvoiceObject.From(invoice), now);
                }
            }
            db.Entry(price).State = EntityState.Unchanged;
            if (price.Product is { } product)
            {
                db.Entry(product).State = EntityState.Unchanged;
            }
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            subscriptionId = subscription.Id;
            openInvoiceId = invoice?.Status == InvoiceStatus.Open ? invoice.Id : null;
        }

        if (openInvoiceId is not null)
        {
            // Paid: the invoice and the subscription turn paid and active, with their events. Declined: invoice.payment_failed,
            // and the subscription stays incomplete. Either way the answer is the subscription as it now is.
            await payments.PayAsync(Actor.Api(caller), openInvoiceId, paymentMethodId: null, cancellationToken);
        }
        return (await GetAsync(caller, subscriptionId, request.Expand, cancellationToken))!;
    }

    public async Task<SubscriptionObject?> GetAsync(ApiCaller caller, string id, SubscriptionExpand expand, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var subscription = await db.Subscriptions.OwnedBy(caller).AsNoTracking().Include(s => s.Price).FirstOrDefaultAsync(s => s.Id == id, cancellationToken);
        return subscription is null ? null : await ToObjectAsync(db, subscription, expand, cancellationToken);
    }

    /// <summary>
    /// Applies an update: first a price or quantity change (charged and invoiced as the portal's, all or
    /// nothing), then <c>cancel_at_period_end</c> and <c>metadata</c> with their own event. Null when there is no such subscription.
    /// </summary>
    public async Task<SubscriptionObject?> UpdateAsync(ApiCaller caller, string id, UpdateSubscriptionRequest request, CancellationToken cancellationToken)
    {
        Subscription? subscription;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            subscription = await db.Subscriptions.OwnedBy(caller).AsNoTracking().FirstOrDefaultAsync(s => s.Id == id, cancellationToken);
        }
        if (subscription is null)
        {
            return null;
        }
        var priceId = request.PriceId ?? subscription.PriceId;
        var quantity = request.Quantity ?? subscription.Quantity;
        var changesPlan = priceId != subscription.PriceId || quantity != subscription.Quantity;
        if ((changesPlan || request.CancelAtPeriodEnd is not null) && subscription.Status == SubscriptionStatus.Canceled)
        {
            throw new ApiException(ApiError.From(new Problem(ProblemKind.NotAllowed,
                "A canceled subscription cannot be changed: only its metadata can. Create a new subscription instead.", changesPlan ? "items" : "cancel_at_period_end")));
        }
        if (request.Coupon is { } couponId)
        {
            // REVIEW: the coupon commits before a plan change in the same request, so a proration invoiced now is discounted
            // (as in Stripe); a plan change refused after it leaves the coupon applied, as a separate update would.
            var discounted = couponId.Length == 0
                ? (await discounts.RemoveAsync(caller, id, cancellationToken))?.Problem is { Kind: not ProblemKind.NotFound } removeProblem ? removeProblem : null
                : (await discounts.ApplyAsync(caller, id, couponId, request.CouponParameter, cancellationToken))?.Problem;
            if (discounted is { } problem)
            {
                throw new ApiException(ApiError.From(problem));
            }
        }
        if (changesPlan)
        {
            var changed = await changes.ApplyForMerchantAsync(caller, id, priceId, quantity, request.Proration, cancellationToken);
            if (changed.Problem is { } problem)
            {
                throw new ApiException(problem.Kind == ProblemKind.NotFound && problem.Field is null
                    ? ApiError.NoSuch("id", SubscriptionObject.ObjectName, id)
                    : ApiError.From(problem with { Field = problem.Field switch { "price" => "items[0][price]", "quantity" => "items[0][quantity]", var f => f } }));
            }
        }
        if (request.CancelAtPeriodEnd is not null || request.Parameters.Has("metadata"))
        {
            await SetFlagsAsync(caller, id, request, cancellationToken);
        }
        return await GetAsync(caller, id, request.Expand, cancellationToken);
    }

    private async Task SetFlagsAsync(ApiCaller caller, string id, UpdateSubscriptionRequest request, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var subscription = await db.Subscriptions.OwnedBy(caller).Include(s => s.Price).FirstAsync(s => s.Id == id, cancellationToken);
        var now = await db.NowForAsync(subscription, time, cancellationToken);
        var before = (subscription.CancelAtPeriodEnd, Metadata: new Dictionary<string, string>(subscription.Metadata));
        if (request.CancelAtPeriodEnd is true && !subscription.CancelAtPeriodEnd)
        {
            // As the portal's cancel at period end: a change waiting for period end would never apply.
            subscription.CancelAtPeriodEnd = true;
            subscription.CanceledAt = now;
            subscription.ScheduledPriceId = null;
            subscription.ScheduledQuantity = null;
        }
        else if (request.CancelAtPeriodEnd is false && subscription.CancelAtPeriodEnd)
        {
            subscription.CancelAtPeriodEnd = false;
            subscription.CanceledAt = null;
            subscription.CancellationReason = null;
            subscription.CancellationFeedback = null;
        }
        if (request.Parameters.Has("metadata"))
        {
            subscription.Metadata = MetadataUpdate.Apply(request.Parameters, subscription.Metadata);
        }
        if (before.CancelAtPeriodEnd == subscription.CancelAtPeriodEnd && before.Metadata.Count == subscription.Metadata.Count
            && !before.Metadata.Except(subscription.Metadata).Any())
        {
            return;
        }
        EventLog.Add(db, Actor.Api(caller), EventTypes.SubscriptionUpdated, SubscriptionObject.From(subscription), now);
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>
    /// Cancels now. With <paramref name="prorate"/> the unused time goes to the customer's balance as credit,
    /// computed as the portal's immediate cancellation computes it. Null when there is no such subscription.
    /// </summary>
    public async Task<SubscriptionObject?> CancelAsync(ApiCaller caller, string id, bool prorate, SubscriptionExpand expand, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var subscription = await db.Subscriptions.OwnedBy(caller).Include(s => s.Price!).ThenInclude(p => p.Product).FirstOrDefaultAsync(s => s.Id == id, cancellationToken);
        if (subscription is null)
        {
            return null;
        }
        var now = await db.NowForAsync(subscription, time, cancellationToken);
        // The merchant may cancel now what is set to cancel at period end; the portal's switches do not apply to it.
        var rules = new SubscriptionCancelFeature { Enabled = true, Mode = CancelMode.Immediately, ProrateImmediateCancellation = prorate };
        var current = CurrentPlan.Of(subscription) with { CancelAtPeriodEnd = false };
        var decided = CancellationPolicy.Decide(rules, current, reason: null, feedback: null, now);
        if (decided.Value is not { } cancel)
        {
            throw new ApiException(ApiError.From(decided.Problem! with
            {
                Message = "This subscription is already canceled.",
            }));
        }
        // Prorating an incomplete subscription's never-paid period would credit money that was never taken.
        var credit = subscription.Status is SubscriptionStatus.Active or SubscriptionStatus.PastDue ? cancel.Credit : 0;
        subscription.Status = SubscriptionStatus.Canceled;
        subscription.CanceledAt = now;
        subscription.EndedAt = now;
        subscription.CancelAtPeriodEnd = false;
        subscription.ScheduledPriceId = null;
        subscription.ScheduledQuantity = null;
        if (credit != 0)
        {
            await db.Customers.OwnedBy(subscription).ExecuteUpdateAsync(c => c.SetProperty(x => x.Balance, x => x.Balance + credit), cancellationToken);
        }
        EventLog.Add(db, Actor.Api(caller), EventTypes.SubscriptionDeleted, SubscriptionObject.From(subscription), now);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return await ToObjectAsync(db, subscription, expand, cancellationToken);
    }

    /// <summary>Newest first. <paramref name="status"/>: one status, <c>all</c>, or null (all but canceled); <paramref name="customerId"/> and <paramref name="priceId"/> filter.</summary>
    public async Task<ListObject<SubscriptionObject>> ListAsync(ApiCaller caller, PageRequest page, string? customerId, string? status, string? priceId,
        CancellationToken cancellationToken)
    {
        var statuses = status switch
        {
            null => ListedByDefault,
            "all" => Enum.GetValues<SubscriptionStatus>(),
            "active" => [SubscriptionStatus.Active],
            "trialing" => [SubscriptionStatus.Trialing],
            "past_due" => [SubscriptionStatus.PastDue],
            "canceled" => [SubscriptionStatus.Canceled],
            "incomplete" => [SubscriptionStatus.Incomplete],
            // Stripe's "ended": canceled ones.
            "ended" => [SubscriptionStatus.Canceled],
            _ => throw new ApiException(ApiError.Invalid("status", $"Invalid status '{status}': use one of active, trialing, past_due, incomplete, canceled, ended, all.")),
        };
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        IMerchantScope scope = caller;
        if (customerId is not null)
        {
            scope = new CustomerScope(caller.MerchantId, caller.Livemode, customerId);
            if (!await db.Customers.OwnedBy(scope).AnyAsync(cancellationToken))
            {
                throw new ApiException(ApiError.NoSuch("customer", CustomerObject.ObjectName, customerId));
            }
        }
        var query = db.Subscriptions.OwnedBy(scope).AsNoTracking().Include(s => s.Price).Where(s => statuses.Contains(s.Status));
        if (priceId is not null)
        {
            query = query.Where(s => s.PriceId == priceId);
        }
        var (items, hasMore) = await page.ApplyAsync(query, cancellationToken);
        var latest = await LatestInvoicesAsync(db, caller.MerchantId, caller.Livemode, [.. items.Select(s => s.Id)], cancellationToken);
        return new ListObject<SubscriptionObject>("list",
            [.. items.Select(s => SubscriptionObject.From(s, latestInvoice: latest.GetValueOrDefault(s.Id)))], hasMore, ListUrl);
    }

    private static async Task<SubscriptionObject> ToObjectAsync(BillingDbContext db, Subscription subscription, SubscriptionExpand expand, CancellationToken cancellationToken)
    {
        var latestId = (await LatestInvoicesAsync(db, subscription.MerchantId, subscription.Livemode, [subscription.Id], cancellationToken)).GetValueOrDefault(subscription.Id);
        object? latest = latestId;
        if (expand.LatestInvoice && latestId is not null)
        {
            latest = InvoiceObject.From(await db.Invoices.OwnedBy(subscription).AsNoTracking().Include(i => i.Lines).FirstAsync(i => i.Id == latestId, cancellationToken));
        }
        // A deleted customer's subscriptions still read (canceled); their customer is then the id only, as the customer is gone.
        var customer = expand.Customer
            ? await db.Customers.OwnedBy(subscription).AsNoTracking().FirstOrDefaultAsync(cancellationToken) is { } c ? CustomerObject.From(c) : null
            : null;
        return SubscriptionObject.From(subscription, customer, latest);
    }

    /// <summary>Each subscription's newest invoice id, in one query.</summary>
    private static async Task<Dictionary<string, string>> LatestInvoicesAsync(BillingDbContext db, string merchantId, bool livemode, List<string> subscriptionIds,
        CancellationToken cancellationToken)
    {
        if (subscriptionIds.Count == 0)
        {
            return [];
        }
        var invoices = await db.Invoices.OwnedBy(new MerchantOnly(merchantId, livemode)).AsNoTracking()
            .Where(i => i.SubscriptionId != null && subscriptionIds.Contains(i.SubscriptionId))
            .Select(i => new { SubscriptionId = i.SubscriptionId!, i.Id, i.Created }).ToListAsync(cancellationToken);
        return invoices.GroupBy(i => i.SubscriptionId)
            .ToDictionary(g => g.Key, g => g.OrderByDescending(i => i.Created).ThenByDescending(i => i.Id).First().Id);
    }

    /// <summary>A merchant-and-mode scope, whatever more specific scope it was given (a subscription scopes to its customer).</summary>
    private sealed record MerchantOnly(string MerchantId, bool Livemode) : IMerchantScope;
}
