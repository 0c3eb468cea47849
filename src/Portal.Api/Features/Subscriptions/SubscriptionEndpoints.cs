using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Vinr.Portal.Api.Features.Discounts;
using Vinr.Portal.Api.Infrastructure.Http;

namespace Vinr.Portal.Api.Features.Subscriptions;

/// <summary>The merchant's subscriptions: create, retrieve, update, cancel, list.</summary>
public static class SubscriptionEndpoints
{
    public static RouteGroupBuilder MapSubscriptions(this RouteGroupBuilder v1)
    {
        var group = v1.MapGroup("/subscriptions").WithTags("Subscriptions");
        group.MapPost("", Create)
            .WithName("CreateSubscription")
            .WithSummary("Create a subscription")
            .WithDescription("One price, as Stripe's `items[0][price]` and `items[0][quantity]` (per-seat prices only; 1 to 10,000). " +
                "With `trial_period_days` or `trial_end` it is `trialing` and nothing is invoiced until the trial ends. Without, the first period is invoiced " +
                "at once and charged to the customer's default card: paid, it is `active`; declined, it is `incomplete` with its invoice open " +
                "(Stripe's `payment_behavior=allow_incomplete`), and becomes active when that invoice is paid. A card whose bank asks the customer to authenticate " +
                "(3-D Secure) cannot be charged by an API call: the invoice stays open with `last_payment_error_code` `authentication_required` " +
                "(and `invoice.payment_action_required`), and the customer confirms it in the portal. A customer without a card needs a trial. " +
                "`expand[]`: `customer`, `latest_invoice`.")
            .Accepts<CreateSubscriptionParameters>("application/x-www-form-urlencoded", "application/json")
            .Parameters(CreateSubscriptionRequest.Accepted);
        group.MapGet("", List)
            .WithName("ListSubscriptions")
            .WithSummary("List subscriptions")
            .WithDescription("Newest first. `limit` (1–100, default 10), `starting_after` or `ending_before` page through; `customer`, `status` and `price` filter. " +
                "Without `status`, canceled subscriptions are left out, as in Stripe.")
            .Parameters([
                ApiParameter.Text("customer", "Only this customer's subscriptions."),
                ApiParameter.Text("status", "`active`, `trialing`, `past_due`, `unpaid`, `incomplete`, `canceled`, `ended` (canceled) or `all`; default: all but canceled."),
                ApiParameter.Text("price", "Only subscriptions on this price."),
                .. ApiParameter.Page("subscription"),
            ]);
        group.MapGet("/{id}", Retrieve)
            .WithName("RetrieveSubscription")
            .WithSummary("Retrieve a subscription")
            .WithDescription("One of your subscriptions in the key's mode, canceled ones included. `expand[]`: `customer`, `latest_invoice`.")
            .Parameters(SubscriptionExpand.Parameter);
        group.MapPost("/{id}", Update)
            .WithName("UpdateSubscription")
            .WithSummary("Update a subscription")
            .WithDescription("`items[0][price]` and `items[0][quantity]` change the plan now, prorated and charged exactly as a plan change in the portal " +
                "(`proration_behavior`: `create_prorations`, the default, bills the difference at the next renewal; `always_invoice` invoices and charges it now; " +
                "`none` bills nothing for the rest of the period). A new billing interval restarts the cycle and is invoiced now. " +
                "A charge your call makes is off session: a card whose bank asks the customer to authenticate (3-D Secure) is refused with a 402 " +
                "`card_error`, code `authentication_required`, and nothing changes (the customer can make the change in the portal, where they can confirm it). " +
                "The portal configuration's switches and transition rules do not apply to you. `cancel_at_period_end=true` ends it at period end " +
                "(`false` undoes that); `metadata` merges, an empty value removing its key. `coupon` (or `discounts[0][coupon]`) applies a coupon " +
                "as the subscription's discount, replacing any it had (an empty value removes it); it is checked for `redeem_by`, `max_redemptions` and, " +
                "for an `amount_off`, the subscription's currency, and applies to invoices whose period starts while it lasts.")
            .Accepts<UpdateSubscriptionParameters>("application/x-www-form-urlencoded", "application/json")
            .Parameters(UpdateSubscriptionRequest.Accepted);
        group.MapDelete("/{id}/discount", DeleteDiscount)
            .WithName("DeleteSubscriptionDiscount")
            .WithSummary("Remove a subscription's discount")
            .WithDescription("Takes the coupon off: invoices from now on are not discounted (invoices already written keep theirs). " +
                "Emits `customer.discount.deleted`. A subscription without a discount is a 404.")
            .Parameters();
        group.MapDelete("/{id}", Cancel)
            .WithName("CancelSubscription")
            .WithSummary("Cancel a subscription now")
            .WithDescription("Ends it at once. `prorate=true` credits the unused part of a paid period to the customer's balance (default `false`, as Stripe). " +
                "To end it at period end instead, update it with `cancel_at_period_end=true`.")
            .Parameters(ApiParameter.Boolean("prorate", "Credit the unused time to the customer's balance (default false)."), SubscriptionExpand.Parameter);
        return group;
    }


    private static async Task<Ok<SubscriptionObject>> Create(ApiParams parameters, ApiCaller caller, MerchantSubscriptions subscriptions,
        CancellationToken cancellationToken) =>
        TypedResults.Ok(await subscriptions.CreateAsync(caller, parameters, cancellationToken));

    private static async Task<Results<Ok<SubscriptionObject>, ApiError>> Retrieve(string id, ApiParams parameters, ApiCaller caller, MerchantSubscriptions subscriptions,
        CancellationToken cancellationToken)
    {
        return await subscriptions.GetAsync(caller, id, SubscriptionExpand.Read(parameters), cancellationToken) is { } subscription
            ? TypedResults.Ok(subscription)
            : ApiError.NoSuch("id", SubscriptionObject.ObjectName, id);
    }

    private static async Task<Results<Ok<SubscriptionObject>, ApiError>> Update(string id, ApiParams parameters, ApiCaller caller, MerchantSubscriptions subscriptions,
        CancellationToken cancellationToken) =>
        await subscriptions.UpdateAsync(caller, id, UpdateSubscriptionRequest.Read(parameters, id), cancellationToken) is { } subscription
            ? TypedResults.Ok(subscription)
            : ApiError.NoSuch("id", SubscriptionObject.ObjectName, id);

    private static async Task<Results<Ok<SubscriptionObject>, ApiError>> Cancel(string id, ApiParams parameters, ApiCaller caller, MerchantSubscriptions subscriptions,
        CancellationToken cancellationToken)
    {
        return await subscriptions.CancelAsync(caller, id, parameters.Boolean("prorate") ?? false, SubscriptionExpand.Read(parameters), cancellationToken) is { } subscription
            ? TypedResults.Ok(subscription)
            : ApiError.NoSuch("id", SubscriptionObject.ObjectName, id);
    }

    private static async Task<Results<Ok<DeletedObject>, ApiError>> DeleteDiscount(string id, ApiCaller caller, Discounts.Discounts discounts,
        CancellationToken cancellationToken) =>
        await discounts.RemoveAsync(caller, id, cancellationToken) switch
        {
            null => ApiError.NoSuch("id", SubscriptionObject.ObjectName, id),
            { Value: { } removed } => TypedResults.Ok(new DeletedObject(removed.Id, DiscountObject.ObjectName, Deleted: true)),
            var failed => ApiError.From(failed.Problem!),
        };

    private static async Task<Ok<ListObject<SubscriptionObject>>> List(ApiParams parameters, ApiCaller caller, MerchantSubscriptions subscriptions,
        CancellationToken cancellationToken)
    {
        var page = PageRequest.Parse(parameters);
        return TypedResults.Ok(await subscriptions.ListAsync(caller, page, parameters.String("customer", 64), parameters.String("status", 16),
            parameters.String("price", 64), cancellationToken));
    }
}

/// <summary>The body of a create request (a form sends <c>items[0][price]=price_...</c>).</summary>
internal sealed class CreateSubscriptionParameters
{
    /// <summary>The customer's id (<c>cust_...</c>).</summary>
    public required string Customer { get; init; }

    /// <summary>Exactly one item.</summary>
    public required IReadOnlyList<SubscriptionItemParameters> Items { get; init; }

    /// <summary>1 to 730 days of free trial from now.</summary>
    public int? TrialPeriodDays { get; init; }

    /// <summary>Unix seconds when the trial ends, within 730 days (not with <c>trial_period_days</c>).</summary>
    public long? TrialEnd { get; init; }

    /// <summary>Only <c>allow_incomplete</c>, the default.</summary>
    public string? PaymentBehavior { get; init; }

    /// <summary>Up to 50 keys of up to 40 characters, values up to 500.</summary>
    public IReadOnlyDictionary<string, string>? Metadata { get; init; }

    /// <summary><c>customer</c> and/or <c>latest_invoice</c>.</summary>
    public IReadOnlyList<string>? Expand { get; init; }
}

/// <summary>The body of an update request: only what it names changes.</summary>
internal sealed class UpdateSubscriptionParameters
{
    /// <summary>Exactly one item: the new price and/or quantity.</summary>
    public IReadOnlyList<SubscriptionItemParameters>? Items { get; init; }

    /// <summary><c>create_prorations</c> (default), <c>always_invoice</c> or <c>none</c>.</summary>
    public string? ProrationBehavior { get; init; }

    public bool? CancelAtPeriodEnd { get; init; }

    /// <summary>Merged: an empty value removes its key, <c>metadata=""</c> removes all.</summary>
    public IReadOnlyDictionary<string, string>? Metadata { get; init; }

    /// <summary><c>customer</c> and/or <c>latest_invoice</c>.</summary>
    public IReadOnlyList<string>? Expand { get; init; }

    /// <summary>A coupon id to apply as the subscription's discount (Stripe's older spelling); empty removes the discount.</summary>
    public string? Coupon { get; init; }

    /// <summary>At most one: <c>discounts[0][coupon]</c> (Stripe's newer spelling); empty removes the discount.</summary>
    public IReadOnlyList<DiscountParameters>? Discounts { get; init; }
}

internal sealed class DiscountParameters
{
    /// <summary>A coupon id.</summary>
    public string? Coupon { get; init; }
}

internal sealed class SubscriptionItemParameters
{
    /// <summary>On update only: the subscription's item (<c>si_...</c>), as Stripe's libraries send it.</summary>
    public string? Id { get; init; }

    /// <summary>A price id (<c>price_...</c>); required on create.</summary>
    public string? Price { get; init; }

    /// <summary>1 to 10,000 (per-seat prices); default 1.</summary>
    public long? Quantity { get; init; }
}
