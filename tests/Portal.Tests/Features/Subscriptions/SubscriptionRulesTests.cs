using Vinr.Portal.Api.Features.Subscriptions;

namespace Vinr.Portal.Tests.Features.Subscriptions;

public sealed class SubscriptionRulesTests
{
    private static Subscription With(SubscriptionStatus status, bool cancelAtPeriodEnd) => new()
    {
        Id = "sub_1", MerchantId = "acct_1", CustomerId = "cust_1", PriceId = "price_1", Status = status, CancelAtPeriodEnd = cancelAtPeriodEnd,
        BillingCycleAnchor = DateTimeOffset.UnixEpoch,
    };

    [Theory]
    [InlineData(SubscriptionStatus.Active, false, true)]
    [InlineData(SubscriptionStatus.Trialing, false, true)]
    [InlineData(SubscriptionStatus.PastDue, false, true)]
    [InlineData(SubscriptionStatus.Active, true, false)]
    [InlineData(SubscriptionStatus.Canceled, false, false)]
    [InlineData(SubscriptionStatus.Incomplete, false, false)]
    public void It_renews_while_billed_and_not_set_to_cancel(SubscriptionStatus status, bool cancelAtPeriodEnd, bool renews)
    {
        Assert.Equal(renews, SubscriptionRules.Renews(With(status, cancelAtPeriodEnd)));
    }

    [Theory]
    [InlineData(SubscriptionStatus.PastDue, false, SubscriptionStatus.Active)]
    [InlineData(SubscriptionStatus.PastDue, true, SubscriptionStatus.PastDue)]
    [InlineData(SubscriptionStatus.Active, false, SubscriptionStatus.Active)]
    [InlineData(SubscriptionStatus.Canceled, false, SubscriptionStatus.Canceled)]
    public void A_payment_makes_a_past_due_subscription_active_once_nothing_else_is_open(SubscriptionStatus before, bool anotherOpen, SubscriptionStatus after)
    {
        Assert.Equal(after, SubscriptionRules.StatusAfterPayment(before, anotherOpen));
    }
}
