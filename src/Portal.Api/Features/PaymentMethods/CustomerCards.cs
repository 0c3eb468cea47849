using Microsoft.EntityFrameworkCore;
using Vinr.Portal.Api.Features.BillingPortal.Sessions;
using Vinr.Portal.Api.Features.Customers;
using Vinr.Portal.Api.Features.Events;
using Vinr.Portal.Api.Features.Subscriptions;
using Vinr.Portal.Api.Infrastructure;
using Vinr.Portal.Api.Infrastructure.Data;

namespace Vinr.Portal.Api.Features.PaymentMethods;

/// <summary>Whose cards: a merchant in one mode and, from the portal, one customer (null: any of the merchant's).</summary>
public sealed record CardOwner(string MerchantId, bool Livemode, string? CustomerId)
{
    public static CardOwner Of(PortalAccess access) => new(access.MerchantId, access.Livemode, access.CustomerId);
}

public enum CardProblem
{
    None,
    NotFound,
    Invalid,
    Declined,
    InUse,
}

/// <summary>What an action on a card came to: the card, or the problem in words the customer can act on.</summary>
public sealed record CardOutcome(PaymentMethod? PaymentMethod, CardProblem Problem = CardProblem.None, string? Message = null,
    IReadOnlyDictionary<string, string>? FieldErrors = null);

/// <summary>A card as the portal lists it.</summary>
public sealed record CardView(string Id, string Brand, string Last4, int ExpMonth, int ExpYear, bool IsDefault, bool IsExpired);

/// <summary>
/// A customer's cards: list, add (through the processor; only what it returns is stored), make
/// default, detach. Each change commits with its events in one transaction.
/// </summary>
public sealed class CustomerCards(IDbContextFactory<BillingDbContext> dbFactory, IPaymentProcessor processor, TimeProvider time)
{
    public async Task<IReadOnlyList<CardView>> ListAsync(PortalAccess access, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var defaultId = await db.Customers.Where(c => c.Id == access.CustomerId && c.MerchantId == access.MerchantId)
            .Select(c => c.DefaultPaymentMethodId).FirstOrDefaultAsync(cancellationToken);
        var cards = await db.PaymentMethods.AsNoTracking()
            .Where(p => p.CustomerId == access.CustomerId && p.MerchantId == access.MerchantId && p.DetachedAt == null)
            .OrderByDescending(p => p.Created).ThenByDescending(p => p.Id)
            .ToListAsync(cancellationToken);
        var now = time.GetUtcNow();
        return [.. cards
            .Select(p => new CardView(p.Id, p.Brand, p.Last4, p.ExpMonth, p.ExpYear, p.Id == defaultId, p.IsExpiredAt(now)))
            .OrderByDescending(c => c.IsDefault)];
    }

    /// <summary>Validates, attaches through the processor, stores what it returns, and makes it the default card.</summary>
    public async Task<CardOutcome> AddAsync(PortalAccess access, CardDetails card, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var problems = CardRules.Validate(card, now);
        if (problems.Count > 0)
        {
            return new CardOutcome(null, CardProblem.Invalid, problems.Values.First(), problems);
        }
        var attached = await processor.AttachAsync(card, access.Livemode, cancellationToken);
        if (attached.Card is not { } saved)
        {
            return new CardOutcome(null, CardProblem.Declined, attached.Decline!.Message);
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var customer = await db.Customers.FirstAsync(c => c.Id == access.CustomerId && c.MerchantId == access.MerchantId, cancellationToken);
        var pm = new PaymentMethod
        {
            Id = Ids.New("pm"),
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
        EventLog.Add(db, access.MerchantId, access.Livemode, "payment_method.attached", PaymentMethodObject.From(pm), "portal", now, access.SessionId);
        EventLog.Add(db, access.MerchantId, access.Livemode, "customer.updated", CustomerObject.From(customer), "portal", now, access.SessionId);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new CardOutcome(pm);
    }

    public async Task<CardOutcome> SetDefaultAsync(PortalAccess access, string paymentMethodId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var pm = await FindAsync(db, CardOwner.Of(access), paymentMethodId, cancellationToken);
        if (pm is null)
        {
            return new CardOutcome(null, CardProblem.NotFound, "That card is no longer on your account.");
        }
        var customer = await db.Customers.FirstAsync(c => c.Id == pm.CustomerId, cancellationToken);
        if (customer.DefaultPaymentMethodId != pm.Id)
        {
            customer.DefaultPaymentMethodId = pm.Id;
            EventLog.Add(db, access.MerchantId, access.Livemode, "customer.updated", CustomerObject.From(customer), "portal", time.GetUtcNow(), access.SessionId);
            await db.SaveChangesAsync(cancellationToken);
        }
        return new CardOutcome(pm);
    }

    /// <summary>
    /// Removes a card. The default card of a customer whose subscription still renews stays: they
    /// must keep a way to pay (make another card the default first).
    /// </summary>
    public async Task<CardOutcome> DetachAsync(CardOwner owner, string paymentMethodId, string source, string? portalSessionId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var pm = await FindAsync(db, owner, paymentMethodId, cancellationToken);
        if (pm is null)
        {
            return new CardOutcome(null, CardProblem.NotFound, "That card is no longer on your account.");
        }
        var customer = await db.Customers.FirstAsync(c => c.Id == pm.CustomerId, cancellationToken);
        var now = time.GetUtcNow();
        if (customer.DefaultPaymentMethodId == pm.Id)
        {
            var renews = await db.Subscriptions.AnyAsync(s => s.CustomerId == customer.Id && s.Status != SubscriptionStatus.Canceled && !s.CancelAtPeriodEnd, cancellationToken);
            if (renews)
            {
                return new CardOutcome(null, CardProblem.InUse,
                    "This is the default card for an active subscription. Make another card the default before removing it.");
            }
            customer.DefaultPaymentMethodId = null;
            EventLog.Add(db, owner.MerchantId, owner.Livemode, "customer.updated", CustomerObject.From(customer), source, now, portalSessionId);
        }
        pm.DetachedAt = now;
        EventLog.Add(db, owner.MerchantId, owner.Livemode, "payment_method.detached", PaymentMethodObject.From(pm), source, now, portalSessionId);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new CardOutcome(pm);
    }

    private static Task<PaymentMethod?> FindAsync(BillingDbContext db, CardOwner owner, string id, CancellationToken cancellationToken) =>
        db.PaymentMethods.FirstOrDefaultAsync(p => p.Id == id && p.MerchantId == owner.MerchantId && p.Livemode == owner.Livemode
            && p.DetachedAt == null && (owner.CustomerId == null || p.CustomerId == owner.CustomerId), cancellationToken);
}
