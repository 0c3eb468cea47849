using Microsoft.EntityFrameworkCore;
using Vinr.Portal.Api.Features.BillingPortal.Configurations;
using Vinr.Portal.Api.Features.BillingPortal.Sessions;
using Vinr.Portal.Api.Features.Customers;
using Vinr.Portal.Api.Features.Events;
using Vinr.Portal.Api.Features.Invoices;
using Vinr.Portal.Api.Features.Subscriptions;
using Vinr.Portal.Api.Infrastructure;
using Vinr.Portal.Api.Infrastructure.Data;

namespace Vinr.Portal.Api.Features.PaymentMethods;

/// <summary>A card as the portal lists it.</summary>
public sealed record CardView(string Id, string Brand, string Last4, int ExpMonth, int ExpYear, bool IsDefault, bool IsExpired);

/// <summary>
/// A customer's cards: list, add (through the processor; only what it returns is stored), make
/// default, detach. Each change commits with its events in one transaction. A card that becomes the
/// default (added, or chosen) then pays what a past-due or unpaid subscription owes, at once
/// (<see cref="InvoicePayments.PayOwedAsync"/>), each payment its own transaction and events.
/// </summary>
public sealed class CustomerCards(IDbContextFactory<BillingDbContext> dbFactory, IPaymentProcessor processor, InvoicePayments payments, TimeProvider time)
{
    // Properties, not fields: each is said in the language of the request that asks.
    private static Problem NotFound => new(ProblemKind.NotFound, Messages.Get("CardNotFound"));
    private static Problem Off => new(ProblemKind.NotAllowed, Messages.Get("CardsLocked"));

    public async Task<IReadOnlyList<CardView>> ListAsync(PortalAccess access, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var defaultId = await db.Customers.OwnedBy(access).Select(c => c.DefaultPaymentMethodId).FirstOrDefaultAsync(cancellationToken);
        var cards = await db.PaymentMethods.OwnedBy(access).AsNoTracking()
            .Where(p => p.DetachedAt == null)
            .OrderByDescending(p => p.Created).ThenByDescending(p => p.Id)
            .ToListAsync(cancellationToken);
        var now = time.GetUtcNow();
        return [.. cards
            .Select(p => new CardView(p.Id, p.Brand, p.Last4, p.ExpMonth, p.ExpYear, p.Id == defaultId, p.IsExpiredAt(now)))
            .OrderByDescending(c => c.IsDefault)];
    }

    /// <summary>
    /// Validates, attaches through the processor, stores what it returns, and makes it the default card. A card whose
    /// issuer wants the customer to authenticate first is not stored: <see cref="ProblemKind.AuthenticationRequired"/>
    /// names the challenge, and <see cref="AttachAuthenticatedAsync"/> stores it once the customer completed it.
    /// </summary>
    public async Task<Outcome<PaymentMethod>> AddAsync(PortalAccess access, CardDetails card, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var problems = CardRules.Validate(card, now);
        if (problems.Count > 0)
        {
            return Outcome.Failure<PaymentMethod>([.. problems.Select(p => new Problem(ProblemKind.Invalid, p.Value, p.Key))]);
        }
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (!await AllowedAsync(db, access, cancellationToken))
        {
            return Off;
        }
        var attached = await processor.AttachAsync(card, access, cancellationToken);
        if (attached.AuthenticationId is { } challenge
            && await processor.FindAuthenticationAsync(access, challenge, cancellationToken) is { } setup)
        {
            EventLog.Add(db, Actor.Portal(access), EventTypes.SetupIntentRequiresAction, AuthenticationObject.From(setup), now);
            await db.SaveChangesAsync(cancellationToken);
            return new Problem(ProblemKind.AuthenticationRequired, Messages.Get("AuthenticationNeeded"), "number") { AuthenticationId = challenge };
        }
        if (attached.Card is not { } saved)
        {
            return new Problem(ProblemKind.PaymentFailed, Messages.Decline(attached.Decline!.Code, attached.Decline.Message), "number");
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var pm = await SaveAsync(db, access, saved, Ids.New("pm"), now, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        await payments.PayOwedAsync(Actor.Portal(access), access, cancellationToken);
        return pm;
    }

    /// <summary>
    /// Stores the card of a setup challenge the customer completed (<paramref name="setup"/>, as the processor says it is now),
    /// once: a second request for the same challenge (another tab, a retry) gets the card the first stored.
    /// </summary>
    public async Task<Outcome<PaymentMethod>> AttachAuthenticatedAsync(PortalAccess access, CardAuthentication setup, CancellationToken cancellationToken)
    {
        if (setup is not { Kind: AuthenticationKind.Setup, Status: AuthenticationStatus.Succeeded })
        {
            return new Problem(ProblemKind.NotAllowed, Messages.Get("AuthenticationNotFound"));
        }
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (!await AllowedAsync(db, access, cancellationToken))
        {
            return Off;
        }
        var now = time.GetUtcNow();
        var pmId = Ids.New("pm");
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var claimed = await db.CardAuthentications.OwnedBy(access)
            .Where(a => a.Id == setup.Id && a.Status == AuthenticationStatus.Succeeded && a.PaymentMethodId == null)
            .ExecuteUpdateAsync(a => a.SetProperty(x => x.PaymentMethodId, pmId), cancellationToken);
        if (claimed == 0)
        {
            await transaction.RollbackAsync(cancellationToken);
            var storedId = await db.CardAuthentications.OwnedBy(access).Where(a => a.Id == setup.Id).Select(a => a.PaymentMethodId).FirstOrDefaultAsync(cancellationToken);
            return storedId is not null && await FindAsync(db, access, storedId, cancellationToken) is { } stored ? stored : NotFound;
        }
        var pm = await SaveAsync(db, access, setup.SetupCard(), pmId, now, cancellationToken);
        setup.PaymentMethodId = pmId;
        EventLog.Add(db, Actor.Portal(access), EventTypes.SetupIntentSucceeded, AuthenticationObject.From(setup), now);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        await payments.PayOwedAsync(Actor.Portal(access), access, cancellationToken);
        return pm;
    }

    /// <summary>Adds the card and makes it the default, with its events, to the caller's unit of work.</summary>
    private static async Task<PaymentMethod> SaveAsync(BillingDbContext db, PortalAccess access, AttachedCard saved, string id, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        var customer = await db.Customers.OwnedBy(access).FirstAsync(cancellationToken);
        var pm = new PaymentMethod
        {
            Id = id,
            MerchantId = access.MerchantId,
            Livemode = access.Livemode,
            CustomerId = customer.Id,
            Brand = saved.Brand,
            Last4 = saved.Last4,
            ExpMonth = saved.ExpMonth,
            ExpYear = saved.ExpYear,
            Funding = saved.Funding,
            Fingerprint = saved.Fingerprint,
            ProcessorReference = saved.ProcessorReference,
            Created = now,
        };
        db.PaymentMethods.Add(pm);
        // As in Stripe's portal, the card a customer just added is the one they want charged.
        customer.DefaultPaymentMethodId = pm.Id;
        EventLog.Add(db, Actor.Portal(access), EventTypes.PaymentMethodAttached, PaymentMethodObject.From(pm), now);
        EventLog.Add(db, Actor.Portal(access), EventTypes.CustomerUpdated, CustomerObject.From(customer), now);
        return pm;
    }

    public async Task<Outcome<PaymentMethod>> SetDefaultAsync(PortalAccess access, string paymentMethodId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (!await AllowedAsync(db, access, cancellationToken))
        {
            return Off;
        }
        var pm = await FindAsync(db, access, paymentMethodId, cancellationToken);
        if (pm is null)
        {
            return NotFound;
        }
        var customer = await db.Customers.OwnedBy(pm).FirstAsync(cancellationToken);
        if (customer.DefaultPaymentMethodId != pm.Id)
        {
            customer.DefaultPaymentMethodId = pm.Id;
            EventLog.Add(db, Actor.Portal(access), EventTypes.CustomerUpdated, CustomerObject.From(customer), time.GetUtcNow());
            await db.SaveChangesAsync(cancellationToken);
            await payments.PayOwedAsync(Actor.Portal(access), access, cancellationToken);
        }
        return pm;
    }

    /// <summary>
    /// Removes a card <paramref name="actor"/> may touch. The default card of a customer whose
    /// subscription still renews stays: they must keep a way to pay (make another card the default first).
    /// </summary>
    public async Task<Outcome<PaymentMethod>> DetachAsync(Actor actor, string paymentMethodId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (actor.Scope is PortalAccess access && !await AllowedAsync(db, access, cancellationToken))
        {
            return Off;
        }
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var pm = await FindAsync(db, actor.Scope, paymentMethodId, cancellationToken);
        if (pm is null)
        {
            return NotFound;
        }
        var customer = await db.Customers.OwnedBy(pm).FirstAsync(cancellationToken);
        var now = time.GetUtcNow();
        if (customer.DefaultPaymentMethodId == pm.Id)
        {
            if (await db.Subscriptions.OwnedBy(pm).AnyAsync(SubscriptionRules.Renewing, cancellationToken))
            {
                return new Problem(ProblemKind.NotAllowed,
                    Messages.Get("DefaultCardInUse"), "id");
            }
            customer.DefaultPaymentMethodId = null;
            EventLog.Add(db, actor, EventTypes.CustomerUpdated, CustomerObject.From(customer), now);
        }
        pm.DetachedAt = now;
        EventLog.Add(db, actor, EventTypes.PaymentMethodDetached, PaymentMethodObject.From(pm), now);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return pm;
    }

    /// <summary>The merchant may have turned card changes off since the page loaded: every change asks again.</summary>
    private static async Task<bool> AllowedAsync(BillingDbContext db, PortalAccess access, CancellationToken cancellationToken) =>
        (await db.FeaturesOf(access).FirstAsync(cancellationToken)).PaymentMethodUpdate;

    private static Task<PaymentMethod?> FindAsync(BillingDbContext db, IMerchantScope scope, string id, CancellationToken cancellationToken) =>
        db.PaymentMethods.OwnedBy(scope).FirstOrDefaultAsync(p => p.Id == id && p.DetachedAt == null, cancellationToken);
}

/// <summary>Reads of cards other features share.</summary>
public static class PaymentMethodQueries
{
    /// <summary>The customer's default card, while it is attached: what "Pay" and renewals charge.</summary>
    public static IQueryable<PaymentMethod> DefaultCardOf(this BillingDbContext db, ICustomerScope customer) =>
        from c in db.Customers.OwnedBy(customer)
        join p in db.PaymentMethods.OwnedBy(customer) on c.DefaultPaymentMethodId equals p.Id
        where p.DetachedAt == null
        select p;
}
