using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Vinr.Portal.Api.Infrastructure;
using Vinr.Portal.Api.Infrastructure.Http;

namespace Vinr.Portal.Api.Features.Products;

/// <summary>The merchant's catalog: products and their prices. Archive is an update with <c>active=false</c>, as in Stripe.</summary>
public static class CatalogEndpoints
{
    private const string Form = "application/x-www-form-urlencoded";
    private const string Json = "application/json";

    public static RouteGroupBuilder MapProducts(this RouteGroupBuilder v1)
    {
        var group = v1.MapGroup("/products").WithTags("Products");
        group.MapPost("", CreateProduct).WithName("CreateProduct").WithSummary("Create a product")
            .WithDescription("What you sell, e.g. \"Pro\". Give it prices with `POST /v1/prices`.")
            .Accepts<CreateProductParameters>(Form, Json)
            .Parameters(ProductCatalog.CreateProductParameters);
        group.MapGet("", ListProducts).WithName("ListProducts").WithSummary("List products")
            .WithDescription("Newest first. `active` filters; `limit`, `starting_after`, `ending_before` page through.")
            .Parameters([ApiParameter.Boolean("active", "Only active (`true`) or archived (`false`) products."), .. ApiParameter.Page("product")]);
        group.MapGet("/{id}", RetrieveProduct).WithName("RetrieveProduct").WithSummary("Retrieve a product")
            .WithDescription("One of your products in the key's mode, archived ones included.")
            .Parameters();
        group.MapPost("/{id}", UpdateProduct).WithName("UpdateProduct").WithSummary("Update a product")
            .WithDescription("Changes only what the request names; an empty metadata value removes that key. `active=false` archives it: " +
                "its prices and subscriptions go on billing, but it can no longer be offered.")
            .Accepts<UpdateProductParameters>(Form, Json)
            .Parameters(ProductCatalog.UpdateProductParameters);
        group.MapDelete("/{id}", DeleteProduct).WithName("DeleteProduct").WithSummary("Delete a product")
            .WithDescription("Only a product that has no prices, as in Stripe; archive one with prices instead (`active=false`).")
            .Parameters();
        return group;
    }

    public static RouteGroupBuilder MapPrices(this RouteGroupBuilder v1)
    {
        var group = v1.MapGroup("/prices").WithTags("Prices");
        group.MapPost("", CreatePrice).WithName("CreatePrice").WithSummary("Create a price")
            .WithDescription("How much and how often one of your products bills. Amount, currency and period never change afterwards: " +
                "for new terms, create a new price and archive the old one.")
            .Accepts<CreatePriceParameters>(Form, Json)
            .Parameters(ProductCatalog.CreatePriceParameters);
        group.MapGet("", ListPrices).WithName("ListPrices").WithSummary("List prices")
            .WithDescription("Newest first. `product`, `active` and `currency` filter; `limit`, `starting_after`, `ending_before` page through.")
            .Parameters([
                ApiParameter.Text("product", "Only this product's prices (`prod_...`)."),
                ApiParameter.Boolean("active", "Only active (`true`) or archived (`false`) prices."),
                ApiParameter.Text("currency", "Only prices in this currency, e.g. `usd`."),
                .. ApiParameter.Page("price")]);
        group.MapGet("/{id}", RetrievePrice).WithName("RetrievePrice").WithSummary("Retrieve a price")
            .WithDescription("One of your prices in the key's mode, archived ones included.")
            .Parameters();
        group.MapPost("/{id}", UpdatePrice).WithName("UpdatePrice").WithSummary("Update a price")
            .WithDescription("Only `nickname`, `active` and `metadata` change. `active=false` archives it: subscriptions on it go on billing, " +
                "new ones cannot use it. `product`, `currency`, `unit_amount`, `recurring` and `billing_scheme` are refused (`parameter_invalid`).")
            .Accepts<UpdatePriceParameters>(Form, Json)
            .Parameters(ProductCatalog.UpdatePriceParameters);
        return group;
    }

    private static async Task<Ok<ProductObject>> CreateProduct(ApiParams p, ApiCaller caller, ProductCatalog catalog, CancellationToken cancellationToken) =>
        TypedResults.Ok(await catalog.CreateProductAsync(caller, p, cancellationToken));

    private static async Task<Ok<ListObject<ProductObject>>> ListProducts(ApiParams p, ApiCaller caller, ProductCatalog catalog, CancellationToken cancellationToken) =>
        TypedResults.Ok(await catalog.ListProductsAsync(caller, p, cancellationToken));

    private static async Task<Results<Ok<ProductObject>, ApiError>> RetrieveProduct(string id, ApiCaller caller, ProductCatalog catalog, CancellationToken cancellationToken) =>
        await catalog.GetProductAsync(caller, id, cancellationToken) is { } product ? TypedResults.Ok(product) : ApiError.NoSuch("id", "product", id);

    private static async Task<Results<Ok<ProductObject>, ApiError>> UpdateProduct(string id, ApiParams p, ApiCaller caller, ProductCatalog catalog, CancellationToken cancellationToken) =>
        await catalog.UpdateProductAsync(caller, id, p, cancellationToken) is { } product ? TypedResults.Ok(product) : ApiError.NoSuch("id", "product", id);

    private static async Task<Results<Ok<DeletedObject>, ApiError>> DeleteProduct(string id, ApiCaller caller, ProductCatalog catalog, CancellationToken cancellationToken) =>
        await catalog.DeleteProductAsync(caller, id, cancellationToken) switch
        {
            { Value: { } deleted } => TypedResults.Ok(deleted),
            { Problem.Kind: ProblemKind.NotFound } => ApiError.NoSuch("id", "product", id),
            { Problem: var problem } => ApiError.From(problem!) with { Code = "resource_in_use" },
        };

    private static async Task<Ok<PriceObject>> CreatePrice(ApiParams p, ApiCaller caller, ProductCatalog catalog, CancellationToken cancellationToken) =>
        TypedResults.Ok(await catalog.CreatePriceAsync(caller, p, cancellationToken));

    private static async Task<Ok<ListObject<PriceObject>>> ListPrices(ApiParams p, ApiCaller caller, ProductCatalog catalog, CancellationToken cancellationToken) =>
        TypedResults.Ok(await catalog.ListPricesAsync(caller, p, cancellationToken));

    private static async Task<Results<Ok<PriceObject>, ApiError>> RetrievePrice(string id, ApiCaller caller, ProductCatalog catalog, CancellationToken cancellationToken) =>
        await catalog.GetPriceAsync(caller, id, cancellationToken) is { } price ? TypedResults.Ok(price) : ApiError.NoSuch("id", "price", id);

    private static async Task<Results<Ok<PriceObject>, ApiError>> UpdatePrice(string id, ApiParams p, ApiCaller caller, ProductCatalog catalog, CancellationToken cancellationToken) =>
        await catalog.UpdatePriceAsync(caller, id, p, cancellationToken) is { } price ? TypedResults.Ok(price) : ApiError.NoSuch("id", "price", id);
}

// The request bodies as the OpenAPI document shows them (ProductCatalog reads them). A form sends the same: metadata[key]=value, recurring[interval]=month.

/// <summary>The body of a product create.</summary>
internal sealed class CreateProductParameters
{
    /// <summary>What customers see, e.g. "Pro"; up to 200 characters.</summary>
    public required string Name { get; init; }

    /// <summary>A longer description, up to 5000 characters.</summary>
    public string? Description { get; init; }

    /// <summary>Whether it can be sold; default <c>true</c>.</summary>
    public bool? Active { get; init; }

    /// <summary>Up to 50 keys of up to 40 characters, values up to 500.</summary>
    public IReadOnlyDictionary<string, string>? Metadata { get; init; }
}

/// <summary>The body of a product update: only what it names changes.</summary>
internal sealed class UpdateProductParameters
{
    /// <summary>What customers see; cannot be emptied.</summary>
    public string? Name { get; init; }

    /// <summary>A longer description; <c>""</c> clears it.</summary>
    public string? Description { get; init; }

    /// <summary><c>false</c> archives it; <c>true</c> reactivates it.</summary>
    public bool? Active { get; init; }

    /// <summary>Merged into the stored metadata: an empty value removes its key, <c>metadata=""</c> removes all.</summary>
    public IReadOnlyDictionary<string, string>? Metadata { get; init; }
}

/// <summary>The body of a price create.</summary>
internal sealed class CreatePriceParameters
{
    /// <summary>One of your products in the key's mode (<c>prod_...</c>).</summary>
    public required string Product { get; init; }

    /// <summary>ISO 4217, e.g. <c>usd</c> (upper case is read as lower case).</summary>
    public required string Currency { get; init; }

    /// <summary>In minor units (cents), 0 to 99,999,999.</summary>
    public required long UnitAmount { get; init; }

    /// <summary>How often it bills.</summary>
    public required RecurringParameters Recurring { get; init; }

    /// <summary><c>per_unit</c> (default: times the subscription's quantity) or <c>flat</c> (the whole subscription, whatever its quantity).</summary>
    public string? BillingScheme { get; init; }

    /// <summary>Your own label, up to 200 characters, never shown to customers.</summary>
    public string? Nickname { get; init; }

    /// <summary>Whether new subscriptions can use it; default <c>true</c>.</summary>
    public bool? Active { get; init; }

    /// <summary>Up to 50 keys of up to 40 characters, values up to 500.</summary>
    public IReadOnlyDictionary<string, string>? Metadata { get; init; }
}

/// <summary>How often a price bills.</summary>
internal sealed class RecurringParameters
{
    /// <summary><c>month</c> or <c>year</c>.</summary>
    public required string Interval { get; init; }

    /// <summary>Every this many intervals, default 1; at most 36 months or 3 years.</summary>
    public int? IntervalCount { get; init; }
}

/// <summary>The body of a price update: only <c>nickname</c>, <c>active</c> and <c>metadata</c> change.</summary>
internal sealed class UpdatePriceParameters
{
    /// <summary>Your own label; <c>""</c> clears it.</summary>
    public string? Nickname { get; init; }

    /// <summary><c>false</c> archives it; <c>true</c> reactivates it.</summary>
    public bool? Active { get; init; }

    /// <summary>Merged into the stored metadata: an empty value removes its key, <c>metadata=""</c> removes all.</summary>
    public IReadOnlyDictionary<string, string>? Metadata { get; init; }

    /// <summary>Immutable: refused with <c>parameter_invalid</c>.</summary>
    public string? Product { get; init; }

    /// <summary>Immutable: refused with <c>parameter_invalid</c>.</summary>
    public string? Currency { get; init; }

    /// <summary>Immutable: refused with <c>parameter_invalid</c>.</summary>
    public long? UnitAmount { get; init; }

    /// <summary>Immutable: refused with <c>parameter_invalid</c>.</summary>
    public RecurringParameters? Recurring { get; init; }

    /// <summary>Immutable: refused with <c>parameter_invalid</c>.</summary>
    public string? BillingScheme { get; init; }
}
