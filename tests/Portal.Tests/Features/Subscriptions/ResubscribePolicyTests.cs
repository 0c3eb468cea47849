using CsCheck;
using Vinr.Portal.Api.Features.BillingPortal.Configurations;
using Vinr.Portal.Api.Features.Products;
using Vinr.Portal.Api.Features.Subscriptions;
using Vinr.Portal.Api.Features.Tax;
using Vinr.Portal.Api.Infrastructure;

namespace Vinr.Portal.Tests.Features.Subscriptions;

/// <summary>The resubscribe rules on values alone: no host, no database.</summary>
public sealed class ResubscribePolicyTests
{
    private static readonly DateTimeOffset March10 = new(2026, 3, 10, 9, 30, 0, TimeSpan.Zero);

    private static readonly PlanOption Starter = Plan("price_starter", "Starter", 1_200);
    private static readonly PlanOption Pro = Plan("price_pro", "Pro", 4_900);
    private static readonly PlanOption ProYearly = Plan("price_pro_y", "Pro", 49_000, Recurrence.Yearly);
    private static readonly PlanOption Business = Plan("price_business", "Business", 2_900, perUnit: true);
    private static readonly PlanOption BusinessEuros = Plan("price_business_eur", "Business", 2_700, perUnit: true, currency: "eur");

    private static readonly SubscriptionHistory Ended = new([SubscriptionStatus.Canceled], "usd");

    private static PlanOption Plan(string id, string name, long amount, Recurrence? recurrence = null, bool perUnit = false, string currency = "usd") =>
        new(id, name, null, amount, currency, recurrence ?? Recurrence.Monthly, perUnit, IsCurrent: false);

    private static PortalFeatures Features(bool resubscribe = true, Action<SubscriptionUpdateFeature>? update = null)
    {
        var features = new PortalFeatures { Resubscribe = resubscribe };
        features.SubscriptionUpdate.Prices = [Starter.PriceId, Pro.PriceId, ProYearly.PriceId, Business.PriceId, BusinessEuros.PriceId];
        features.SubscriptionUpdate.QuantityMin = 1;
        features.SubscriptionUpdate.QuantityMax = 5;
        update?.Invoke(features.SubscriptionUpdate);
        return features;
    }

    private static Outcome<ResubscribePreview> Decide(PlanOption? target, long quantity = 1, PortalFeatures? features = null, SubscriptionHistory? history = null,
        long balance = 0, DateTimeOffset? at = null) =>
        ResubscribePolicy.Decide(features ?? Features(), history ?? Ended, target, quantity, balance, at ?? March10);

    [Fact]
    public void Nobody_may_resubscribe_while_the_merchant_has_the_switch_off()
    {
        var refused = new Problem(ProblemKind.NotAllowed, "Starting a new subscription is not available here.");

        Assert.Equal(refused, ResubscribePolicy.Refusal(Features(resubscribe: false), Ended));
        Assert.Equal(refused, Decide(Pro, features: Features(resubscribe: false)).Problem);
        Assert.Equal(refused, ResubscribePolicy.Choices(Features(resubscribe: false), SubscriptionHistory.None, [Pro], TaxTreatment.None).Problem);
        Assert.False(new PortalFeatures().Resubscribe);
    }

    [Theory]
    [InlineData(SubscriptionStatus.Active, false)]
    [InlineData(SubscriptionStatus.Trialing, false)]
    [InlineData(SubscriptionStatus.PastDue, false)]
    [InlineData(SubscriptionStatus.Canceled, true)]
    [InlineData(SubscriptionStatus.Incomplete, true)]
    public void Only_a_customer_with_no_subscription_still_billed_may_resubscribe(SubscriptionStatus other, bool allowed)
    {
        // An ended subscription beside the other one: it is the other that decides.
        var history = new SubscriptionHistory([other, SubscriptionStatus.Canceled], "usd");

        Assert.Equal(allowed, ResubscribePolicy.Refusal(Features(), history) is null);
        Assert.Equal(allowed ? null : ResubscribePolicy.AlreadySubscribed, Decide(Pro, history: history).Problem);
    }

    [Fact]
    public void A_customer_who_never_subscribed_may_start_one_in_any_offered_currency()
    {
        var euros = Decide(BusinessEuros, 2, history: SubscriptionHistory.None).Value!;

        Assert.Equal(("eur", 5_400L), (euros.Currency, euros.DueToday));
        Assert.Null(ResubscribePolicy.Refusal(Features(), SubscriptionHistory.None));
    }

    [Fact]
    public void A_price_the_configuration_does_not_name_or_in_another_currency_than_the_ended_one_is_not_available()
    {
        var notAvailable = new Problem(ProblemKind.Invalid, "That plan is not available.", "price");

        Assert.Equal(notAvailable, Decide(Plan("price_secret", "Enterprise", 99_000)).Problem);
        Assert.Equal(notAvailable, Decide(BusinessEuros, 2).Problem);
        Assert.Equal(notAvailable, Decide(null).Problem);
        Assert.Equal(notAvailable, Decide(Pro, features: Features(update: u => u.Prices = [])).Problem);
    }

    [Fact]
    public void The_switches_for_moving_between_plans_do_not_limit_a_fresh_choice()
    {
        var features = Features(update: u =>
        {
            u.Enabled = false;
            u.PriceEnabled = false;
            u.Transitions = PlanTransitions.Table;
        });

        Assert.True(Decide(Starter, features: features).Succeeded);
    }

    [Fact]
    public void The_offered_plans_are_the_configured_ones_in_the_ended_currency_by_period_then_price()
    {
        var offered = ResubscribePolicy.Offered(Features().SubscriptionUpdate, Ended,
            [ProYearly, Business, Plan("price_secret", "Enterprise", 99_000), BusinessEuros, Pro with { IsCurrent = true }, Starter]);

        Assert.Equal([Starter.PriceId, Business.PriceId, Pro.PriceId, ProYearly.PriceId], offered.Select(p => p.PriceId));
        Assert.DoesNotContain(offered, p => p.IsCurrent);
    }

    [Theory]
    [InlineData(0, false)]
    [InlineData(1, true)]
    [InlineData(5, true)]
    [InlineData(6, false)]
    public void Seats_on_a_per_seat_price_stay_within_the_configured_range(long seats, bool allowed)
    {
        var outcome = Decide(Business, seats);

        Assert.Equal(allowed, outcome.Succeeded);
        Assert.Equal(allowed ? null : new Problem(ProblemKind.Invalid, "Choose between 1 and 5 seats.", "quantity"), outcome.Problem);
    }

    [Fact]
    public void A_flat_price_is_one_whatever_the_seats_asked_and_so_is_a_per_seat_price_when_seats_are_off()
    {
        var flat = Decide(Pro, quantity: 40).Value!;
        var unseated = Decide(Business, quantity: 40, features: Features(update: u => u.QuantityEnabled = false)).Value!;

        Assert.Equal((1L, 4_900L), (flat.Quantity, flat.DueToday));
        Assert.Equal((1L, 2_900L), (unseated.Quantity, unseated.DueToday));
    }

    [Fact]
    public void The_first_period_is_invoiced_now_as_one_plan_line()
    {
        var preview = Decide(Business, 2).Value!;

        var line = Assert.Single(preview.Invoice.Lines);
        Assert.Equal(("Business × 2 (monthly)", 5_800L, 2L, Business.PriceId, false), (line.Description, line.Amount, line.Quantity, line.PriceId, line.Proration));
        Assert.Equal((5_800L, 5_800L, 0L), (preview.Invoice.Total, preview.DueToday, preview.CreditApplied));
        Assert.Equal(5_800, preview.RecurringAmount);
        Assert.Equal(0, preview.Invoice.BalanceChange);
    }

    [Theory]
    [InlineData(-500, 5_300, 500)]
    [InlineData(-10_000, 0, 5_800)]
    [InlineData(0, 5_800, 0)]
    [InlineData(700, 5_800, 0)] // money owed is not added here: only credit pays
    public void Credit_on_the_balance_pays_first(long balance, long dueToday, long creditApplied)
    {
        var preview = Decide(Business, 2, balance: balance).Value!;

        Assert.Equal((dueToday, creditApplied), (preview.DueToday, preview.CreditApplied));
        Assert.Equal(creditApplied, preview.Invoice.BalanceChange);
        Assert.Equal(5_800, preview.RecurringAmount);
    }

    [Fact]
    public void The_new_period_starts_now_from_a_new_anchor_and_the_next_billing_date_is_one_period_on()
    {
        var jan31 = new DateTimeOffset(2026, 1, 31, 10, 15, 30, TimeSpan.Zero).AddMilliseconds(250);

        var monthly = Decide(Pro, at: jan31).Value!;
        var yearly = Decide(ProYearly, at: jan31).Value!;

        var start = new DateTimeOffset(2026, 1, 31, 10, 15, 30, TimeSpan.Zero);
        Assert.Equal((start, start), (monthly.StartAt, monthly.Anchor));
        Assert.Equal(new DateTimeOffset(2026, 2, 28, 10, 15, 30, TimeSpan.Zero), monthly.PeriodEnd);
        Assert.Equal(monthly.PeriodEnd, monthly.NextBillingDate);
        Assert.Equal((start, monthly.PeriodEnd), (monthly.Invoice.PeriodStart, monthly.Invoice.PeriodEnd));
        Assert.Equal((start, monthly.PeriodEnd), (monthly.Invoice.Lines[0].PeriodStart, monthly.Invoice.Lines[0].PeriodEnd));
        Assert.Equal(new DateTimeOffset(2027, 1, 31, 10, 15, 30, TimeSpan.Zero), yearly.NextBillingDate);
        Assert.Equal("Pro (yearly)", yearly.Invoice.Lines[0].Description);
    }

    [Fact]
    public void What_is_due_and_the_credit_applied_always_add_up_to_one_period_of_the_plan()
    {
        var gen =
            from seats in Gen.Long[1, 5]
            from balance in Gen.Long[-100_000, 100_000]
            from target in Gen.OneOf(Gen.Const(Starter), Gen.Const(ProYearly), Gen.Const(Business))
            select (seats, balance, target);

        gen.Sample(c =>
        {
            var preview = Decide(c.target, c.seats, balance: c.balance).Value!;
            Assert.Equal(preview.RecurringAmount, preview.DueToday + preview.CreditApplied);
            Assert.InRange(preview.CreditApplied, 0, Math.Max(0, -c.balance));
            Assert.Equal(preview.CreditApplied, preview.Invoice.BalanceChange);
            Assert.True(preview.NextBillingDate > preview.StartAt);
        });
    }
}
