using Vinr.Portal.Api.Features.Products;
using Vinr.Portal.Api.Features.Tax;

namespace Vinr.Portal.Api.Features.Subscriptions;

/// <summary>What the customer has now and what they would switch to, at one instant.</summary>
/// <param name="CurrentAmount">Minor units per period of the current price × quantity; 0 to <c>long.MaxValue / 2</c>.</param>
/// <param name="CurrentRecurrence">How often the current price bills.</param>
/// <param name="NewAmount">Minor units per period of the new price × quantity; 0 to <c>long.MaxValue / 2</c>.</param>
/// <param name="NewRecurrence">How often the new price bills.</param>
/// <param name="PeriodStart">Start of the current period, inclusive.</param>
/// <param name="PeriodEnd">End of the current period, exclusive; later than <paramref name="PeriodStart"/> by at least one second.</param>
/// <param name="ChangeAt">When the change happens; the caller's clock, within [<paramref name="PeriodStart"/>, <paramref name="PeriodEnd"/>].</param>
/// <param name="TaxRateBasisPoints">0 to 10000; 2000 is 20 %.</param>
public sealed record PlanChange(
    long CurrentAmount,
    Recurrence CurrentRecurrence,
    long NewAmount,
    Recurrence NewRecurrence,
    DateTimeOffset PeriodStart,
    DateTimeOffset PeriodEnd,
    DateTimeOffset ChangeAt,
    int TaxRateBasisPoints = 0);

/// <summary>Which way a plan change goes (<see cref="Proration.Direction"/>).</summary>
public enum PlanDirection
{
    Upgrade,
    Lateral,
    DecreasingAmount,
    ShorteningInterval,
}

public enum ProrationLineKind
{
    /// <summary>Credit (≤ 0) for the part of the current period paid for and not used.</summary>
    UnusedTime,

    /// <summary>Charge (≥ 0) for the rest of the current period at the new price (same recurrence).</summary>
    RemainingTime,

    /// <summary>Charge (≥ 0) for a whole new period at the new price (recurrence changed, cycle restarts).</summary>
    NewPeriod,
}

/// <summary>One line of a proration preview, in minor units, for the period [<paramref name="PeriodStart"/>, <paramref name="PeriodEnd"/>).</summary>
public sealed record ProrationLine(ProrationLineKind Kind, long Amount, DateTimeOffset PeriodStart, DateTimeOffset PeriodEnd);

/// <summary>What a plan change would cost now and from then on. All instants are whole seconds.</summary>
/// <param name="Lines">Always two: <see cref="ProrationLineKind.UnusedTime"/>, then <see cref="ProrationLineKind.RemainingTime"/> or <see cref="ProrationLineKind.NewPeriod"/>.</param>
/// <param name="Subtotal">Sum of <paramref name="Lines"/>.</param>
/// <param name="Tax">Tax on <paramref name="Subtotal"/>; negative when the subtotal is a credit.</param>
/// <param name="Total"><paramref name="Subtotal"/> + <paramref name="Tax"/>; negative is a credit.</param>
/// <param name="AmountDueToday">max(0, <paramref name="Total"/>).</param>
/// <param name="CreditCarriedForward">max(0, −<paramref name="Total"/>): goes to the customer's balance.</param>
/// <param name="NewRecurringAmount">The new amount per period with tax, rounded like <paramref name="Tax"/>.</param>
/// <param name="NextBillingDate">When the next regular invoice is due.</param>
/// <param name="NewPeriodStart">Start of the period the subscription is in after the change.</param>
/// <param name="NewPeriodEnd">End of that period, exclusive.</param>
public sealed record ProrationPreview(
    IReadOnlyList<ProrationLine> Lines,
    long Subtotal,
    long Tax,
    long Total,
    long AmountDueToday,
    long CreditCarriedForward,
    long NewRecurringAmount,
    DateTimeOffset NextBillingDate,
    DateTimeOffset NewPeriodStart,
    DateTimeOffset NewPeriodEnd);

/// <summary>
/// Proration of a plan change, as pure arithmetic on minor units: no clock, no database.
/// Rules (docs/decisions/0009-proration-rules.md):
/// <list type="bullet">
/// <item>Time is whole seconds: <c>PeriodStart</c>, <c>PeriodEnd</c> and <c>ChangeAt</c> are truncated to the second first,
/// <c>total = PeriodEnd − PeriodStart</c>, <c>remaining = PeriodEnd − ChangeAt</c> (in [0, total], since
/// <c>ChangeAt</c> must lie in the period).</item>
/// <item>Same recurrence: <c>UnusedTime = −round(CurrentAmount × remaining / total)</c> and
/// <c>RemainingTime = +round(NewAmount × remaining / total)</c>, both for [ChangeAt, PeriodEnd); both lines are always
/// there, even at 0. The period and the next billing date stay as they were.</item>
/// <item>Recurrence changes (month ↔ year, month ↔ quarter): the cycle restarts at <c>ChangeAt</c>. <c>UnusedTime</c>
/// as above, and <c>NewPeriod = +NewAmount</c> for [ChangeAt, ChangeAt + one new period), by
/// <see cref="Recurrence.PeriodEndAfter"/> (Jan 31 + 1 month = Feb 28/29). That end is also the next billing date.</item>
/// <item>Each line rounds on its own, half away from zero. <c>Tax = round(Subtotal × TaxRateBasisPoints / 10000)</c>,
/// the same way, so a credit gives back its tax too.</item>
/// <item>Exact for amounts up to <c>long.MaxValue / 2</c> minor units: products are taken in <see cref="Int128"/>,
/// and that bound keeps every sum with tax (at most twice an amount) inside <see cref="long"/>.</item>
/// </list>
/// </summary>
public static class Proration
{
    // Tax at 100 % at most doubles an amount; half of long.MaxValue keeps Total and NewRecurringAmount in range.
    private const long MaxAmount = long.MaxValue / 2;

    /// <summary>The invoice lines, totals and new cycle of <paramref name="change"/> (rules on <see cref="Proration"/>).</summary>
    /// <exception cref="ArgumentException">An amount is negative or above <c>long.MaxValue / 2</c>, the tax rate is
    /// outside 0..10000, a recurrence is missing, the period is shorter than one second,
    /// or <c>ChangeAt</c> is outside the period.</exception>
    public static ProrationPreview Preview(PlanChange change)
    {
        Validate(change);
        var periodStart = TruncateToSecond(change.PeriodStart);
        var periodEnd = TruncateToSecond(change.PeriodEnd);
        var changeAt = TruncateToSecond(change.ChangeAt);
        var totalSeconds = WholeSeconds(periodEnd - periodStart);
        var remainingSeconds = WholeSeconds(periodEnd - changeAt);

        var unused = new ProrationLine(
            ProrationLineKind.UnusedTime,
            -TaxMath.RoundHalfAwayFromZero((Int128)change.CurrentAmount * remainingSeconds, totalSeconds),
            changeAt,
            periodEnd);

        ProrationLine charge;
        DateTimeOffset newPeriodStart, newPeriodEnd;
        if (change.NewRecurrence == change.CurrentRecurrence)
        {
            charge = new ProrationLine(
                ProrationLineKind.RemainingTime,
                TaxMath.RoundHalfAwayFromZero((Int128)change.NewAmount * remainingSeconds, totalSeconds),
                changeAt,
                periodEnd);
            (newPeriodStart, newPeriodEnd) = (periodStart, periodEnd);
        }
        else
        {
            var restartedEnd = change.NewRecurrence.PeriodEndAfter(changeAt, changeAt);
            charge = new ProrationLine(ProrationLineKind.NewPeriod, change.NewAmount, changeAt, restartedEnd);
            (newPeriodStart, newPeriodEnd) = (changeAt, restartedEnd);
        }

        // UnusedTime ≤ 0 ≤ charge, so the sum cannot overflow; the tax at most doubles it, within MaxAmount's margin.
        var subtotal = unused.Amount + charge.Amount;
        var tax = TaxMath.Exclusive(subtotal, change.TaxRateBasisPoints);
        var total = subtotal + tax;

        return new ProrationPreview(
            [unused, charge],
            subtotal,
            tax,
            total,
            AmountDueToday: Math.Max(0, total),
            CreditCarriedForward: Math.Max(0, -total),
            NewRecurringAmount: change.NewAmount + TaxMath.Exclusive(change.NewAmount, change.TaxRateBasisPoints),
            NextBillingDate: newPeriodEnd,
            newPeriodStart,
            newPeriodEnd);
    }

    /// <summary>
    /// Which way a change goes. A longer period is a longer commitment, paid now: an upgrade, even if
    /// cheaper per month (customers switching to yearly expect it at once); a shorter one is a
    /// downgrade by <see cref="PlanDirection.ShorteningInterval"/>. On the same recurrence the amount
    /// decides, and an equal amount is a lateral move.
    /// </summary>
    /// <exception cref="ArgumentException">As for <see cref="Preview"/>.</exception>
    public static PlanDirection Direction(PlanChange change)
    {
        Validate(change);
        if (change.CurrentRecurrence != change.NewRecurrence)
        {
            return change.NewRecurrence.Months > change.CurrentRecurrence.Months ? PlanDirection.Upgrade : PlanDirection.ShorteningInterval;
        }
        return change.NewAmount.CompareTo(change.CurrentAmount) switch
        {
            > 0 => PlanDirection.Upgrade,
            < 0 => PlanDirection.DecreasingAmount,
            _ => PlanDirection.Lateral,
        };
    }

    /// <summary>
    /// Whether a change may wait for period end: a lower amount on the same recurrence, or a shorter
    /// period (Stripe's <c>decreasing_item_amount</c> and <c>shortening_interval</c> conditions).
    /// </summary>
    /// <exception cref="ArgumentException">As for <see cref="Preview"/>.</exception>
    public static bool IsDowngrade(PlanChange change) => Direction(change) is PlanDirection.DecreasingAmount or PlanDirection.ShorteningInterval;

    private static void Validate(PlanChange change)
    {
        ArgumentNullException.ThrowIfNull(change);
        Require(change.CurrentAmount is >= 0 and <= MaxAmount, "CurrentAmount must be 0 to long.MaxValue / 2 minor units.");
        Require(change.NewAmount is >= 0 and <= MaxAmount, "NewAmount must be 0 to long.MaxValue / 2 minor units.");
        Require(change.TaxRateBasisPoints is >= 0 and <= TaxMath.BasisPointsPerWhole, "TaxRateBasisPoints must be 0 to 10000.");
        Require(change.CurrentRecurrence is not null && change.NewRecurrence is not null, "Both recurrences are required.");

        // Checked on whole seconds, the unit the rules measure in: a sub-second period has no length to prorate.
        var periodStart = TruncateToSecond(change.PeriodStart);
        var periodEnd = TruncateToSecond(change.PeriodEnd);
        var changeAt = TruncateToSecond(change.ChangeAt);
        Require(periodEnd > periodStart, "PeriodEnd must be at least one whole second after PeriodStart.");
        Require(changeAt >= periodStart && changeAt <= periodEnd, "ChangeAt must lie within [PeriodStart, PeriodEnd].");

        static void Require(bool condition, string message)
        {
            if (!condition)
            {
                throw new ArgumentException(message, nameof(change));
            }
        }
    }

    // Offsets are whole minutes, so truncating the local ticks truncates the UTC instant too.
    private static DateTimeOffset TruncateToSecond(DateTimeOffset instant) =>
        new(instant.Ticks - (instant.Ticks % TimeSpan.TicksPerSecond), instant.Offset);

    private static long WholeSeconds(TimeSpan span) => span.Ticks / TimeSpan.TicksPerSecond;
}
