using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Vinr.Portal.Api.Infrastructure;
using Vinr.Portal.Api.Infrastructure.Http;

namespace Vinr.Portal.Api.Features.Tax;

/// <summary>The merchant's tax rates (Stripe's <c>/v1/tax_rates</c>). Archive is an update with <c>active=false</c>.</summary>
public static class TaxRateEndpoints
{
    public static RouteGroupBuilder MapTaxRates(this RouteGroupBuilder v1)
    {
        var group = v1.MapGroup("/tax_rates").WithTags("Tax rates");
        group.MapPost("", Create).WithName("CreateTaxRate").WithSummary("Create a tax rate")
            .WithDescription("A percentage (`19.6`, at most two decimals) for customers billed in `country` (and `state`, when given), `inclusive` " +
                "(prices contain it) or not (it is added on top). Invoices, renewals and plan-change previews of those customers apply every active rate of their place. " +
                "The active rates of one country are all inclusive or all exclusive. With `tax[reverse_charge]` in the billing settings, EU business customers " +
                "of another member state with a valid VAT number pay none.")
            .Accepts<CreateTaxRateParameters>("application/x-www-form-urlencoded", "application/json")
            .Parameters(TaxRates.CreateParameters);
        group.MapGet("", List).WithName("ListTaxRates").WithSummary("List tax rates")
            .WithDescription("Newest first. `active`, `inclusive` and `country` filter; `limit`, `starting_after`, `ending_before` page through.")
            .Parameters([
                ApiParameter.Boolean("active", "Only active (`true`) or archived (`false`) rates."),
                ApiParameter.Boolean("inclusive", "Only inclusive (`true`) or exclusive (`false`) rates."),
                ApiParameter.Text("country", "Only this country's rates, e.g. `FR`."),
                .. ApiParameter.Page("tax_rate")]);
        group.MapGet("/{id}", Retrieve).WithName("RetrieveTaxRate").WithSummary("Retrieve a tax rate")
            .WithDescription("One of your tax rates in the key's mode, archived ones included.")
            .Parameters();
        group.MapPost("/{id}", Update).WithName("UpdateTaxRate").WithSummary("Update a tax rate")
            .WithDescription("Only `display_name`, `jurisdiction`, `description`, `active` and `metadata` change; `active=false` archives it " +
                "(invoices already written keep what they applied). `percentage`, `inclusive`, `country` and `state` are refused (`parameter_invalid`).")
            .Accepts<UpdateTaxRateParameters>("application/x-www-form-urlencoded", "application/json")
            .Parameters(TaxRates.UpdateParameters);
        return group;
    }

    private static async Task<Ok<TaxRateObject>> Create(ApiParams p, ApiCaller caller, TaxRates rates, CancellationToken cancellationToken) =>
        TypedResults.Ok(await rates.CreateAsync(caller, p, cancellationToken));

    private static async Task<Ok<ListObject<TaxRateObject>>> List(ApiParams p, ApiCaller caller, TaxRates rates, CancellationToken cancellationToken) =>
        TypedResults.Ok(await rates.ListAsync(caller, p, cancellationToken));

    private static async Task<Results<Ok<TaxRateObject>, ApiError>> Retrieve(string id, ApiCaller caller, TaxRates rates, CancellationToken cancellationToken) =>
        await rates.GetAsync(caller, id, cancellationToken) is { } rate ? TypedResults.Ok(rate) : ApiError.NoSuch("id", "tax rate", id);

    private static async Task<Results<Ok<TaxRateObject>, ApiError>> Update(string id, ApiParams p, ApiCaller caller, TaxRates rates, CancellationToken cancellationToken) =>
        await rates.UpdateAsync(caller, id, p, cancellationToken) is { } rate ? TypedResults.Ok(rate) : ApiError.NoSuch("id", "tax rate", id);
}

/// <summary>The body of a create, for the OpenAPI document.</summary>
internal sealed class CreateTaxRateParameters
{
    /// <summary>What invoices call it, e.g. <c>VAT</c>, <c>TVA</c>, <c>Sales tax</c> (up to 50 characters).</summary>
    public required string DisplayName { get; init; }

    /// <summary>The rate in percent, 0 to 100, at most two decimals, e.g. <c>20</c> or <c>19.6</c>.</summary>
    public required decimal Percentage { get; init; }

    /// <summary>Whether prices contain this tax (<c>true</c>) or it is added on top (<c>false</c>).</summary>
    public required bool Inclusive { get; init; }

    /// <summary>Where it applies: the customer's billing country (ISO 3166-1 alpha-2, e.g. <c>FR</c>).</summary>
    public required string Country { get; init; }

    /// <summary>Only customers in this state or province (e.g. <c>QC</c>); the whole country when left out.</summary>
    public string? State { get; init; }

    /// <summary>Your label for where it applies, shown on invoices.</summary>
    public string? Jurisdiction { get; init; }

    public string? Description { get; init; }

    /// <summary>Defaults to <c>true</c>.</summary>
    public bool? Active { get; init; }

    public IReadOnlyDictionary<string, string>? Metadata { get; init; }
}

/// <summary>The body of an update, for the OpenAPI document.</summary>
internal sealed class UpdateTaxRateParameters
{
    public string? DisplayName { get; init; }
    public string? Jurisdiction { get; init; }
    public string? Description { get; init; }

    /// <summary><c>false</c> archives the rate: new invoices stop applying it.</summary>
    public bool? Active { get; init; }

    public IReadOnlyDictionary<string, string>? Metadata { get; init; }

    /// <summary>Immutable: refused with <c>parameter_invalid</c>.</summary>
    public decimal? Percentage { get; init; }

    /// <summary>Immutable: refused with <c>parameter_invalid</c>.</summary>
    public bool? Inclusive { get; init; }

    /// <summary>Immutable: refused with <c>parameter_invalid</c>.</summary>
    public string? Country { get; init; }

    /// <summary>Immutable: refused with <c>parameter_invalid</c>.</summary>
    public string? State { get; init; }
}
