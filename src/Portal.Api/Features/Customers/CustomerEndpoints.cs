using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Vinr.Portal.Api.Infrastructure.Http;

namespace Vinr.Portal.Api.Features.Customers;

/// <summary>The merchant's customers: create, retrieve, update, list, delete.</summary>
public static class CustomerEndpoints
{
    public static RouteGroupBuilder MapCustomers(this RouteGroupBuilder v1)
    {
        var group = v1.MapGroup("/customers").WithTags("Customers");
        group.MapPost("", Create)
            .WithName("CreateCustomer")
            .WithSummary("Create a customer")
            .WithDescription("Every field is optional. `email` must be a deliverable address, `address[country]` an ISO 3166-1 alpha-2 code " +
                "(required once any part of the address is given), `phone` 6 to 20 digits, spaces, `+`, `( )` or `-`.")
            .Accepts<CreateCustomerParameters>("application/x-www-form-urlencoded", "application/json")
            .Parameters(CustomerRequest.CreateParameters);
        group.MapGet("", List)
            .WithName("ListCustomers")
            .WithSummary("List customers")
            .WithDescription("Newest first. `limit` (1–100, default 10), `starting_after` or `ending_before` page through; `email` filters. Deleted customers are not listed.")
            .Parameters([ApiParameter.Text("email", "Only customers with exactly this email address."), .. ApiParameter.Page("customer")]);
        group.MapGet("/{id}", Retrieve)
            .WithName("RetrieveCustomer")
            .WithSummary("Retrieve a customer")
            .WithDescription("One of your customers in the key's mode. A deleted customer is `resource_missing`.")
            .Parameters();
        group.MapPost("/{id}", Update)
            .WithName("UpdateCustomer")
            .WithSummary("Update a customer")
            .WithDescription("Changes only what the request names; `\"\"` clears a value (`address=\"\"` the whole address), an empty metadata value removes that key.")
            .Accepts<CustomerParameters>("application/x-www-form-urlencoded", "application/json")
            .Parameters(CustomerRequest.UpdateParameters);
        group.MapDelete("/{id}", Delete)
            .WithName("DeleteCustomer")
            .WithSummary("Delete a customer")
            .WithDescription("As Stripe: the customer's subscriptions end at once (without proration), their cards are detached and their portal sessions end, " +
                "each with its event, then `customer.deleted`. Afterwards the customer is `resource_missing` everywhere, and no portal session can be created for them.")
            .Parameters();
        return group;
    }

    private static async Task<Ok<CustomerObject>> Create(ApiParams parameters, ApiCaller caller, Customers customers, CancellationToken cancellationToken) =>
        TypedResults.Ok(await customers.CreateAsync(caller, parameters, cancellationToken));

    private static async Task<Results<Ok<CustomerObject>, ApiError>> Retrieve(string id, ApiParams parameters, ApiCaller caller, Customers customers,
        CancellationToken cancellationToken)
    {
        return await customers.GetAsync(caller, id, cancellationToken) is { } customer ? TypedResults.Ok(customer) : ApiError.NoSuch("id", CustomerObject.ObjectName, id);
    }

    private static async Task<Results<Ok<CustomerObject>, ApiError>> Update(string id, ApiParams parameters, ApiCaller caller, Customers customers,
        CancellationToken cancellationToken) =>
        await customers.UpdateAsync(caller, id, parameters, cancellationToken) is { } customer ? TypedResults.Ok(customer) : ApiError.NoSuch("id", CustomerObject.ObjectName, id);

    private static async Task<Results<Ok<DeletedObject>, ApiError>> Delete(string id, ApiParams parameters, ApiCaller caller, Customers customers,
        CancellationToken cancellationToken)
    {
        return await customers.DeleteAsync(caller, id, cancellationToken) is { } deleted ? TypedResults.Ok(deleted) : ApiError.NoSuch("id", CustomerObject.ObjectName, id);
    }

    private static async Task<Ok<ListObject<CustomerObject>>> List(ApiParams parameters, ApiCaller caller, Customers customers, CancellationToken cancellationToken)
    {
        var page = PageRequest.Parse(parameters);
        return TypedResults.Ok(await customers.ListAsync(caller, page, parameters.String("email", BillingDetails.EmailMaxLength), cancellationToken));
    }
}

/// <summary>The body of customer update, and most of create's (a form sends the same with brackets: <c>address[country]=DE</c>).</summary>
internal class CustomerParameters
{
    /// <summary>Up to 200 characters.</summary>
    public string? Name { get; init; }

    /// <summary>A deliverable address, up to 320 characters.</summary>
    public string? Email { get; init; }

    /// <summary>6 to 20 digits, spaces, <c>+</c>, <c>( )</c> or <c>-</c>.</summary>
    public string? Phone { get; init; }

    public AddressObject? Address { get; init; }

    /// <summary>A VAT or other tax id, up to 64 letters, digits, spaces, hyphens and dots.</summary>
    public string? TaxId { get; init; }

    /// <summary>Up to 50 keys of up to 40 characters, values up to 500. On update an empty value removes its key, and <c>metadata=""</c> removes all.</summary>
    public IReadOnlyDictionary<string, string>? Metadata { get; init; }
}

/// <summary>The body of customer create.</summary>
internal sealed class CreateCustomerParameters : CustomerParameters
{
    /// <summary>Test mode only: a test clock (<c>clock_...</c>) whose time this customer's billing follows, for life.</summary>
    public string? TestClock { get; init; }
}
