namespace Vinr.Portal.Api.Features.Products;

/// <summary>
/// How often a price bills: every <see cref="Count"/> months or years (Stripe's <c>interval</c> and
/// <c>interval_count</c>). Every rule that adds a period, compares two periods or words one goes
/// through here.
/// </summary>
public sealed record Recurrence
{
    /// <summary>Stripe's limit: a period is at most three years.</summary>
    public const int MaxMonths = 36;

    public Recurrence(BillingInterval interval, int count = 1)
    {
        if (!Enum.IsDefined(interval))
        {
            throw new ArgumentOutOfRangeException(nameof(interval), interval, "Unknown billing interval.");
        }
        Interval = interval;
        Count = count;
        if (count < 1 || Months > MaxMonths)
        {
            throw new ArgumentOutOfRangeException(nameof(count), count, $"A period is 1 to {MaxMonths} months long.");
        }
    }

    public static Recurrence Monthly { get; } = new(BillingInterval.Month);
    public static Recurrence Yearly { get; } = new(BillingInterval.Year);

    public BillingInterval Interval { get; }
    public int Count { get; }

    /// <summary>The period's length in months: a year is longer than a quarter, which is longer than a month.</summary>
    public int Months => Interval == BillingInterval.Year ? 12 * Count : Count;

    /// <summary>
    /// The end of the period that starts at <paramref name="periodStart"/>, counted in whole periods from
    /// <paramref name="anchor"/> (the day billing started), never from the last end: an anchor on
    /// 31 January bills on 28 February, then 31 March, not on the 28th forever after.
    /// </summary>
    public DateTimeOffset PeriodEndAfter(DateTimeOffset anchor, DateTimeOffset periodStart)
    {
        var elapsedMonths = ((periodStart.Year - anchor.Year) * 12) + periodStart.Month - anchor.Month;
        var periods = Math.Max(0, (elapsedMonths / Months) - 1);
        DateTimeOffset end;
        do
        {
            periods++;
            end = anchor.AddMonths(Months * periods);
        }
        while (end <= periodStart);
        return end;
    }

    /// <summary><c>monthly</c>, <c>yearly</c>, <c>every 3 months</c>: as invoice lines word it.</summary>
    public string Adverb => Count == 1
        ? Interval == BillingInterval.Month ? "monthly" : "yearly"
        : $"every {Count} {(Interval == BillingInterval.Month ? "months" : "years")}";

    public override string ToString() => Adverb;

    /// <summary>Two recurrences of the same length are the same period: twelve months is a year.</summary>
    public bool Equals(Recurrence? other) => other is not null && other.Months == Months;

    public override int GetHashCode() => Months;
}
