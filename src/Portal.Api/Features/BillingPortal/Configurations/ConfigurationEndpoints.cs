using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Vinr.Portal.Api.Infrastructure.Http;

namespace Vinr.Portal.Api.Features.BillingPortal.Configurations;

/// <summary>The merchant's portal configurations: create, retrieve, update (and archive), list.</summary>
public static class ConfigurationEndpoints
{
    private const string ObjectName = "billing portal configuration";

    public static RouteGroupBuilder MapBillingPortalConfigurations(this RouteGroupBuilder v1)
    {
        var group = v1.MapGroup("/billing-portal/configurations").WithTags("Billing portal configurations");
        group.MapPost("", Create)
            .WithName("CreateBillingPortalConfiguration")
            .WithSummary("Create a portal configuration")
            .WithDescription("How the portal looks and what customers may do in it. Every part is optional: left out, it takes its default " +
                "(every feature on, plan changes on only when `features[subscription_update][products]` lists prices). " +
                "`is_default=true` makes it the default at once; the first configuration of a mode becomes the default anyway.")
            .Accepts<CreateConfigurationParameters>("application/x-www-form-urlencoded", "application/json")
            .Parameters(ConfigurationRequest.CreateParameters);
        group.MapGet("", List)
            .WithName("ListBillingPortalConfigurations")
            .WithSummary("List portal configurations")
            .WithDescription("Newest first. `limit` (1–100, default 10), `starting_after` or `ending_before` page through; `active` and `is_default` filter.")
            .Parameters([.. ApiParameter.Page("configuration"),
                ApiParameter.Boolean("active", "Only active (`true`) or archived (`false`) configurations."),
                ApiParameter.Boolean("is_default", "Only the default (`true`) or the others (`false`).")]);
        group.MapGet("/{id}", Retrieve)
            .WithName("RetrieveBillingPortalConfiguration")
            .WithSummary("Retrieve a portal configuration")
            .WithDescription("One of your configurations in the key's mode, archived ones included.")
            .Parameters();
        group.MapPost("/{id}", Update)
            .WithName("UpdateBillingPortalConfiguration")
            .WithSummary("Update a portal configuration")
            .WithDescription("Changes only what the request names; `\"\"` clears a value or empties a list, an empty metadata value removes that key. " +
                "`active=false` archives it (sessions can no longer use it). The default cannot be archived or unset: make another configuration the default instead.")
            .Accepts<UpdateConfigurationParameters>("application/x-www-form-urlencoded", "application/json")
            .Parameters(ConfigurationRequest.UpdateParameters);
        return group;
    }

    private static async Task<Ok<ConfigurationObject>> Create(ApiParams parameters, ApiCaller caller, PortalConfigurations configurations, CancellationToken cancellationToken) =>
        TypedResults.Ok(await configurations.CreateAsync(caller, parameters, cancellationToken));

    private static async Task<Results<Ok<ConfigurationObject>, ApiError>> Retrieve(string id, ApiParams parameters, ApiCaller caller, PortalConfigurations configurations,
        CancellationToken cancellationToken)
    {
        return await configurations.GetAsync(caller, id, cancellationToken) is { } configuration
            ? TypedResults.Ok(configuration)
            : ApiError.NoSuch("id", ObjectName, id);
    }

    private static async Task<Results<Ok<ConfigurationObject>, ApiError>> Update(string id, ApiParams parameters, ApiCaller caller, PortalConfigurations configurations,
        CancellationToken cancellationToken) =>
        await configurations.UpdateAsync(caller, id, parameters, cancellationToken) is { } configuration
            ? TypedResults.Ok(configuration)
            : ApiError.NoSuch("id", ObjectName, id);

    private static async Task<Ok<ListObject<ConfigurationObject>>> List(ApiParams parameters, ApiCaller caller, PortalConfigurations configurations,
        CancellationToken cancellationToken)
    {
        var page = PageRequest.Parse(parameters);
        return TypedResults.Ok(await configurations.ListAsync(caller, page, parameters.Boolean("active"), parameters.Boolean("is_default"), cancellationToken));
    }
}
