using CsCheck;
using Vinr.Portal.Api.Features.Products;
using Vinr.Portal.Api.Features.Subscriptions;

namespace Vinr.Portal.Tests.Features.Subscriptions;

/// <summary>What happens at period end, on values alone.</summary>
public sealed class PeriodTurnTests
{
    private static readonly DateTimeOffset Jan31 = new(2026, 1, 31, 9, 30, 0, TimeSpan.Zero);

    private static readonly PlanOption Pro = new("price_pro", "Pro", null, 4_900, "usd", Recurrence.Monthly, PerUnit: false, IsCurrent: true);
    private static readonly PlanOption ProYearly = Pro with { PriceId = "price_pro_y", UnitAmount = 49_000, Recurrence = Recurrence.Yearly };
    private static readonly PlanOption Business = new("price_business", "Business", null, 2_900, "usd", Recurrence.Monthly, PerUnit: true, IsCurrent: false);

    private static BillingState State(DateTimeOffset periodEnd, DateTimeOffset? anchor = null, SubscriptionStatus status = SubscriptionStatus.Active,
        bool cancelAtPeriodEnd = false, PlanOption? scheduled = null, long? scheduledQuantity = null) =>
        new(status, cancelAtPeriodEnd, periodEnd, anchor ?? Jan31, Pro, 1, scheduled, scheduledQuantity);

    [Fact]
    public void Nothing_turns_before_the_period_ends_or_once_the_subscription_is_no_longer_billed()
    {
        var end = Jan31.AddMonths(1);

        Assert.IsType<PeriodTurn.NotDue>(PeriodTurn.Decide(State(end), end.AddTicks(-1)));
        Assert.IsType<PeriodTurn.NotDue>(PeriodTurn.Decide(State(end, status: SubscriptionStatus.Canceled), end));
        Assert.IsType<PeriodTurn.NotDue>(PeriodTurn.Decide(State(end, status: SubscriptionStatus.Incomplete), end));
        Assert.IsType<PeriodTurn.Renews>(PeriodTurn.Decide(State(end, status: SubscriptionStatus.PastDue), end));
    }

    [Fact]
    public void An_unpaid_subscription_renews_no_more_but_still_ends_when_set_to_cancel()
    {
        var end = Jan31.AddMonths(1);

        Assert.IsType<PeriodTurn.NotDue>(PeriodTurn.Decide(State(end, status: SubscriptionStatus.Unpaid), end.AddDays(40)));
        Assert.Equal(new PeriodTurn.Ends(end), PeriodTurn.Decide(State(end, status: SubscriptionStatus.Unpaid, cancelAtPeriodEnd: true), end));
    }

    [Fact]
    public void A_subscription_set_to_cancel_ends_at_its_period_end()
    {
        var end = Jan31.AddMonths(1);

        Assert.Equal(new PeriodTurn.Ends(end), PeriodTurn.Decide(State(end, cancelAtPeriodEnd: true, scheduled: Business), end.AddDays(3)));
    }

    [Fact]
    public void The_next_period_starts_where_the_last_ended_and_is_counted_from_the_anchor()
    {
        var feb28 = new DateTimeOffset(2026, 2, 28, 9, 30, 0, TimeSpan.Zero);

        var turn = Assert.IsType<PeriodTurn.Renews>(PeriodTurn.Decide(State(feb28), feb28));

        Assert.Equal((feb28, new DateTimeOffset(2026, 3, 31, 9, 30, 0, TimeSpan.Zero), Jan31), (turn.Start, turn.End, turn.Anchor));
        Assert.Equal((Pro, 1L), (turn.Plan, turn.Quantity));
    }

    [Fact]
    public void A_scheduled_change_takes_over_with_its_seats_and_a_new_period_length_restarts_the_anchor()
    {
        var end = Jan31.AddMonths(1);

        var toBusiness = Assert.IsType<PeriodTurn.Renews>(PeriodTurn.Decide(State(end, scheduled: Business, scheduledQuantity: 4), end));
        var toYearly = Assert.IsType<PeriodTurn.Renews>(PeriodTurn.Decide(State(end, scheduled: ProYearly), end));

        Assert.Equal((Business, 4L, Jan31), (toBusiness.Plan, toBusiness.Quantity, toBusiness.Anchor));
        Assert.Equal((end, end.AddYears(1)), (toYearly.Anchor, toYearly.End));
    }

    [Fact]
    public void Turn_after_turn_the_periods_never_drift_from_the_anchor()
    {
        var gen =
            from anchorSeconds in Gen.Long[946_684_800, 4_102_444_800]
            from months in Gen.OneOf(Gen.Const(1), Gen.Const(12), Gen.Int[1, Recurrence.MaxMonths])
            from turns in Gen.Int[1, 40]
            select (Anchor: DateTimeOffset.FromUnixTimeSeconds(anchorSeconds), Recurrence: new Recurrence(BillingInterval.Month, months), Turns: turns);

        gen.Sample(c =>
        {
            var plan = Pro with { Recurrence = c.Recurrence };
            var state = new BillingState(SubscriptionStatus.Active, false, c.Recurrence.PeriodEndAfter(c.Anchor, c.Anchor), c.Anchor, plan, 1, null, null);
            for (var n = 1; n <= c.Turns; n++)
            {
                var turn = Assert.IsType<PeriodTurn.Renews>(PeriodTurn.Decide(state, state.PeriodEnd));
                Assert.Equal(state.PeriodEnd, turn.Start);
                Assert.True(turn.End > turn.Start);
                Assert.Equal(c.Anchor.AddMonths(c.Recurrence.Months * (n + 1)), turn.End);
                state = state with { PeriodEnd = turn.End, Anchor = turn.Anchor };
            }
        }, iter: 2_000);
    }
}
