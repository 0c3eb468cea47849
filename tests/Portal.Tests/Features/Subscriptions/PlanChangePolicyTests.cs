using CsCheck;
using Vinr.Portal.Api.Features.BillingPortal.Configurations;
using Vinr.Portal.Api.Features.Products;
using Vinr.Portal.Api.Features.Subscriptions;
using Vinr.Portal.Api.Infrastructure;

namespace Vinr.Portal.Tests.Features.Subscriptions;

/// <summary>The plan-change rules on values alone: no host, no database.</summary>
public sealed class PlanChangePolicyTests
{
    private static readonly DateTimeOffset March1 = new(2026, 3, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset March31 = March1.AddDays(30);

    private static readonly PlanOption Starter = Plan("price_starter", "Starter", 1_200);
    private static readonly PlanOption Pro = Plan("price_pro", "Pro", 4_900);
    private static readonly PlanOption ProYearly = Plan("price_pro_y", "Pro", 49_000, Recurrence.Yearly);
    private static readonly PlanOption Business = Plan("price_business", "Business", 2_900, perUnit: true);

    private static PlanOption Plan(string id, string name, long amount, Recurrence? recurrence = null, bool perUnit = false, string currency = "usd") =>
        new(id, name, null, amount, currency, recurrence ?? Recurrence.Monthly, perUnit, IsCurrent: false);

    private static SubscriptionUpdateFeature Rules(ProrationBehavior behavior = ProrationBehavior.CreateProrations, bool scheduleDowngrades = true) => new()
    {
        Prices = [Starter.PriceId, Pro.PriceId, ProYearly.PriceId, Business.PriceId],
        ProrationBehavior = behavior,
        ScheduleDecreasingAmount = scheduleDowngrades,
        ScheduleShorterInterval = scheduleDowngrades,
        QuantityMin = 1,
        QuantityMax = 5,
    };

    private static CurrentPlan OnPro(SubscriptionStatus status = SubscriptionStatus.Active, bool cancelAtPeriodEnd = false, PlanOption? plan = null, long quantity = 1) =>
        new("sub_1", status, cancelAtPeriodEnd, plan ?? Pro, quantity, March1, March31);

    private static Outcome<ChangePreview> Decide(PlanOption? target, long quantity = 1, SubscriptionUpdateFeature? rules = null, CurrentPlan? current = null,
        long balance = 0, DateTimeOffset? at = null) =>
        PlanChangePolicy.Decide(rules ?? Rules(), current ?? OnPro(), target, quantity, balance, at ?? March1.AddDays(15));

    [Theory]
    [InlineData(SubscriptionStatus.Active, false, null)]
    [InlineData(SubscriptionStatus.Trialing, false, null)]
    [InlineData(SubscriptionStatus.Active, true, "Renew your subscription before changing plan.")]
    [InlineData(SubscriptionStatus.PastDue, false, "Pay your open invoice before changing plan.")]
    [InlineData(SubscriptionStatus.Canceled, false, "This subscription's plan cannot be changed here.")]
    [InlineData(SubscriptionStatus.Incomplete, false, "This subscription's plan cannot be changed here.")]
    public void Only_active_and_trialing_subscriptions_not_set_to_cancel_may_change_plan(SubscriptionStatus status, bool cancelAtPeriodEnd, string? refusal)
    {
        Assert.Equal(refusal, PlanChangePolicy.Refusal(Rules(), status, cancelAtPeriodEnd)?.Message);
        Assert.Equal(refusal, Decide(Business, current: OnPro(status, cancelAtPeriodEnd)).Problem?.Message);
    }

    [Fact]
    public void Nothing_may_change_when_the_merchant_turned_plan_changes_off()
    {
        var off = Rules();
        off.Enabled = false;

        Assert.Equal(ProblemKind.NotAllowed, Decide(Business, rules: off).Problem?.Kind);
    }

    [Fact]
    public void A_price_the_configuration_does_not_name_or_in_another_currency_is_not_available()
    {
        var unlisted = Plan("price_secret", "Enterprise", 99_000);
        var euros = Plan(Business.PriceId, "Business", 2_700, perUnit: true, currency: "eur");

        Assert.Equal(new Problem(ProblemKind.Invalid, "That plan is not available.", "price"), Decide(unlisted).Problem);
        Assert.Equal(new Problem(ProblemKind.Invalid, "That plan is not available.", "price"), Decide(euros).Problem);
        Assert.Equal(new Problem(ProblemKind.Invalid, "That plan is not available.", "price"), Decide(null).Problem);
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
        if (!allowed)
        {
            Assert.Equal(new Problem(ProblemKind.Invalid, "Choose between 1 and 5 seats.", "quantity"), outcome.Problem);
        }
    }

    [Fact]
    public void A_flat_price_is_always_one_and_the_current_plan_is_no_change()
    {
        var starter = Decide(Starter, quantity: 40, rules: Rules(scheduleDowngrades: false)).Value!;

        Assert.Equal(1, starter.ToQuantity);
        Assert.Equal("That is your current plan.", Decide(Pro, quantity: 7).Problem?.Message);
    }

    [Fact]
    public void A_cheaper_plan_waits_for_period_end_when_the_merchant_schedules_downgrades_and_charges_nothing_now()
    {
        var scheduled = Decide(Starter).Value!;
        var immediate = Decide(Starter, rules: Rules(scheduleDowngrades: false)).Value!;

        Assert.True(scheduled.Scheduled);
        Assert.Equal((March31, March31), (scheduled.EffectiveAt, scheduled.NextBillingDate));
        Assert.Empty(scheduled.Lines);
        Assert.Equal((0L, 0L, 1_200L), (scheduled.DueToday, scheduled.AddedToNextInvoice, scheduled.NewRecurringAmount));
        Assert.False(immediate.Scheduled);
        Assert.Equal(-1_850, immediate.Subtotal); // half a month of Pro back, half a month of Starter on
    }

    [Fact]
    public void With_create_prorations_the_lines_wait_for_the_next_invoice()
    {
        var preview = Decide(Business, 3).Value!;

        Assert.Null(preview.Invoice);
        Assert.Equal([ProrationLineKind.UnusedTime, ProrationLineKind.RemainingTime], preview.Lines.Select(l => l.Kind));
        Assert.Equal((-2_450L, 4_350L), (preview.Lines[0].Amount, preview.Lines[1].Amount));
        Assert.Equal((1_900L, 0L), (preview.AddedToNextInvoice, preview.DueToday));
        Assert.Equal(8_700, preview.NewRecurringAmount);
    }

    [Fact]
    public void With_always_invoice_the_credit_on_the_balance_pays_first()
    {
        var preview = Decide(Business, 3, Rules(ProrationBehavior.AlwaysInvoice), balance: -500).Value!;

        var invoice = preview.Invoice!;
        Assert.Equal((1_900L, 500L, 1_400L, 0L), (invoice.Total, invoice.CreditApplied, invoice.AmountDue, invoice.CreditToBalance));
        Assert.Equal((1_400L, 500L), (preview.DueToday, preview.CreditApplied));
        Assert.Equal(["Unused time on Pro", "Remaining time on Business × 3"], invoice.Lines.Select(l => l.Description));
        Assert.Equal([Pro.PriceId, Business.PriceId], invoice.Lines.Select(l => l.PriceId));
    }

    [Fact]
    public void A_cheaper_change_invoiced_now_puts_the_difference_on_the_balance()
    {
        var preview = Decide(Starter, rules: Rules(ProrationBehavior.AlwaysInvoice, scheduleDowngrades: false)).Value!;

        Assert.Equal((0L, 1_850L), (preview.DueToday, preview.CreditToBalance));
        Assert.Equal(-1_850, preview.Invoice!.BalanceChange);
    }

    [Fact]
    public void Switching_to_yearly_restarts_the_cycle_and_invoices_the_year_now_even_without_proration()
    {
        var prorated = Decide(ProYearly).Value!;
        var unprorated = Decide(ProYearly, rules: Rules(ProrationBehavior.None)).Value!;

        Assert.True(prorated.RestartsCycle);
        Assert.Equal(March1.AddDays(15).AddYears(1), prorated.NextBillingDate);
        Assert.Equal(49_000 - 2_450, prorated.DueToday);
        Assert.Equal([ProrationLineKind.NewPeriod], unprorated.Lines.Select(l => l.Kind));
        Assert.Equal(49_000, unprorated.DueToday);
        Assert.Equal("Pro (yearly)", unprorated.Invoice!.Lines.Single().Description);
    }

    [Fact]
    public void Without_proration_a_same_period_change_bills_nothing_until_the_next_invoice()
    {
        var preview = Decide(Business, 2, Rules(ProrationBehavior.None)).Value!;

        Assert.Empty(preview.Lines);
        Assert.Null(preview.Invoice);
        Assert.Equal((0L, 0L, 5_800L), (preview.DueToday, preview.AddedToNextInvoice, preview.NewRecurringAmount));
    }

    [Fact]
    public void The_offered_plans_are_the_configured_ones_in_the_same_currency_shortest_period_and_cheapest_first_with_the_current_marked()
    {
        var rules = Rules();
        rules.Prices = [ProYearly.PriceId, Business.PriceId, "price_eur"];

        var offered = PlanChangePolicy.Offered(rules, Pro, [ProYearly, Business, Starter, Plan("price_eur", "Pro", 4_500, currency: "eur")]);

        Assert.Equal([Business.PriceId, Pro.PriceId, ProYearly.PriceId], offered.Select(p => p.PriceId));
        Assert.Equal(Pro.PriceId, Assert.Single(offered, p => p.IsCurrent).PriceId);
    }

    [Fact]
    public void Only_a_scheduled_change_can_be_undone()
    {
        Assert.Null(PlanChangePolicy.UndoRefusal("price_starter"));
        Assert.Equal("There is no scheduled change to undo.", PlanChangePolicy.UndoRefusal(null)?.Message);
    }

    private static SubscriptionUpdateFeature Transitions(PlanTransitions transitions, params string[] allowed)
    {
        var rules = Rules(scheduleDowngrades: false);
        rules.Transitions = transitions;
        rules.AllowedTransitions = allowed;
        return rules;
    }

    [Fact]
    public void Upgrades_only_allows_a_dearer_plan_a_longer_period_or_more_seats_and_says_why_not_otherwise()
    {
        var rules = Transitions(PlanTransitions.UpgradesOnly);
        var onBusiness = OnPro(plan: Business, quantity: 2);

        Assert.True(Decide(ProYearly, rules: rules).Succeeded); // a longer period, even if cheaper per month
        Assert.True(Decide(Business, 3, rules).Succeeded); // 87.00 a month against 49.00
        Assert.True(Decide(Business, 3, rules, onBusiness).Succeeded); // one more seat
        Assert.Equal(new Problem(ProblemKind.NotAllowed, "Only upgrades are offered from Pro: a plan that costs more, or a longer billing period.", "price"),
            Decide(Starter, rules: rules).Problem);
        Assert.Equal(ProblemKind.NotAllowed, Decide(Business, 1, rules, onBusiness).Problem?.Kind);
    }

    [Fact]
    public void No_lateral_moves_refuses_only_a_switch_to_another_plan_of_the_same_price_and_period()
    {
        var rules = Transitions(PlanTransitions.NoLateralMoves);
        var team = Plan("price_team", "Team", 4_900);
        rules.Prices = [.. rules.Prices, team.PriceId];

        Assert.Equal("A switch from Pro to another plan of the same price is not offered.", Decide(team, rules: rules).Problem?.Message);
        Assert.True(Decide(Starter, rules: rules).Succeeded);
        Assert.True(Decide(ProYearly, rules: rules).Succeeded);
    }

    [Fact]
    public void A_table_of_moves_allows_exactly_the_listed_moves_and_seat_changes_on_the_same_price()
    {
        var rules = Transitions(PlanTransitions.Table, PlanChangePolicy.Transition(Pro.PriceId, ProYearly.PriceId));

        Assert.True(Decide(ProYearly, rules: rules).Succeeded);
        Assert.Equal("A switch from Pro to Business is not offered.", Decide(Business, 2, rules).Problem?.Message);
        Assert.True(Decide(Business, 4, rules, OnPro(plan: Business, quantity: 2)).Succeeded);
    }

    [Fact]
    public void The_plan_list_says_why_a_flat_plan_is_out_and_leaves_per_seat_plans_to_the_seats_chosen()
    {
        var upgradesOnly = Transitions(PlanTransitions.UpgradesOnly);
        var table = Transitions(PlanTransitions.Table, PlanChangePolicy.Transition(Pro.PriceId, ProYearly.PriceId));

        Assert.NotNull(PlanChangePolicy.WhyNotOffered(upgradesOnly, OnPro(), Starter));
        Assert.Null(PlanChangePolicy.WhyNotOffered(upgradesOnly, OnPro(), ProYearly));
        Assert.Null(PlanChangePolicy.WhyNotOffered(upgradesOnly, OnPro(), Business));
        Assert.NotNull(PlanChangePolicy.WhyNotOffered(table, OnPro(), Business));
        Assert.Null(PlanChangePolicy.WhyNotOffered(table, OnPro(), Pro));
    }

    [Fact]
    public void Each_schedule_condition_holds_back_its_own_kind_of_downgrade()
    {
        var amountOnly = Rules();
        amountOnly.ScheduleShorterInterval = false;
        var onYearly = OnPro(plan: ProYearly);

        Assert.True(Decide(Starter, rules: amountOnly).Value!.Scheduled);
        Assert.False(Decide(Pro, rules: amountOnly, current: onYearly, at: March1).Value!.Scheduled);
        Assert.True(Decide(Pro, current: onYearly, at: March1).Value!.Scheduled);
    }

    [Fact]
    public void Without_price_changes_only_the_seats_of_the_current_plan_change()
    {
        var seatsOnly = Rules();
        seatsOnly.PriceEnabled = false;
        var onBusiness = OnPro(plan: Business, quantity: 2);

        Assert.Equal("That plan is not available.", Decide(Pro, rules: seatsOnly, current: onBusiness).Problem?.Message);
        Assert.True(Decide(Business, 3, seatsOnly, onBusiness).Succeeded);
        Assert.Equal([Business.PriceId], PlanChangePolicy.Offered(seatsOnly, Business, [Pro, Starter, Business]).Select(p => p.PriceId));
    }

    [Fact]
    public void What_is_due_today_is_what_the_lines_come_to_after_credit_never_less_than_nothing()
    {
        var gen =
            from seats in Gen.Long[1, 5]
            from day in Gen.Int[0, 30]
            from balance in Gen.Long[-100_000, 100_000]
            from behavior in Gen.Enum<ProrationBehavior>()
            from target in Gen.OneOf(Gen.Const(Starter), Gen.Const(ProYearly), Gen.Const(Business))
            select (seats, day, balance, behavior, target);

        gen.Sample(c =>
        {
            var outcome = Decide(c.target, c.seats, Rules(c.behavior, scheduleDowngrades: false), balance: c.balance, at: March1.AddDays(c.day));
            var preview = outcome.Value!;
            Assert.True(preview.DueToday >= 0);
            Assert.True(preview.CreditApplied <= Math.Max(0, -c.balance));
            Assert.Equal(preview.Lines.Sum(l => l.Amount), preview.Subtotal);
            Assert.Equal(preview.Invoice is null ? 0 : Math.Max(preview.Subtotal, 0), preview.DueToday + preview.CreditApplied);
            Assert.Equal(preview.Invoice is null ? preview.Subtotal : 0, preview.AddedToNextInvoice);
        }, iter: 2_000);
    }
}
