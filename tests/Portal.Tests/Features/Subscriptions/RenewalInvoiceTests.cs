using CsCheck;
using Vinr.Portal.Api.Features.Invoices;
using Vinr.Portal.Api.Features.Products;
using Vinr.Portal.Api.Features.Subscriptions;

namespace Vinr.Portal.Tests.Features.Subscriptions;

/// <summary>The next renewal's invoice, on values alone: what the billing clock writes, and the upcoming invoice that previews it.</summary>
public sealed class RenewalInvoiceTests
{
    private static readonly DateTimeOffset Jan31 = new(2026, 1, 31, 9, 30, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset End = Jan31.AddMonths(1); // 28 Feb

    private static readonly PlanOption Pro = new("price_pro", "Pro", null, 4_900, "usd", Recurrence.Monthly, PerUnit: false, IsCurrent: true);
    private static readonly PlanOption ProYearly = Pro with { PriceId = "price_pro_y", UnitAmount = 49_000, Recurrence = Recurrence.Yearly };
    private static readonly PlanOption Business = new("price_business", "Business", null, 2_900, "usd", Recurrence.Monthly, PerUnit: true, IsCurrent: false);

    private static BillingState State(PlanOption? plan = null, long quantity = 1, SubscriptionStatus status = SubscriptionStatus.Active,
        bool cancelAtPeriodEnd = false, PlanOption? scheduled = null, long? scheduledQuantity = null) =>
        new(status, cancelAtPeriodEnd, End, Jan31, plan ?? Pro, quantity, scheduled, scheduledQuantity);

    /// <summary>What a plan change under <c>create_prorations</c> leaves waiting: credit for the old plan, charge for the new.</summary>
    private static readonly InvoiceDraftLine[] Prorations =
    [
        new("Unused time on Pro", -1_750, 1, null, Proration: true, Jan31.AddDays(18), End),
        new("Remaining time on Business × 3", 3_107, 1, null, Proration: true, Jan31.AddDays(18), End),
    ];

    [Fact]
    public void The_plan_line_is_price_times_seats_for_the_next_period_dated_at_the_period_end()
    {
        var next = RenewalInvoice.Next(State(Business, quantity: 3), [], customerBalance: 0)!;

        Assert.Equal(End, next.Date);
        var line = Assert.Single(next.Draft.Lines);
        Assert.Equal(("Business × 3 (monthly)", 8_700L, 3L, "price_business", false), (line.Description, line.Amount, line.Quantity, line.PriceId, line.Proration));
        Assert.Equal((End, new DateTimeOffset(2026, 3, 31, 9, 30, 0, TimeSpan.Zero)), (line.PeriodStart, line.PeriodEnd));
        Assert.Equal((line.PeriodStart, line.PeriodEnd, "usd"), (next.Draft.PeriodStart, next.Draft.PeriodEnd, next.Draft.Currency));
        Assert.Equal((8_700L, 8_700L, 0L), (next.Draft.Total, next.Draft.AmountDue, next.EndingBalance));
    }

    [Fact]
    public void Waiting_prorations_follow_the_plan_and_credit_on_the_balance_pays_first()
    {
        var next = RenewalInvoice.Next(State(Business, quantity: 3), Prorations, customerBalance: -1_000)!;

        Assert.Equal(["Business × 3 (monthly)", "Unused time on Pro", "Remaining time on Business × 3"], next.Draft.Lines.Select(l => l.Description));
        Assert.Equal(8_700 - 1_750 + 3_107, next.Draft.Total);
        Assert.Equal((1_000L, 8_700 - 1_750 + 3_107 - 1_000L), (next.Draft.CreditApplied, next.Draft.AmountDue));
        Assert.Equal((-1_000L, 0L), (next.StartingBalance, next.EndingBalance));
    }

    [Fact]
    public void Credit_larger_than_the_invoice_leaves_nothing_due_and_the_rest_on_the_balance()
    {
        var next = RenewalInvoice.Next(State(), [], customerBalance: -6_000)!;

        Assert.Equal((4_900L, 0L, -1_100L), (next.Draft.CreditApplied, next.Draft.AmountDue, next.EndingBalance));
    }

    [Fact]
    public void A_negative_total_is_owed_to_the_customer()
    {
        var refund = new InvoiceDraftLine("Unused time on Business × 10", -30_000, 1, null, Proration: true, Jan31.AddDays(3), End);

        var next = RenewalInvoice.Next(State(), [refund], customerBalance: 0)!;

        Assert.Equal((-25_100L, 0L, 25_100L, -25_100L), (next.Draft.Total, next.Draft.AmountDue, next.Draft.CreditToBalance, next.EndingBalance));
    }

    [Fact]
    public void A_scheduled_change_is_what_the_next_invoice_bills_and_a_longer_period_starts_a_new_cycle()
    {
        var toBusiness = RenewalInvoice.Next(State(scheduled: Business, scheduledQuantity: 4), [], 0)!;
        var toYearly = RenewalInvoice.Next(State(scheduled: ProYearly), [], 0)!;

        Assert.Equal(("Business × 4 (monthly)", 11_600L), (Assert.Single(toBusiness.Draft.Lines).Description, toBusiness.Draft.Total));
        Assert.Equal(("Pro (yearly)", 49_000L, End.AddYears(1)), (Assert.Single(toYearly.Draft.Lines).Description, toYearly.Draft.Total, toYearly.Draft.PeriodEnd));
    }

    [Fact]
    public void A_trial_ends_with_the_first_paid_period()
    {
        var next = RenewalInvoice.Next(State(status: SubscriptionStatus.Trialing), [], 0)!;

        Assert.Equal((End, 4_900L), (next.Date, next.Draft.AmountDue));
    }

    [Theory]
    [InlineData(SubscriptionStatus.Active, true)]
    [InlineData(SubscriptionStatus.PastDue, true)]
    [InlineData(SubscriptionStatus.Canceled, false)]
    [InlineData(SubscriptionStatus.Unpaid, false)]
    [InlineData(SubscriptionStatus.Incomplete, false)]
    public void Nothing_is_upcoming_when_the_period_ends_without_an_invoice(SubscriptionStatus status, bool cancelAtPeriodEnd)
    {
        Assert.Null(RenewalInvoice.Next(State(status: status, cancelAtPeriodEnd: cancelAtPeriodEnd), Prorations, 0));
    }

    [Fact]
    public void Whenever_the_clock_runs_after_the_period_end_it_writes_exactly_the_upcoming_invoice()
    {
        PlanOption[] choices = [Pro, ProYearly, Business, Business with { Recurrence = new Recurrence(BillingInterval.Month, 3) }];
        var plans = Gen.Int[0, choices.Length - 1].Select(i => choices[i]);
        var lines = Gen.Select(Gen.Long[-100_000, 100_000], Gen.Bool, (amount, proration) =>
            new InvoiceDraftLine("Item", amount, 1, null, proration, Jan31.AddDays(5), End));
        var gen =
            from status in Gen.Enum<SubscriptionStatus>()
            from cancel in Gen.Bool
            from plan in plans
            from quantity in Gen.Long[1, 50]
            from changes in Gen.Int[0, 2]
            from next in plans
            from scheduledQuantity in Gen.Long[1, 50]
            from waiting in lines.Array[0, 4]
            from balance in Gen.Long[-200_000, 50_000]
            from lateSeconds in Gen.Long[0, 40L * 24 * 3600]
            let scheduled = changes == 0 ? next : null // a third of them wait for a change
            select (State: new BillingState(status, cancel, End, Jan31, plan, quantity, scheduled, scheduled is null ? null : scheduledQuantity),
                Waiting: waiting, Balance: balance, Late: TimeSpan.FromSeconds(lateSeconds));

        gen.Sample(c =>
        {
            var upcoming = RenewalInvoice.Next(c.State, c.Waiting, c.Balance);
            var turn = PeriodTurn.Decide(c.State, c.State.PeriodEnd + c.Late);

            if (turn is PeriodTurn.Renews renews)
            {
                var written = RenewalInvoice.Draft(renews, c.Waiting, c.Balance);
                Assert.NotNull(upcoming);
                Assert.Equal(renews.Start, upcoming.Date);
                Assert.Equal(written.Lines, upcoming.Draft.Lines);
                Assert.Equal((written.Total, written.CreditApplied, written.AmountDue, written.CreditToBalance, written.PeriodStart, written.PeriodEnd),
                    (upcoming.Draft.Total, upcoming.Draft.CreditApplied, upcoming.Draft.AmountDue, upcoming.Draft.CreditToBalance, upcoming.Draft.PeriodStart, upcoming.Draft.PeriodEnd));
            }
            else
            {
                Assert.Null(upcoming);
            }
        }, iter: 2_000);
    }
}
