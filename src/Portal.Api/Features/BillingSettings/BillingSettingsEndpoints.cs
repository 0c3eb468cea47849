using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Vinr.Portal.Api.Infrastructure.Http;

namespace Vinr.Portal.Api.Features.BillingSettings;

/// <summary>The merchant's billing settings: retrieve and update (the dunning schedule).</summary>
public static class BillingSettingsEndpoints
{
    public static RouteGroupBuilder MapBillingSettings(this RouteGroupBuilder v1)
    {
        var group = v1.MapGroup("/billing/settings").WithTags("Billing settings");
        group.MapGet("", Retrieve)
            .WithName("RetrieveBillingSettings")
            .WithSummary("Retrieve billing settings")
            .WithDescription("The dunning schedule failed renewals follow: `retry_days` after the first failure, then `final_action` " +
                "(`cancel`, `mark_unpaid` or `past_due`). `default` is true while the merchant follows the platform's defaults.")
            .Parameters();
        group.MapPost("", Update)
            .WithName("UpdateBillingSettings")
            .WithSummary("Update billing settings")
            .WithDescription("`dunning[retry_days][]` (up to 8 increasing days, 1–60; `\"\"` for no retries) and `dunning[final_action]`; " +
                "`dunning=\"\"` returns to the defaults. The settings are the merchant's, in both modes; an invoice already failing follows the new schedule from its next failure. " +
                "`tax[origin_country]` (where you are established; `\"\"` clears it) and `tax[reverse_charge]` (EU business customers of another member state with a valid VAT number pay no VAT; needs an EU origin).")
            .Accepts<UpdateBillingSettingsParameters>("application/x-www-form-urlencoded", "application/json")
            .Parameters(["dunning", "tax"]);
        return group;
    }

    private static async Task<Ok<BillingSettingsObject>> Retrieve(ApiParams parameters, ApiCaller caller, DunningSettings settings, CancellationToken cancellationToken)
    {
        return TypedResults.Ok(await settings.GetAsync(caller, cancellationToken));
    }

    private static async Task<Ok<BillingSettingsObject>> Update(ApiParams parameters, ApiCaller caller, DunningSettings settings, CancellationToken cancellationToken) =>
        TypedResults.Ok(await settings.UpdateAsync(caller, parameters, cancellationToken));
}

/// <summary>The body of an update, for the OpenAPI document.</summary>
public sealed record UpdateBillingSettingsParameters(UpdateDunningParameters? Dunning, UpdateTaxSettingsParameters? Tax);

/// <summary><c>origin_country</c>: ISO 3166-1 alpha-2; <c>reverse_charge</c> needs an EU one.</summary>
public sealed record UpdateTaxSettingsParameters(string? OriginCountry, bool? ReverseCharge);

/// <summary>Either part may be left out; <c>final_action</c> is <c>cancel</c>, <c>mark_unpaid</c> or <c>past_due</c>.</summary>
public sealed record UpdateDunningParameters(IReadOnlyList<int>? RetryDays, string? FinalAction);
