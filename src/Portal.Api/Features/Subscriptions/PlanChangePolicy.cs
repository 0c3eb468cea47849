using Vinr.Portal.Api.Features.BillingPortal.Configurations;
using Vinr.Portal.Api.Features.Discounts;
using Vinr.Portal.Api.Features.Invoices;
using Vinr.Portal.Api.Features.Tax;
using Vinr.Portal.Api.Infrastructure;

namespace Vinr.Portal.Api.Features.Subscriptions;

/// <summary>A subscription as a plan change (or a cancellation) sees it.</summary>
public sealed record CurrentPlan(
    string SubscriptionId, SubscriptionStatus Status, bool CancelAtPeriodEnd, PlanOption Plan, long Quantity,
    DateTimeOffset PeriodStart, DateTimeOffset PeriodEnd)
{
    /// <param name="subscription">With its price and product loaded.</param>
    public static CurrentPlan Of(Subscription subscription) => new(subscription.Id, subscription.Status, subscription.CancelAtPeriodEnd,
        PlanOption.Of(subscription.Price!, isCurrent: true), subscription.Quantity, subscription.CurrentPeriodStart, subscription.CurrentPeriodEnd);
}

/// <summary>
/// What a plan change will do, shown before anything changes. <see cref="ChangeAt"/> is the instant
/// the amounts were computed for; confirming soon after applies exactly these amounts.
/// <see cref="Invoice"/> is what is invoiced (and charged) now; otherwise the lines wait for the next
/// invoice (<see cref="AddedToNextInvoice"/>), or, when <see cref="Scheduled"/>, nothing happens until
/// <see cref="EffectiveAt"/>.
/// </summary>
public sealed record ChangePreview(
    string SubscriptionId,
    PlanOption From,
    long FromQuantity,
    PlanOption To,
    long ToQuantity,
    DateTimeOffset ChangeAt,
    bool Scheduled,
    DateTimeOffset EffectiveAt,
    ProrationBehavior Behavior,
    IReadOnlyList<ProrationLine> Lines,
    InvoiceDraft? Invoice,
    long AddedToNextInvoice,
    long NewRecurringAmount,
    DateTimeOffset NextBillingDate)
{
    public string Currency => From.Currency;

    public long Subtotal => Lines.Sum(l => l.Amount);

    public long CreditApplied => Invoice?.CreditApplied ?? 0;

    public long DueToday => Invoice?.AmountDue ?? 0;

    public long CreditToBalance => Invoice?.CreditToBalance ?? 0;

    /// <summary>The recurrence changes: the billing cycle restarts at <see cref="ChangeAt"/>.</summary>
    public bool RestartsCycle => From.Recurrence != To.Recurrence;

    /// <summary>A line as the preview and the invoice both word it.</summary>
    public string Describe(ProrationLine line) => InvoiceLineText.Proration(line.Kind, From, FromQuantity, To, ToQuantity);

    /// <summary>The preview's lines as invoice lines: the credit names the old plan, the charge the new one.</summary>
    public IReadOnlyList<InvoiceDraftLine> InvoiceLines() =>
    [
        .. Lines.Select(line => line.Kind == ProrationLineKind.UnusedTime
            ? new InvoiceDraftLine(Describe(line), line.Amount, FromQuantity, From.PriceId, Proration: true, line.PeriodStart, line.PeriodEnd)
            : new InvoiceDraftLine(Describe(line), line.Amount, ToQuantity, To.PriceId, line.Kind == ProrationLineKind.RemainingTime, line.PeriodStart, line.PeriodEnd)),
    ];
}

/// <summary>
/// The rules of a plan change, as values in and a decision out (no database): which subscriptions
/// may change, which plans and seat counts are allowed, whether the change waits for period end, and
/// what it costs now (<see cref="Proration"/>, then <see cref="InvoiceDraft"/> for credit).
/// </summary>
public static class PlanChangePolicy
{
    /// <summary>Why this subscription cannot change plan at all right now; null when it can.</summary>
    public static Problem? Refusal(SubscriptionUpdateFeature rules, SubscriptionStatus status, bool cancelAtPeriodEnd) =>
        (rules.Enabled, status, cancelAtPeriodEnd) switch
        {
            (true, SubscriptionStatus.Active or SubscriptionStatus.Trialing, false) => null,
            (true, SubscriptionStatus.Active or SubscriptionStatus.Trialing, true) =>
                new Problem(ProblemKind.NotAllowed, Messages.Get("RenewBeforeChange")),
            (true, SubscriptionStatus.PastDue or SubscriptionStatus.Unpaid, _) => new Problem(ProblemKind.NotAllowed, Messages.Get("PayBeforeChange")),
            _ => new Problem(ProblemKind.NotAllowed, Messages.Get("PlanChangeNotAllowed")),
        };

    /// <summary>
    /// The plans offered: the configured prices among <paramref name="candidates"/> in the
    /// subscription's currency, and the current plan (always shown, marked), by period then price.
    /// </summary>
    public static IReadOnlyList<PlanOption> Offered(SubscriptionUpdateFeature rules, PlanOption current, IEnumerable<PlanOption> candidates)
    {
        var offered = candidates.Where(p => IsOffered(rules, current, p) && p.PriceId != current.PriceId).ToList();
        offered.Add(current with { IsCurrent = true });
        return [.. offered.OrderBy(p => p.Recurrence.Months).ThenBy(p => p.UnitAmount)];
    }

    /// <summary>
    /// Everything switching <paramref name="current"/> to <paramref name="target"/> (null: not a
    /// price the merchant has) at <paramref name="quantity"/> would do at <paramref name="changeAt"/>,
    /// or why it cannot happen.
    /// </summary>
    /// <param name="customerBalance">Minor units; negative is credit that pays an invoice first.</param>
    public static Outcome<ChangePreview> Decide(SubscriptionUpdateFeature rules, CurrentPlan current, PlanOption? target, long quantity,
        long customerBalance, DateTimeOffset changeAt, TaxTreatment? tax = null, DiscountTerms? discount = null)
    {
        if (Refusal(rules, current.Status, current.CancelAtPeriodEnd) is { } refused)
        {
            return refused;
        }
        if (target is null || !IsOffered(rules, current.Plan, target))
        {
            return new Problem(ProblemKind.Invalid, Messages.Get("PlanUnavailable"), "price");
        }
        // Seats count only on per-seat prices the merchant lets customers size; anything else is one.
        var seated = target.PerUnit && rules.QuantityEnabled;
        quantity = seated ? quantity : 1;
        if (seated && (quantity < rules.QuantityMin || quantity > rules.QuantityMax))
        {
            return new Problem(ProblemKind.Invalid, Messages.Get("SeatsRange", rules.QuantityMin, rules.QuantityMax), "quantity");
        }
        if (target.PriceId == current.Plan.PriceId && quantity == current.Quantity)
        {
            return new Problem(ProblemKind.Invalid, Messages.Get("AlreadyOnPlan"), "price");
        }

        var from = current.Plan with { IsCurrent = true };
        var to = target with { IsCurrent = target.PriceId == from.PriceId };
        var change = new PlanChange(from.AmountFor(current.Quantity), from.Recurrence, to.AmountFor(quantity), to.Recurrence,
            current.PeriodStart, current.PeriodEnd, changeAt);
        var direction = Proration.Direction(change);
        if (TransitionRefusal(rules, from, to, direction) is { } notOffered)
        {
            return notOffered;
        }
        var waits = direction switch
        {
            PlanDirection.DecreasingAmount => rules.ScheduleDecreasingAmount,
            PlanDirection.ShorteningInterval => rules.ScheduleShorterInterval,
            _ => false,
        };
        if (waits)
        {
            return new ChangePreview(current.SubscriptionId, from, current.Quantity, to, quantity, changeAt, Scheduled: true,
                EffectiveAt: current.PeriodEnd, rules.ProrationBehavior, Lines: [], Invoice: null, AddedToNextInvoice: 0,
                change.NewAmount, NextBillingDate: current.PeriodEnd);
        }

        var proration = Proration.Preview(change);
        // Without proration only a new billing cycle is billed; a new recurrence always starts one, invoiced now (as Stripe does).
        IReadOnlyList<ProrationLine> lines = rules.ProrationBehavior == ProrationBehavior.None
            ? [.. proration.Lines.Where(l => l.Kind == ProrationLineKind.NewPeriod)]
            : proration.Lines;
        var preview = new ChangePreview(current.SubscriptionId, from, current.Quantity, to, quantity, changeAt, Scheduled: false,
            EffectiveAt: changeAt, rules.ProrationBehavior, lines, Invoice: null, AddedToNextInvoice: 0, change.NewAmount, proration.NextBillingDate);
        var invoiceNow = preview.RestartsCycle || rules.ProrationBehavior == ProrationBehavior.AlwaysInvoice;
        return lines.Count == 0 ? preview
            : invoiceNow ? preview with { Invoice = InvoiceDraft.Build(preview.InvoiceLines(), from.Currency, changeAt, proration.NextBillingDate, customerBalance, tax, discount) }
            : preview with { AddedToNextInvoice = preview.Subtotal };
    }

    /// <summary>
    /// Why the merchant's transition rules leave <paramref name="target"/> out for <paramref name="current"/>,
    /// as the change-plan page says it beside the plan; null when it may be chosen. A per-seat plan's
    /// direction depends on the seats chosen, so only a table of moves can rule it out here (the
    /// preview decides the rest).
    /// </summary>
    public static string? WhyNotOffered(SubscriptionUpdateFeature rules, CurrentPlan current, PlanOption target)
    {
        if (target.PriceId == current.Plan.PriceId || (target.PerUnit && rules.Transitions != PlanTransitions.Table))
        {
            return null;
        }
        var direction = Proration.Direction(new PlanChange(current.Plan.AmountFor(current.Quantity), current.Plan.Recurrence, target.AmountFor(1),
            target.Recurrence, current.PeriodStart, current.PeriodEnd, current.PeriodStart));
        return TransitionRefusal(rules, current.Plan, target, direction)?.Message;
    }

    private static Problem? TransitionRefusal(SubscriptionUpdateFeature rules, PlanOption from, PlanOption to, PlanDirection direction)
    {
        var allowed = rules.Transitions switch
        {
            PlanTransitions.UpgradesOnly => direction == PlanDirection.Upgrade,
            PlanTransitions.NoLateralMoves => direction != PlanDirection.Lateral,
            // Seats on the same price are not a move between plans.
            PlanTransitions.Table => from.PriceId == to.PriceId || rules.AllowedTransitions.Contains(Transition(from.PriceId, to.PriceId)),
            _ => true,
        };
        return allowed ? null : new Problem(ProblemKind.NotAllowed, rules.Transitions switch
        {
            PlanTransitions.UpgradesOnly => Messages.Get("UpgradesOnly", from.ProductName),
            PlanTransitions.NoLateralMoves => Messages.Get("NoLateralMoves", from.ProductName),
            _ => Messages.Get("SwitchNotOffered", from.ProductName, to.ProductName),
        }, "price");
    }

    /// <summary>How an allowed move is written in <see cref="SubscriptionUpdateFeature.AllowedTransitions"/>.</summary>
    public static string Transition(string fromPriceId, string toPriceId) => $"{fromPriceId}>{toPriceId}";

    /// <summary>Why a scheduled change cannot be dropped; null when it can.</summary>
    public static Problem? UndoRefusal(string? scheduledPriceId) =>
        scheduledPriceId is null ? new Problem(ProblemKind.NotAllowed, Messages.Get("NoScheduledChange")) : null;

    private static bool IsOffered(SubscriptionUpdateFeature rules, PlanOption current, PlanOption candidate) =>
        candidate.PriceId == current.PriceId || (rules.PriceEnabled && rules.Prices.Contains(candidate.PriceId) && candidate.Currency == current.Currency);
}
