using CsCheck;
using Vinr.Portal.Api.Features.Products;
using Vinr.Portal.Api.Features.Subscriptions;

namespace Vinr.Portal.Tests.Features.Subscriptions;

public sealed class ProrationTests
{
    // A 30-day monthly period, so a day is exactly 1/30 of it.
    private static readonly DateTimeOffset March1 = new(2026, 3, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset March31 = March1.AddDays(30);

    private static PlanChange Monthly(long current, long next, DateTimeOffset changeAt, int taxRate = 0) =>
        new(current, Recurrence.Monthly, next, Recurrence.Monthly, March1, March31, changeAt, taxRate);

    // ---- Examples with exact numbers ----

    [Fact]
    public void Upgrading_halfway_through_credits_half_the_old_price_and_charges_half_the_new_one()
    {
        var preview = Proration.Preview(Monthly(4900, 9900, March1.AddDays(15)));

        Assert.Equal(
            [
                new ProrationLine(ProrationLineKind.UnusedTime, -2450, March1.AddDays(15), March31),
                new ProrationLine(ProrationLineKind.RemainingTime, 4950, March1.AddDays(15), March31),
            ],
            preview.Lines);
        Assert.Equal(2500, preview.Subtotal);
        Assert.Equal(0, preview.Tax);
        Assert.Equal(2500, preview.Total);
        Assert.Equal(2500, preview.AmountDueToday);
        Assert.Equal(0, preview.CreditCarriedForward);
        Assert.Equal(9900, preview.NewRecurringAmount);
        Assert.Equal(March31, preview.NextBillingDate);
        Assert.Equal(March1, preview.NewPeriodStart);
        Assert.Equal(March31, preview.NewPeriodEnd);
    }

    [Fact]
    public void Upgrading_at_period_start_charges_the_whole_difference()
    {
        var preview = Proration.Preview(Monthly(4900, 9900, March1));

        Assert.Equal([-4900, 9900], preview.Lines.Select(l => l.Amount));
        Assert.Equal(5000, preview.Subtotal);
    }

    [Fact]
    public void Upgrading_at_period_end_costs_nothing_but_still_shows_both_lines()
    {
        var preview = Proration.Preview(Monthly(4900, 9900, March31));

        Assert.Equal(
            [ProrationLineKind.UnusedTime, ProrationLineKind.RemainingTime],
            preview.Lines.Select(l => l.Kind));
        Assert.Equal([0, 0], preview.Lines.Select(l => l.Amount));
        Assert.Equal(0, preview.Total);
    }

    [Fact]
    public void Switching_monthly_to_yearly_restarts_the_cycle_at_the_change()
    {
        var changeAt = March1.AddDays(10);

        var preview = Proration.Preview(
            new PlanChange(4900, Recurrence.Monthly, 49000, Recurrence.Yearly, March1, March31, changeAt));

        // 4900 × 20/30 = 3266.67, rounded to 3267.
        Assert.Equal(
            [
                new ProrationLine(ProrationLineKind.UnusedTime, -3267, changeAt, March31),
                new ProrationLine(ProrationLineKind.NewPeriod, 49000, changeAt, changeAt.AddYears(1)),
            ],
            preview.Lines);
        Assert.Equal(45733, preview.Subtotal);
        Assert.Equal(45733, preview.AmountDueToday);
        Assert.Equal(49000, preview.NewRecurringAmount);
        Assert.Equal(changeAt.AddYears(1), preview.NextBillingDate);
        Assert.Equal(changeAt, preview.NewPeriodStart);
        Assert.Equal(changeAt.AddYears(1), preview.NewPeriodEnd);
    }

    [Fact]
    public void Switching_yearly_to_monthly_on_the_31st_ends_the_new_month_on_the_last_day_of_the_next()
    {
        var periodStart = new DateTimeOffset(2025, 6, 1, 0, 0, 0, TimeSpan.Zero);
        var changeAt = new DateTimeOffset(2026, 1, 31, 12, 0, 0, TimeSpan.Zero);

        var preview = Proration.Preview(
            new PlanChange(49000, Recurrence.Yearly, 4900, Recurrence.Monthly, periodStart, periodStart.AddYears(1), changeAt));

        Assert.Equal(new DateTimeOffset(2026, 2, 28, 12, 0, 0, TimeSpan.Zero), preview.NewPeriodEnd);
        Assert.Equal(preview.NewPeriodEnd, preview.NextBillingDate);
    }

    [Fact]
    public void Tax_at_20_percent_is_charged_on_the_subtotal_and_on_the_new_recurring_amount()
    {
        var preview = Proration.Preview(Monthly(4900, 9900, March1.AddDays(15), taxRate: 2000));

        Assert.Equal(2500, preview.Subtotal);
        Assert.Equal(500, preview.Tax);
        Assert.Equal(3000, preview.Total);
        Assert.Equal(3000, preview.AmountDueToday);
        Assert.Equal(11880, preview.NewRecurringAmount);
    }

    [Fact]
    public void A_downgrade_credits_its_tax_back_and_carries_the_credit_forward()
    {
        var preview = Proration.Preview(Monthly(9900, 4900, March1.AddDays(15), taxRate: 2000));

        Assert.Equal(-2500, preview.Subtotal);
        Assert.Equal(-500, preview.Tax);
        Assert.Equal(-3000, preview.Total);
        Assert.Equal(0, preview.AmountDueToday);
        Assert.Equal(3000, preview.CreditCarriedForward);
        Assert.Equal(5880, preview.NewRecurringAmount);
    }

    [Fact]
    public void Halves_round_away_from_zero_on_each_line_and_on_the_tax()
    {
        var start = March1;
        var end = March1.AddSeconds(2);

        // One second of two: 1 × 1/2 = 0.5 → 1 and 5 × 1/2 = 2.5 → 3 (banker's rounding would give 0 and 2).
        var preview = Proration.Preview(
            new PlanChange(1, Recurrence.Monthly, 5, Recurrence.Monthly, start, end, start.AddSeconds(1), TaxRateBasisPoints: 2500));

        Assert.Equal([-1, 3], preview.Lines.Select(l => l.Amount));
        Assert.Equal(2, preview.Subtotal);
        Assert.Equal(1, preview.Tax); // 2 × 25 % = 0.5 → 1
        Assert.Equal(3, preview.Total);

        var reverse = Proration.Preview(
            new PlanChange(5, Recurrence.Monthly, 1, Recurrence.Monthly, start, end, start.AddSeconds(1), TaxRateBasisPoints: 2500));
        Assert.Equal(-1, reverse.Tax); // −0.5 → −1
        Assert.Equal(-3, reverse.Total);
    }

    [Fact]
    public void Instants_are_truncated_to_whole_seconds()
    {
        // [0.3 s, 10.7 s) with a change at 4.9 s counts as [0 s, 10 s) with a change at 4 s: 6 of 10 seconds remain.
        var start = March1.AddMilliseconds(300);
        var preview = Proration.Preview(
            new PlanChange(1000, Recurrence.Monthly, 2000, Recurrence.Monthly, start, March1.AddMilliseconds(10_700), March1.AddMilliseconds(4_900)));

        Assert.Equal(
            [
                new ProrationLine(ProrationLineKind.UnusedTime, -600, March1.AddSeconds(4), March1.AddSeconds(10)),
                new ProrationLine(ProrationLineKind.RemainingTime, 1200, March1.AddSeconds(4), March1.AddSeconds(10)),
            ],
            preview.Lines);
        Assert.Equal(March1, preview.NewPeriodStart);
        Assert.Equal(March1.AddSeconds(10), preview.NextBillingDate);
    }

    [Theory]
    [InlineData(9900, BillingInterval.Month, 4900, BillingInterval.Month, true)] // cheaper
    [InlineData(4900, BillingInterval.Month, 9900, BillingInterval.Month, false)] // dearer
    [InlineData(4900, BillingInterval.Month, 4900, BillingInterval.Month, false)] // no change
    [InlineData(4900, BillingInterval.Month, 49000, BillingInterval.Year, false)] // cheaper per month, but a longer commitment
    [InlineData(4900, BillingInterval.Month, 58800, BillingInterval.Year, false)] // same per month, longer
    [InlineData(4900, BillingInterval.Month, 60000, BillingInterval.Year, false)] // dearer, longer
    [InlineData(58800, BillingInterval.Year, 4900, BillingInterval.Month, true)] // same per month, shorter
    [InlineData(49000, BillingInterval.Year, 9900, BillingInterval.Month, true)] // dearer per month, but shorter
    public void A_downgrade_is_a_lower_amount_on_the_same_interval_or_a_shorter_interval(
        long current, BillingInterval currentInterval, long next, BillingInterval nextInterval, bool expected)
    {
        var change = new PlanChange(current, new Recurrence(currentInterval), next, new Recurrence(nextInterval), March1, March31, March1);

        Assert.Equal(expected, Proration.IsDowngrade(change));
    }

    [Fact]
    public void Monthly_to_a_cheaper_yearly_happens_now_and_back_waits()
    {
        // Customers switching to yearly expect it at once; going back to monthly is a shorter commitment.
        var toYearly = new PlanChange(4900, Recurrence.Monthly, 49000, Recurrence.Yearly, March1, March31, March1);
        var toMonthly = toYearly with { CurrentAmount = 49000, CurrentRecurrence = Recurrence.Yearly, NewAmount = 4900, NewRecurrence = Recurrence.Monthly };

        Assert.False(Proration.IsDowngrade(toYearly));
        Assert.True(Proration.IsDowngrade(toMonthly));
    }

    public static TheoryData<PlanChange> InvalidChanges => new()
    {
        Monthly(-1, 9900, March1),
        Monthly(4900, -1, March1),
        Monthly(long.MaxValue, 9900, March1),
        Monthly(4900, 9900, March1, taxRate: -1),
        Monthly(4900, 9900, March1, taxRate: 10_001),
        Monthly(4900, 9900, March1) with { PeriodEnd = March1 },
        Monthly(4900, 9900, March1) with { PeriodEnd = March1.AddMilliseconds(999) },
        Monthly(4900, 9900, March1.AddDays(-1)) with { PeriodEnd = March1.AddDays(-30) },
        Monthly(4900, 9900, March1.AddSeconds(-1)),
        Monthly(4900, 9900, March31.AddSeconds(1)),
        Monthly(4900, 9900, March1) with { NewRecurrence = null! },
    };

    [Theory]
    [MemberData(nameof(InvalidChanges))]
    public void Invalid_changes_are_rejected(PlanChange change)
    {
        Assert.Throws<ArgumentException>(() => Proration.Preview(change));
        Assert.Throws<ArgumentException>(() => Proration.IsDowngrade(change));
    }

    // ---- Properties ----

    private const int Iterations = 10_000;

    // Small amounts find rounding cases; the whole supported range (up to long.MaxValue / 2) finds overflow.
    private static readonly Gen<long> Amounts = Gen.OneOf(Gen.Long[0, 100_000], Gen.Long[0, long.MaxValue / 2]);

    // Monthly and yearly most of the time, and any period Stripe allows (1 to 36 months) besides.
    private static readonly Gen<Recurrence> Recurrences = Gen.OneOf(
        Gen.Const(Recurrence.Monthly), Gen.Const(Recurrence.Yearly),
        Gen.Int[1, Recurrence.MaxMonths].Select(months => new Recurrence(BillingInterval.Month, months)),
        Gen.Int[1, Recurrence.MaxMonths / 12].Select(years => new Recurrence(BillingInterval.Year, years)));

    private static readonly Gen<int> TaxRates = Gen.OneOf(Gen.Const(0), Gen.Int[0, 10_000]);

    /// <summary>
    /// A whole-second period between 2000 and 2100 in some UTC offset, two instants in it at whole seconds
    /// (earlier, later), and a sub-second part for each instant that the rules truncate away.
    /// </summary>
    private static readonly Gen<(DateTimeOffset Start, DateTimeOffset End, DateTimeOffset Earlier, DateTimeOffset Later)> Periods =
        from unixSeconds in Gen.Long[946_684_800, 4_102_444_800]
        from offsetMinutes in Gen.Int[-14 * 60, 14 * 60]
        from seconds in Gen.OneOf(Gen.Long[1, 100], Gen.Long[1, 366 * 86_400])
        from earlier in Gen.Long[0, seconds]
        from later in Gen.Long[earlier, seconds]
        from subSeconds in Gen.Long[0, TimeSpan.TicksPerSecond - 1].Array[4]
        let origin = DateTimeOffset.FromUnixTimeSeconds(unixSeconds).ToOffset(TimeSpan.FromMinutes(offsetMinutes))
        select (
            At(origin, 0, subSeconds[0]),
            At(origin, seconds, subSeconds[1]),
            At(origin, earlier, subSeconds[2]),
            At(origin, later, subSeconds[3]));

    private static DateTimeOffset At(DateTimeOffset origin, long seconds, long subSecondTicks) =>
        origin.AddTicks((seconds * TimeSpan.TicksPerSecond) + subSecondTicks);

    /// <summary>A valid change at the earlier instant, and the same change at the later one.</summary>
    private static readonly Gen<(PlanChange Change, PlanChange Later)> ChangesAndLater =
        from current in Amounts
        from currentRecurrence in Recurrences
        from next in Amounts
        from nextRecurrence in Recurrences
        from period in Periods
        from taxRate in TaxRates
        let change = new PlanChange(current, currentRecurrence, next, nextRecurrence, period.Start, period.End, period.Earlier, taxRate)
        select (change, change with { ChangeAt = period.Later });

    private static readonly Gen<PlanChange> Changes = ChangesAndLater.Select(c => c.Change);

    private static PlanChange SameRecurrence(PlanChange change) => change with { NewRecurrence = change.CurrentRecurrence };

    [Fact]
    public void The_credit_never_exceeds_what_was_paid()
    {
        Changes.Sample(change =>
        {
            var unused = Proration.Preview(change).Lines.Single(l => l.Kind == ProrationLineKind.UnusedTime);

            Assert.InRange(unused.Amount, -change.CurrentAmount, 0);
        }, iter: Iterations);
    }

    [Fact]
    public void Lines_add_up_to_the_subtotal_and_the_totals_reconcile()
    {
        Changes.Sample(change =>
        {
            var preview = Proration.Preview(change);

            Assert.Equal(preview.Subtotal, preview.Lines.Sum(l => l.Amount));
            Assert.Equal(preview.Total, preview.Subtotal + preview.Tax);
            Assert.Equal(preview.Total, preview.AmountDueToday - preview.CreditCarriedForward);
            Assert.True(preview.AmountDueToday >= 0 && preview.CreditCarriedForward >= 0);
            Assert.True(preview.AmountDueToday == 0 || preview.CreditCarriedForward == 0);
        }, iter: Iterations);
    }

    [Fact]
    public void Upgrading_then_downgrading_at_the_same_instant_costs_nothing()
    {
        Changes.Select(SameRecurrence).Sample(change =>
        {
            var back = change with { CurrentAmount = change.NewAmount, NewAmount = change.CurrentAmount };

            var there = Proration.Preview(change);
            var andBack = Proration.Preview(back);

            Assert.Equal(0, there.Subtotal + andBack.Subtotal);
            Assert.Equal(0, there.Total + andBack.Total);
        }, iter: Iterations);
    }

    [Fact]
    public void Keeping_the_same_price_and_interval_costs_nothing_and_keeps_the_period()
    {
        Changes.Select(c => SameRecurrence(c) with { NewAmount = c.CurrentAmount }).Sample(change =>
        {
            var preview = Proration.Preview(change);

            Assert.Equal(0, preview.Total);
            Assert.Equal(0, preview.Tax);
            Assert.Equal(0, preview.AmountDueToday);
            Assert.Equal(0, preview.CreditCarriedForward);
            Assert.Equal(preview.NewPeriodEnd, preview.NextBillingDate);
            AssertSameWholeSecond(change.PeriodStart, preview.NewPeriodStart);
            AssertSameWholeSecond(change.PeriodEnd, preview.NewPeriodEnd);
        }, iter: Iterations);
    }

    private static void AssertSameWholeSecond(DateTimeOffset given, DateTimeOffset truncated)
    {
        Assert.Equal(0, truncated.Ticks % TimeSpan.TicksPerSecond);
        Assert.InRange(given - truncated, TimeSpan.Zero, TimeSpan.FromTicks(TimeSpan.TicksPerSecond - 1));
    }

    [Fact]
    public void A_later_change_never_gives_a_larger_credit()
    {
        ChangesAndLater.Sample((change, later) =>
        {
            var credit = Proration.Preview(change).Lines[0].Amount;
            var laterCredit = Proration.Preview(later).Lines[0].Amount;

            Assert.InRange(laterCredit, credit, 0);
        }, iter: Iterations);
    }

    [Fact]
    public void Between_different_amounts_per_month_on_the_same_interval_exactly_one_direction_is_a_downgrade()
    {
        Changes.Select(SameRecurrence).Where(c => c.CurrentAmount != c.NewAmount).Sample(change =>
        {
            var back = change with { CurrentAmount = change.NewAmount, NewAmount = change.CurrentAmount };

            Assert.NotEqual(Proration.IsDowngrade(change), Proration.IsDowngrade(back));
        }, iter: Iterations);
    }

    [Fact]
    public void A_lower_amount_on_the_same_interval_or_a_shorter_interval_is_always_a_downgrade_and_nothing_else_is()
    {
        Changes.Sample(change =>
        {
            var cheaper = change.CurrentRecurrence == change.NewRecurrence && change.NewAmount < change.CurrentAmount;
            var shorter = change.NewRecurrence.Months < change.CurrentRecurrence.Months;

            Assert.Equal(cheaper || shorter, Proration.IsDowngrade(change));
        }, iter: Iterations);
    }
}
