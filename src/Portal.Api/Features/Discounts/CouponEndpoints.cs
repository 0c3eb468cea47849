using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Vinr.Portal.Api.Infrastructure.Http;

namespace Vinr.Portal.Api.Features.Discounts;

/// <summary>The merchant's coupons (Stripe's <c>/v1/coupons</c>). A subscription takes one with <c>POST /v1/subscriptions/{id}</c> and <c>coupon</c>.</summary>
public static class CouponEndpoints
{
    public static RouteGroupBuilder MapCoupons(this RouteGroupBuilder v1)
    {
        var group = v1.MapGroup("/coupons").WithTags("Coupons");
        group.MapPost("", Create).WithName("CreateCoupon").WithSummary("Create a coupon")
            .WithDescription("`percent_off` (more than 0, at most 100, two decimals) or `amount_off` with its `currency`, for `duration` `once` (the next invoice), " +
                "`repeating` (invoices whose period starts within `duration_in_months` months of applying it) or `forever`. `max_redemptions` and `redeem_by` " +
                "limit how often and until when it can be applied. Applied to a subscription (`POST /v1/subscriptions/{id}` with `coupon`), it is a discount: " +
                "its own negative line on each invoice it applies to, before tax. An `amount_off` applies in its currency only.")
            .Accepts<CreateCouponParameters>("application/x-www-form-urlencoded", "application/json")
            .Parameters(Coupons.CreateParameters);
        group.MapGet("", List).WithName("ListCoupons").WithSummary("List coupons")
            .WithDescription("Newest first, deleted coupons left out. `limit`, `starting_after`, `ending_before` page through.")
            .Parameters(ApiParameter.Page("coupon"));
        group.MapGet("/{id}", Retrieve).WithName("RetrieveCoupon").WithSummary("Retrieve a coupon")
            .WithDescription("One of your coupons in the key's mode; `valid` says whether it can still be applied.")
            .Parameters();
        group.MapPost("/{id}", Update).WithName("UpdateCoupon").WithSummary("Update a coupon")
            .WithDescription("Only `name` and `metadata` change. The terms (`percent_off`, `amount_off`, `currency`, `duration`, `duration_in_months`, " +
                "`max_redemptions`, `redeem_by`) are refused (`parameter_invalid`): create a new coupon instead.")
            .Accepts<UpdateCouponParameters>("application/x-www-form-urlencoded", "application/json")
            .Parameters(Coupons.UpdateParameters);
        group.MapDelete("/{id}", Delete).WithName("DeleteCoupon").WithSummary("Delete a coupon")
            .WithDescription("It can no longer be applied; discounts already applied keep it until they end, as in Stripe.")
            .Parameters();
        return group;
    }

    private static async Task<Ok<CouponObject>> Create(ApiParams p, ApiCaller caller, Coupons coupons, CancellationToken cancellationToken) =>
        TypedResults.Ok(await coupons.CreateAsync(caller, p, cancellationToken));

    private static async Task<Ok<ListObject<CouponObject>>> List(ApiParams p, ApiCaller caller, Coupons coupons, CancellationToken cancellationToken) =>
        TypedResults.Ok(await coupons.ListAsync(caller, p, cancellationToken));

    private static async Task<Results<Ok<CouponObject>, ApiError>> Retrieve(string id, ApiCaller caller, Coupons coupons, CancellationToken cancellationToken) =>
        await coupons.GetAsync(caller, id, cancellationToken) is { } coupon ? TypedResults.Ok(coupon) : ApiError.NoSuch("id", CouponObject.ObjectName, id);

    private static async Task<Results<Ok<CouponObject>, ApiError>> Update(string id, ApiParams p, ApiCaller caller, Coupons coupons, CancellationToken cancellationToken) =>
        await coupons.UpdateAsync(caller, id, p, cancellationToken) is { } coupon ? TypedResults.Ok(coupon) : ApiError.NoSuch("id", CouponObject.ObjectName, id);

    private static async Task<Results<Ok<DeletedObject>, ApiError>> Delete(string id, ApiCaller caller, Coupons coupons, CancellationToken cancellationToken) =>
        await coupons.DeleteAsync(caller, id, cancellationToken) is { } deleted ? TypedResults.Ok(deleted) : ApiError.NoSuch("id", CouponObject.ObjectName, id);
}

/// <summary>The body of a create, for the OpenAPI document.</summary>
internal sealed class CreateCouponParameters
{
    /// <summary>Your own id for it (letters, digits, <c>_</c>, <c>-</c>, up to 64), e.g. <c>WINBACK50</c>; generated when left out.</summary>
    public string? Id { get; init; }

    /// <summary>Percent off, more than 0 and at most 100, at most two decimals (not with <c>amount_off</c>).</summary>
    public decimal? PercentOff { get; init; }

    /// <summary>Minor units off, in <c>currency</c> (not with <c>percent_off</c>).</summary>
    public long? AmountOff { get; init; }

    /// <summary>The currency of <c>amount_off</c> (ISO 4217, e.g. <c>usd</c>); required with it.</summary>
    public string? Currency { get; init; }

    /// <summary><c>once</c> (the default), <c>repeating</c> or <c>forever</c>.</summary>
    public string? Duration { get; init; }

    /// <summary>With <c>duration=repeating</c>: 1 to 120 months.</summary>
    public int? DurationInMonths { get; init; }

    /// <summary>What customers read, up to 40 characters, e.g. <c>Win-back</c>.</summary>
    public string? Name { get; init; }

    /// <summary>How many times it may be applied in all.</summary>
    public int? MaxRedemptions { get; init; }

    /// <summary>Unix seconds: the last moment it may be applied.</summary>
    public long? RedeemBy { get; init; }

    public IReadOnlyDictionary<string, string>? Metadata { get; init; }
}

/// <summary>The body of an update, for the OpenAPI document.</summary>
internal sealed class UpdateCouponParameters
{
    public string? Name { get; init; }

    public IReadOnlyDictionary<string, string>? Metadata { get; init; }

    /// <summary>Immutable: refused with <c>parameter_invalid</c>.</summary>
    public decimal? PercentOff { get; init; }

    /// <summary>Immutable: refused with <c>parameter_invalid</c>.</summary>
    public long? AmountOff { get; init; }

    /// <summary>Immutable: refused with <c>parameter_invalid</c>.</summary>
    public string? Currency { get; init; }

    /// <summary>Immutable: refused with <c>parameter_invalid</c>.</summary>
    public string? Duration { get; init; }

    /// <summary>Immutable: refused with <c>parameter_invalid</c>.</summary>
    public int? DurationInMonths { get; init; }

    /// <summary>Immutable: refused with <c>parameter_invalid</c>.</summary>
    public int? MaxRedemptions { get; init; }

    /// <summary>Immutable: refused with <c>parameter_invalid</c>.</summary>
    public long? RedeemBy { get; init; }
}
