using Vinr.Portal.Api.Features.BillingPortal.Configurations;
using Vinr.Portal.Api.Features.Products;
using Vinr.Portal.Api.Features.Subscriptions;
using Vinr.Portal.Api.Infrastructure;

namespace Vinr.Portal.Tests.Features.Subscriptions;

/// <summary>The cancel and renew rules on values alone.</summary>
public sealed class CancellationPolicyTests
{
    private static readonly DateTimeOffset March1 = new(2026, 3, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly PlanOption Pro = new("price_pro", "Pro", null, 4_900, "usd", Recurrence.Monthly, PerUnit: false, IsCurrent: true);

    private static CurrentPlan OnPro(SubscriptionStatus status = SubscriptionStatus.Active, bool cancelAtPeriodEnd = false) =>
        new("sub_1", status, cancelAtPeriodEnd, Pro, 1, March1, March1.AddDays(30));

    private static SubscriptionCancelFeature Rules(CancelMode mode = CancelMode.AtPeriodEnd, bool prorate = true) =>
        new() { Mode = mode, ProrateImmediateCancellation = prorate, ReasonOptions = ["too_expensive", "other"] };

    [Fact]
    public void At_period_end_keeps_the_paid_time_and_credits_nothing()
    {
        var decision = CancellationPolicy.Decide(Rules(), OnPro(), "too_expensive", "  Price went up.  ", March1.AddDays(10)).Value!;

        Assert.Equal(new CancelDecision(AtPeriodEnd: true, Credit: 0, "too_expensive", "Price went up."), decision);
    }

    [Fact]
    public void Immediately_credits_the_unused_time_when_the_merchant_prorates()
    {
        var prorated = CancellationPolicy.Decide(Rules(CancelMode.Immediately), OnPro(), null, null, March1.AddDays(12)).Value!;
        var unprorated = CancellationPolicy.Decide(Rules(CancelMode.Immediately, prorate: false), OnPro(), null, null, March1.AddDays(12)).Value!;

        Assert.Equal((false, -2_940L), (prorated.AtPeriodEnd, prorated.Credit)); // 18 of 30 days of 49.00
        Assert.Equal(0, unprorated.Credit);
    }

    [Theory]
    [InlineData(SubscriptionStatus.Active, false, true)]
    [InlineData(SubscriptionStatus.PastDue, false, true)]
    [InlineData(SubscriptionStatus.Trialing, false, true)]
    [InlineData(SubscriptionStatus.Active, true, false)]
    [InlineData(SubscriptionStatus.Canceled, false, false)]
    public void A_subscription_can_be_cancelled_once_and_not_after_it_ended(SubscriptionStatus status, bool cancelAtPeriodEnd, bool allowed)
    {
        Assert.Equal(allowed, CancellationPolicy.Refusal(Rules(), status, cancelAtPeriodEnd) is null);
        Assert.Equal(allowed, CancellationPolicy.Decide(Rules(), OnPro(status, cancelAtPeriodEnd), null, null, March1).Succeeded);
    }

    [Fact]
    public void Nothing_is_cancelled_here_when_the_merchant_turned_it_off()
    {
        var off = Rules();
        off.Enabled = false;

        Assert.Equal(ProblemKind.NotAllowed, CancellationPolicy.Decide(off, OnPro(), null, null, March1).Problem?.Kind);
    }

    [Fact]
    public void Only_an_offered_reason_and_reasonable_feedback_are_taken()
    {
        var noSurvey = Rules();
        noSurvey.ReasonEnabled = false;

        Assert.Equal(new Problem(ProblemKind.Invalid, "Choose one of the reasons offered.", "reason"),
            CancellationPolicy.Decide(Rules(), OnPro(), "unused", null, March1).Problem);
        Assert.Equal("reason", CancellationPolicy.Decide(noSurvey, OnPro(), "other", null, March1).Problem?.Field);
        Assert.Equal("feedback", CancellationPolicy.Decide(Rules(), OnPro(), null, new string('x', 1_001), March1).Problem?.Field);
        Assert.Null(CancellationPolicy.Decide(Rules(), OnPro(), null, "   ", March1).Value!.Feedback);
    }

    [Fact]
    public void Only_a_pending_cancellation_can_be_renewed()
    {
        Assert.Null(CancellationPolicy.RenewRefusal(SubscriptionStatus.Active, cancelAtPeriodEnd: true));
        Assert.Equal("This subscription is not set to cancel.", CancellationPolicy.RenewRefusal(SubscriptionStatus.Active, cancelAtPeriodEnd: false)?.Message);
        Assert.NotNull(CancellationPolicy.RenewRefusal(SubscriptionStatus.Canceled, cancelAtPeriodEnd: true));
    }
}
