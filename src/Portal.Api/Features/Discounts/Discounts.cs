using Microsoft.EntityFrameworkCore;
using Vinr.Portal.Api.Features.Events;
using Vinr.Portal.Api.Features.Invoices;
using Vinr.Portal.Api.Features.Subscriptions;
using Vinr.Portal.Api.Features.TestClocks;
using Vinr.Portal.Api.Infrastructure;
using Vinr.Portal.Api.Infrastructure.Data;

namespace Vinr.Portal.Api.Features.Discounts;

/// <summary>The rules of applying a coupon to a subscription, on values (no database).</summary>
public static class DiscountPolicy
{
    /// <summary>
    /// Why <paramref name="coupon"/> (null: none of the caller's by that id) cannot be applied now to a subscription in
    /// <paramref name="currency"/> and <paramref name="status"/>; null when it can. English: the merchant's API reads it.
    /// </summary>
    public static Problem? Refusal(Coupon? coupon, string couponId, SubscriptionStatus status, string? currency, DateTimeOffset now, string field)
    {
        if (coupon is null || coupon.Deleted)
        {
            return new Problem(ProblemKind.NotFound, $"No such coupon: '{couponId}'.", field);
        }
        if (status == SubscriptionStatus.Canceled)
        {
            return new Problem(ProblemKind.NotAllowed, "A canceled subscription cannot take a coupon.", field);
        }
        if (coupon.RedeemBy is { } last && now > last)
        {
            return new Problem(ProblemKind.Invalid, $"Coupon {coupon.Id} expired: it could be redeemed until {last:u}.", field);
        }
        if (coupon.MaxRedemptions is { } max && coupon.TimesRedeemed >= max)
        {
            return new Problem(ProblemKind.Invalid, $"Coupon {coupon.Id} has been redeemed its maximum of {max} times.", field);
        }
        if (coupon.AmountOff is not null && currency is not null && !string.Equals(coupon.Currency, currency, StringComparison.OrdinalIgnoreCase))
        {
            return new Problem(ProblemKind.Invalid,
                $"Coupon {coupon.Id} takes {coupon.Currency} off, but the subscription bills in {currency}: an amount off applies in its own currency only.", field);
        }
        return null;
    }

    /// <summary>
    /// Whether <paramref name="discount"/> is done once <paramref name="draft"/> is written: a <c>once</c> discount after the invoice it
    /// applied to, a repeating one when the next period (from <paramref name="nextPeriodStart"/>) starts at or after its end.
    /// </summary>
    public static bool EndsAfter(DiscountTerms discount, InvoiceDraft draft, DateTimeOffset? nextPeriodStart) =>
        (discount.Duration == CouponDuration.Once && draft.Discount?.Terms.DiscountId == discount.DiscountId)
        || (discount.End is { } end && nextPeriodStart is { } next && next >= end);
}

/// <summary>
/// Coupons applied to subscriptions (Stripe's discounts): by the merchant's API (<c>coupon</c> on a subscription
/// update, <c>DELETE /v1/subscriptions/{id}/discount</c>) and by a customer taking the cancel flow's retention offer.
/// One discount per subscription; a new coupon replaces the old discount.
/// </summary>
public sealed class Discounts(IDbContextFactory<BillingDbContext> dbFactory, TimeProvider time)
{
    /// <summary>Applies <paramref name="couponId"/> to the subscription; null when there is no such subscription.</summary>
    public async Task<Outcome<Subscription>?> ApplyAsync(IMerchantScope caller, string subscriptionId, string couponId, string field, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var subscription = await db.Subscriptions.OwnedBy(caller).Include(s => s.Price).FirstOrDefaultAsync(s => s.Id == subscriptionId, cancellationToken);
        if (subscription is null)
        {
            return null;
        }
        var now = await db.NowForAsync(subscription, time, cancellationToken);
        if (await RedeemAsync(db, subscription, couponId, field, Actor.Api(caller), now, cancellationToken) is { } refused)
        {
            return refused;
        }
        EventLog.Add(db, Actor.Api(caller), EventTypes.SubscriptionUpdated, SubscriptionObject.From(subscription), now);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return subscription;
    }

    /// <summary>Removes the subscription's discount; null when there is no such subscription, a problem when it has none.</summary>
    public async Task<Outcome<DiscountObject>?> RemoveAsync(IMerchantScope caller, string subscriptionId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var subscription = await db.Subscriptions.OwnedBy(caller).FirstOrDefaultAsync(s => s.Id == subscriptionId, cancellationToken);
        if (subscription is null)
        {
            return null;
        }
        if (subscription.Discount is not { } discount)
        {
            return new Problem(ProblemKind.NotFound, $"Subscription {subscriptionId} has no discount.", "id");
        }
        var now = await db.NowForAsync(subscription, time, cancellationToken);
        var removed = Remove(db, subscription, Actor.Api(caller), now);
        EventLog.Add(db, Actor.Api(caller), EventTypes.SubscriptionUpdated, SubscriptionObject.From(subscription), now);
        await db.SaveChangesAsync(cancellationToken);
        return removed;
    }

    /// <summary>
    /// Applies the caller's coupon <paramref name="couponId"/> to the tracked <paramref name="subscription"/>, counting the redemption
    /// with a conditional update (of concurrent redemptions past <c>max_redemptions</c>, none succeeds), replacing any
    /// discount it had, with <c>customer.discount.created</c> (and <c>.deleted</c> for a replaced one). The caller saves.
    /// </summary>
    public static async Task<Problem?> RedeemAsync(BillingDbContext db, Subscription subscription, string couponId, string field, Actor actor, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        var coupon = await db.Coupons.OwnedBy(subscription).AsNoTracking().FirstOrDefaultAsync(c => c.Id == couponId, cancellationToken);
        var currency = subscription.Price?.Currency
            ?? await db.Prices.OwnedBy(subscription).Where(p => p.Id == subscription.PriceId).Select(p => p.Currency).FirstOrDefaultAsync(cancellationToken);
        if (DiscountPolicy.Refusal(coupon, couponId, subscription.Status, currency, now, field) is { } refused)
        {
            return refused;
        }
        var counted = await db.Coupons.OwnedBy(subscription)
            .Where(c => c.Id == couponId && !c.Deleted && (c.MaxRedemptions == null || c.TimesRedeemed < c.MaxRedemptions))
            .ExecuteUpdateAsync(c => c.SetProperty(x => x.TimesRedeemed, x => x.TimesRedeemed + 1), cancellationToken);
        if (counted == 0)
        {
            return new Problem(ProblemKind.Invalid, $"Coupon {couponId} has been redeemed its maximum of {coupon!.MaxRedemptions} times.", field);
        }
        if (subscription.Discount is not null)
        {
            Remove(db, subscription, actor, now);
        }
        subscription.Discount = coupon!.TermsFor(Ids.New("di"), now, DiscountMath.EndOf(coupon.Duration, coupon.DurationInMonths, now));
        EventLog.Add(db, actor, EventTypes.DiscountCreated, DiscountObject.From(subscription.Discount, subscription.CustomerId, subscription.Id, subscription.Livemode), now);
        return null;
    }

    /// <summary>Takes the discount off <paramref name="subscription"/> with <c>customer.discount.deleted</c>; the caller saves.</summary>
    public static DiscountObject Remove(BillingDbContext db, Subscription subscription, Actor actor, DateTimeOffset now)
    {
        var removed = DiscountObject.From(subscription.Discount!, subscription.CustomerId, subscription.Id, subscription.Livemode);
        subscription.Discount = null;
        EventLog.Add(db, actor, EventTypes.DiscountDeleted, removed, now);
        return removed;
    }

    /// <summary>Once <paramref name="draft"/> is written: removes the discount it used up (<see cref="DiscountPolicy.EndsAfter"/>). The caller saves.</summary>
    public static void AfterInvoice(BillingDbContext db, Subscription subscription, InvoiceDraft draft, DateTimeOffset? nextPeriodStart, Actor actor, DateTimeOffset now)
    {
        if (subscription.Discount is { } discount && DiscountPolicy.EndsAfter(discount, draft, nextPeriodStart))
        {
            Remove(db, subscription, actor, now);
        }
    }
}
