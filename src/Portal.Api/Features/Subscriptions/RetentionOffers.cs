using Microsoft.EntityFrameworkCore;
using Vinr.Portal.Api.Features.BillingPortal.Configurations;
using Vinr.Portal.Api.Features.BillingPortal.Sessions;
using Vinr.Portal.Api.Features.Discounts;
using Vinr.Portal.Api.Features.Events;
using Vinr.Portal.Api.Features.Invoices;
using Vinr.Portal.Api.Features.Tax;
using Vinr.Portal.Api.Features.TestClocks;
using Vinr.Portal.Api.Infrastructure;
using Vinr.Portal.Api.Infrastructure.Data;

namespace Vinr.Portal.Api.Features.Subscriptions;

/// <summary>
/// The cancel flow's retention offer, on values (docs/decisions/0025): which coupon a session offers (its deep link's, else
/// its configuration's), and whether this subscription may be offered it. Once per subscription: never again once shown,
/// never to a subscription that already has a discount or cannot be cancelled, and never a coupon that can no longer be applied.
/// </summary>
public static class RetentionOfferPolicy
{
    /// <summary>The coupon the session's cancel flow offers; null for none.</summary>
    public static string? OfferedCoupon(PortalAccess access, PortalFeatures features) =>
        access.ActiveFlow?.RetentionCouponId ?? features.SubscriptionCancel.RetentionCouponId;

    /// <summary>Whether <paramref name="subscription"/> gets <paramref name="coupon"/> offered now.</summary>
    public static bool Offers(Coupon? coupon, Subscription subscription, SubscriptionCancelFeature rules, DateTimeOffset now) =>
        coupon is not null
        && subscription.RetentionOfferShownAt is null
        && subscription.Discount is null
        && CancellationPolicy.Refusal(rules, subscription.Status, subscription.CancelAtPeriodEnd) is null
        && DiscountPolicy.Refusal(coupon, coupon.Id, subscription.Status, subscription.Price?.Currency, now, "coupon") is null;

    /// <summary>Whether an offer shown to <paramref name="subscription"/> can still be taken (shown, not answered, no discount since).</summary>
    public static Problem? AcceptRefusal(Subscription subscription) =>
        subscription.RetentionOfferShownAt is null || subscription.RetentionOfferOutcome is not null || subscription.Discount is not null
        || subscription.RetentionOfferCouponId is null || subscription.Status == SubscriptionStatus.Canceled
            ? new Problem(ProblemKind.NotAllowed, Messages.Get("OfferUnavailable"))
            : null;
}

/// <summary>
/// What the customer is offered: the coupon's terms (as a discount would carry them from now) and the next invoice with it,
/// drafted by the billing clock's own function (<see cref="RenewalInvoice.Next"/>), beside the one without.
/// </summary>
public sealed record RetentionOffer(string SubscriptionId, DiscountTerms Terms, long NextInvoiceWithout, long NextInvoiceWith, string Currency,
    DateTimeOffset NextInvoiceDate);

/// <summary>
/// The retention offer of the portal's cancel page: load the offer, record that it was shown (once per subscription,
/// persisted), and take it (the coupon becomes the subscription's discount, with <c>customer.discount.created</c> and
/// <c>customer.subscription.updated</c>). Declining is cancelling: <see cref="SubscriptionChanges.CancelAsync"/> records it.
/// </summary>
public sealed class RetentionOffers(IDbContextFactory<BillingDbContext> dbFactory, TimeProvider time)
{
    /// <summary>The offer this subscription may be shown now; null when there is none (see <see cref="RetentionOfferPolicy.Offers"/>).</summary>
    public async Task<RetentionOffer?> GetAsync(PortalAccess access, string subscriptionId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var features = await db.FeaturesOf(access).FirstAsync(cancellationToken);
        if (RetentionOfferPolicy.OfferedCoupon(access, features) is not { } couponId)
        {
            return null;
        }
        var subscription = await db.Subscriptions.OwnedBy(access).AsNoTracking().Include(s => s.Price!).ThenInclude(p => p.Product)
            .FirstOrDefaultAsync(s => s.Id == subscriptionId, cancellationToken);
        var coupon = await db.Coupons.OwnedBy(access).AsNoTracking().FirstOrDefaultAsync(c => c.Id == couponId, cancellationToken);
        var now = await db.NowForAsync(access, time, cancellationToken);
        if (subscription is null || !RetentionOfferPolicy.Offers(coupon, subscription, SubscriptionChanges.CancelRules(access, features), now))
        {
            return null;
        }
        var terms = coupon!.TermsFor("", now, DiscountMath.EndOf(coupon.Duration, coupon.DurationInMonths, now));
        var state = await SubscriptionRenewals.StateAsync(db, subscription, cancellationToken);
        var waiting = (await SubscriptionRenewals.Waiting(db, subscription).AsNoTracking().ToListAsync(cancellationToken)).Select(i => i.ToLine()).ToList();
        var balance = await db.Customers.OwnedBy(access).Select(c => c.Balance).FirstAsync(cancellationToken);
        var tax = await TaxRates.TreatmentOfAsync(db, access, cancellationToken);
        var without = RenewalInvoice.Next(state, waiting, balance, tax);
        var with = RenewalInvoice.Next(state, waiting, balance, tax, terms);
        return without is null || with is null
            ? null
            : new RetentionOffer(subscription.Id, terms, without.Draft.Total, with.Draft.Total, with.Draft.Currency, with.Date);
    }

    /// <summary>Records that the offer was shown (once: a second call changes nothing). False when it had been shown already.</summary>
    public async Task<bool> MarkShownAsync(PortalAccess access, RetentionOffer offer, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var now = await db.NowForAsync(access, time, cancellationToken);
        return await db.Subscriptions.OwnedBy(access).Where(s => s.Id == offer.SubscriptionId && s.RetentionOfferShownAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.RetentionOfferShownAt, now).SetProperty(x => x.RetentionOfferCouponId, offer.Terms.CouponId),
                cancellationToken) == 1;
    }

    /// <summary>Takes the offer that was shown: the coupon becomes the subscription's discount; the subscription stays as it is.</summary>
    public async Task<Outcome<Subscription>> AcceptAsync(PortalAccess access, string subscriptionId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var subscription = await db.Subscriptions.OwnedBy(access).Include(s => s.Price!).ThenInclude(p => p.Product)
            .FirstOrDefaultAsync(s => s.Id == subscriptionId, cancellationToken);
        if (subscription is null)
        {
            return new Problem(ProblemKind.NotFound, Messages.Get("SubscriptionNotFound"));
        }
        if (RetentionOfferPolicy.AcceptRefusal(subscription) is { } refused)
        {
            return refused;
        }
        var now = await db.NowForAsync(access, time, cancellationToken);
        var actor = Actor.Portal(access);
        if (await Discounts.Discounts.RedeemAsync(db, subscription, subscription.RetentionOfferCouponId!, "coupon", actor, now, cancellationToken) is not null)
        {
            // Deleted, expired or used up since it was shown: the customer reads why in their words.
            return new Problem(ProblemKind.NotAllowed, Messages.Get("OfferUnavailable"));
        }
        // Only the row's own state decides whether it is answered: of two tabs accepting, one writes.
        if (await db.Subscriptions.OwnedBy(access).Where(s => s.Id == subscriptionId && s.RetentionOfferOutcome == null)
                .ExecuteUpdateAsync(s => s.SetProperty(x => x.RetentionOfferOutcome, RetentionOfferOutcome.Accepted), cancellationToken) == 0)
        {
            return new Problem(ProblemKind.NotAllowed, Messages.Get("OfferUnavailable"));
        }
        subscription.RetentionOfferOutcome = RetentionOfferOutcome.Accepted;
        db.Entry(subscription).Property(s => s.RetentionOfferOutcome).IsModified = false;
        EventLog.Add(db, actor, EventTypes.SubscriptionUpdated, SubscriptionObject.From(subscription), now);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return subscription;
    }
}
