using Microsoft.EntityFrameworkCore;
using Vinr.Portal.Api.Features.BillingPortal.Sessions;
using Vinr.Portal.Api.Features.Events;
using Vinr.Portal.Api.Features.PaymentMethods;
using Vinr.Portal.Api.Features.Subscriptions;
using Vinr.Portal.Api.Infrastructure;
using Vinr.Portal.Api.Infrastructure.Data;
using Vinr.Portal.Api.Infrastructure.Http;

namespace Vinr.Portal.Api.Features.Customers;

/// <summary>
/// A merchant's customers through the API: create, retrieve, update, list, delete. Each write commits
/// with its event in one transaction. Deleting ends everything that could still bill or reach the
/// customer, as Stripe does: subscriptions end now, cards are detached, portal sessions end.
/// </summary>
public sealed class Customers(IDbContextFactory<BillingDbContext> dbFactory, PortalSessions sessions, TimeProvider time)
{
    public const string ListUrl = "/v1/customers";

    public async Task<CustomerObject> CreateAsync(ApiCaller caller, ApiParams parameters, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var clockId = parameters.String("test_clock", 64);
        var customer = new Customer { Id = Ids.New("cust"), MerchantId = caller.MerchantId, Livemode = caller.Livemode, TestClockId = clockId, Created = now };
        CustomerRequest.Read(parameters, customer, creating: true);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (clockId is not null && await TestClocks.TestClocks.CheckAttachAsync(db, caller, clockId, cancellationToken) is { } problem)
        {
            throw new ApiException(ApiError.From(problem));
        }
        db.Customers.Add(customer);
        var created = CustomerObject.From(customer);
        EventLog.Add(db, Actor.Api(caller), EventTypes.CustomerCreated, created, now);
        await db.SaveChangesAsync(cancellationToken); // one SaveChanges: the row and its event commit together
        return created;
    }

    public async Task<CustomerObject?> GetAsync(ApiCaller caller, string id, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var customer = await db.Customers.OwnedBy(caller).AsNoTracking().FirstOrDefaultAsync(c => c.Id == id, cancellationToken);
        return customer is null ? null : CustomerObject.From(customer);
    }

    /// <summary>Changes only what <paramref name="parameters"/> names; an update that changes nothing writes no event. Null when there is no such customer.</summary>
    public async Task<CustomerObject?> UpdateAsync(ApiCaller caller, string id, ApiParams parameters, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var customer = await db.Customers.OwnedBy(caller).FirstOrDefaultAsync(c => c.Id == id, cancellationToken);
        if (customer is null)
        {
            return null;
        }
        var before = CustomerObject.From(customer) with { Metadata = new Dictionary<string, string>(customer.Metadata) };
        CustomerRequest.Read(parameters, customer, creating: false);
        var after = CustomerObject.From(customer);
        if (after with { Metadata = before.Metadata } != before || !SameMetadata(before.Metadata, after.Metadata))
        {
            EventLog.Add(db, Actor.Api(caller), EventTypes.CustomerUpdated, after, time.GetUtcNow());
            await db.SaveChangesAsync(cancellationToken);
        }
        return after;
    }

    /// <summary>Newest first; <paramref name="email"/> filters by exact (case-sensitive, as Stripe) address.</summary>
    public async Task<ListObject<CustomerObject>> ListAsync(ApiCaller caller, PageRequest page, string? email, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var query = db.Customers.OwnedBy(caller).AsNoTracking();
        if (email is not null)
        {
            query = query.Where(c => c.Email == email);
        }
        var (items, hasMore) = await page.ApplyAsync(query, cancellationToken);
        return new ListObject<CustomerObject>("list", [.. items.Select(CustomerObject.From)], hasMore, ListUrl);
    }

    /// <summary>
    /// Deletes the customer: every subscription not yet ended ends now (no proration, as Stripe), every card
    /// is detached, every portal session ends, each with its event, and <c>customer.deleted</c>; one
    /// transaction. Afterwards the customer reads as missing everywhere. Null when there is no such customer.
    /// </summary>
    public async Task<DeletedObject?> DeleteAsync(ApiCaller caller, string id, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        // The first statement writes the customer's row, so a subscription being created for them at the same
        // moment (which writes it first too) either commits before and is cancelled here, or runs after and finds no customer.
        if (await db.Customers.OwnedBy(caller).Where(c => c.Id == id).ExecuteUpdateAsync(c => c.SetProperty(x => x.Balance, x => x.Balance), cancellationToken) == 0)
        {
            return null;
        }
        var customer = await db.Customers.OwnedBy(caller).FirstAsync(c => c.Id == id, cancellationToken);
        var scope = customer.AsScope();
        var actor = Actor.Api(caller);
        var now = time.GetUtcNow();

        var running = await db.Subscriptions.OwnedBy(scope).Where(s => s.Status != SubscriptionStatus.Canceled).ToListAsync(cancellationToken);
        foreach (var subscription in running)
        {
            subscription.Status = SubscriptionStatus.Canceled;
            subscription.CanceledAt ??= now;
            subscription.EndedAt = now;
            subscription.CancelAtPeriodEnd = false;
            subscription.ScheduledPriceId = null;
            subscription.ScheduledQuantity = null;
            EventLog.Add(db, actor, EventTypes.SubscriptionDeleted, SubscriptionObject.From(subscription), now);
        }
        var cards = await db.PaymentMethods.OwnedBy(scope).Where(p => p.DetachedAt == null).ToListAsync(cancellationToken);
        foreach (var card in cards)
        {
            card.DetachedAt = now;
            EventLog.Add(db, actor, EventTypes.PaymentMethodDetached, PaymentMethodObject.From(card), now);
        }
        await sessions.EndAllAsync(db, actor, customer, now, cancellationToken);
        customer.DefaultPaymentMethodId = null;
        customer.DeletedAt = now;
        EventLog.Add(db, actor, EventTypes.CustomerDeleted, CustomerObject.From(customer), now);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new DeletedObject(customer.Id, CustomerObject.ObjectName, Deleted: true);
    }

    private static bool SameMetadata(IReadOnlyDictionary<string, string> a, IReadOnlyDictionary<string, string> b) =>
        a.Count == b.Count && a.All(pair => b.TryGetValue(pair.Key, out var value) && value == pair.Value);
}
