using Vinr.Portal.Api.Features.Products;

namespace Vinr.Portal.Tests.Features.Products;

public sealed class RecurrenceTests
{
    [Theory]
    [InlineData(BillingInterval.Month, 1, 1, "monthly")]
    [InlineData(BillingInterval.Year, 1, 12, "yearly")]
    [InlineData(BillingInterval.Month, 3, 3, "every 3 months")]
    [InlineData(BillingInterval.Year, 2, 24, "every 2 years")]
    public void A_recurrence_has_a_length_in_months_and_a_word(BillingInterval interval, int count, int months, string adverb)
    {
        var recurrence = new Recurrence(interval, count);

        Assert.Equal((months, adverb), (recurrence.Months, recurrence.Adverb));
    }

    [Theory]
    [InlineData(BillingInterval.Month, 0)]
    [InlineData(BillingInterval.Month, 37)]
    [InlineData(BillingInterval.Year, 4)]
    [InlineData((BillingInterval)9, 1)]
    public void Periods_outside_one_month_to_three_years_are_refused(BillingInterval interval, int count)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new Recurrence(interval, count));
    }

    [Theory]
    [InlineData("2026-01-31", "2026-01-31", "2026-02-28")]
    [InlineData("2026-01-31", "2026-02-28", "2026-03-31")]
    [InlineData("2026-01-31", "2026-03-31", "2026-04-30")]
    [InlineData("2024-01-30", "2024-01-30", "2024-02-29")]
    [InlineData("2026-03-15", "2026-05-15", "2026-06-15")]
    public void A_monthly_period_ends_on_the_anchor_day_or_the_last_day_of_a_shorter_month(string anchor, string start, string end)
    {
        Assert.Equal(DateTimeOffset.Parse(end, System.Globalization.CultureInfo.InvariantCulture),
            Recurrence.Monthly.PeriodEndAfter(DateTimeOffset.Parse(anchor, System.Globalization.CultureInfo.InvariantCulture), DateTimeOffset.Parse(start, System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Fact]
    public void A_leap_day_anchor_bills_on_the_28th_in_common_years_and_the_29th_again_in_leap_years()
    {
        var leapDay = new DateTimeOffset(2024, 2, 29, 0, 0, 0, TimeSpan.Zero);

        Assert.Equal(new DateTimeOffset(2025, 2, 28, 0, 0, 0, TimeSpan.Zero), Recurrence.Yearly.PeriodEndAfter(leapDay, leapDay));
        Assert.Equal(new DateTimeOffset(2028, 2, 29, 0, 0, 0, TimeSpan.Zero), Recurrence.Yearly.PeriodEndAfter(leapDay, new DateTimeOffset(2027, 2, 28, 0, 0, 0, TimeSpan.Zero)));
    }
}
