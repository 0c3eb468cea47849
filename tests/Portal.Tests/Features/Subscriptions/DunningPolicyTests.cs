using Vinr.Portal.Api.Features.Subscriptions;

namespace Vinr.Portal.Tests.Features.Subscriptions;

public sealed class DunningPolicyTests
{
    private static readonly DateTimeOffset FirstFailure = new(2026, 1, 31, 9, 30, 0, TimeSpan.Zero);
    private static readonly DunningSchedule Default = new([1, 3, 5, 7], DunningFinalAction.Cancel);

    [Theory]
    [InlineData(0, 1)]
    [InlineData(1, 3)]
    [InlineData(2, 5)]
    [InlineData(3, 7)]
    public void Each_retry_is_its_days_after_the_first_failure(int retriesDone, int days)
    {
        var step = DunningPolicy.AfterFailure(Default, FirstFailure, retriesDone);

        Assert.Equal(new DunningStep.Retry(FirstFailure.AddDays(days)), step);
    }

    [Theory]
    [InlineData(DunningFinalAction.Cancel)]
    [InlineData(DunningFinalAction.MarkUnpaid)]
    [InlineData(DunningFinalAction.PastDue)]
    public void After_the_last_retry_the_merchants_final_action_follows(DunningFinalAction action)
    {
        var step = DunningPolicy.AfterFailure(Default with { FinalAction = action }, FirstFailure, retriesDone: 4);

        Assert.Equal(new DunningStep.GiveUp(action), step);
    }

    [Fact]
    public void With_no_retries_the_first_failure_is_the_last()
    {
        Assert.Equal(new DunningStep.GiveUp(DunningFinalAction.MarkUnpaid),
            DunningPolicy.AfterFailure(new DunningSchedule([], DunningFinalAction.MarkUnpaid), FirstFailure, 0));
    }

    [Theory]
    [InlineData(DunningFinalAction.Cancel, SubscriptionStatus.Canceled)]
    [InlineData(DunningFinalAction.MarkUnpaid, SubscriptionStatus.Unpaid)]
    [InlineData(DunningFinalAction.PastDue, SubscriptionStatus.PastDue)]
    public void Each_final_action_has_its_status(DunningFinalAction action, SubscriptionStatus status) =>
        Assert.Equal(status, DunningPolicy.StatusAfter(action));

    [Theory]
    [InlineData(new int[0], true)]
    [InlineData(new[] { 1, 3, 5, 7 }, true)]
    [InlineData(new[] { 2 }, true)]
    [InlineData(new[] { 1, 2, 3, 4, 5, 6, 7, 8 }, true)]
    [InlineData(new[] { 1, 2, 3, 4, 5, 6, 7, 8, 9 }, false)]
    [InlineData(new[] { 0 }, false)]
    [InlineData(new[] { 61 }, false)]
    [InlineData(new[] { 3, 1 }, false)]
    [InlineData(new[] { 3, 3 }, false)]
    public void A_schedule_has_at_most_eight_increasing_days_of_one_to_sixty(int[] days, bool valid) =>
        Assert.Equal(valid, DunningPolicy.Validate(days) is null);

    [Fact]
    public void Stored_days_read_back_as_written()
    {
        Assert.Equal([1, 3, 5, 7], DunningPolicy.ParseDays(DunningPolicy.FormatDays([1, 3, 5, 7])));
        Assert.Empty(DunningPolicy.ParseDays(DunningPolicy.FormatDays([])));
    }

    [Fact]
    public void Paying_makes_a_past_due_or_unpaid_subscription_active_once_nothing_is_open()
    {
        Assert.Equal(SubscriptionStatus.Active, SubscriptionRules.StatusAfterPayment(SubscriptionStatus.Unpaid, anotherInvoiceOpen: false));
        Assert.Equal(SubscriptionStatus.Unpaid, SubscriptionRules.StatusAfterPayment(SubscriptionStatus.Unpaid, anotherInvoiceOpen: true));
        Assert.Equal(SubscriptionStatus.Canceled, SubscriptionRules.StatusAfterPayment(SubscriptionStatus.Canceled, anotherInvoiceOpen: false));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    public void A_charge_that_needs_the_customer_skips_to_the_schedules_last_retry(int retriesDone)
    {
        var (step, done) = DunningPolicy.AfterAuthenticationRequired(Default, FirstFailure, retriesDone);

        Assert.Equal(new DunningStep.Retry(FirstFailure.AddDays(7)), step);
        Assert.Equal(3, done); // so the last retry's failure gives up
    }

    [Fact]
    public void A_charge_that_needs_the_customer_at_the_last_retry_gives_up_and_with_no_retries_at_once()
    {
        Assert.Equal((new DunningStep.GiveUp(DunningFinalAction.Cancel), 4), DunningPolicy.AfterAuthenticationRequired(Default, FirstFailure, 4));
        Assert.Equal((new DunningStep.GiveUp(DunningFinalAction.PastDue), 0),
            DunningPolicy.AfterAuthenticationRequired(new DunningSchedule([], DunningFinalAction.PastDue), FirstFailure, 0));
    }
}
