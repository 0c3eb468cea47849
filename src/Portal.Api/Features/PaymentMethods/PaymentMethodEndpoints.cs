using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Vinr.Portal.Api.Features.Events;
using Vinr.Portal.Api.Infrastructure;
using Vinr.Portal.Api.Infrastructure.Data;
using Vinr.Portal.Api.Infrastructure.Http;

namespace Vinr.Portal.Api.Features.PaymentMethods;

/// <summary>The merchant's view of its customers' cards: list, retrieve, detach. Cards are added by customers, in the portal.</summary>
public static class PaymentMethodEndpoints
{
    public static RouteGroupBuilder MapPaymentMethods(this RouteGroupBuilder v1)
    {
        var group = v1.MapGroup("/payment_methods").WithTags("Payment methods");
        group.MapGet("", List).WithName("ListPaymentMethods").WithSummary("List a customer's cards")
            .WithDescription("Newest first. `customer` is required, as in Stripe's API for a customer's cards; `limit`, `starting_after`, `ending_before` page through.")
            .Parameters([ApiParameter.Text("customer", "Required: the customer whose cards to list (`cust_...`)."), .. ApiParameter.Page("payment method")]);
        group.MapGet("/{id}", Retrieve).WithName("RetrievePaymentMethod").WithSummary("Retrieve a card")
            .WithDescription("Brand, last 4, expiry and fingerprint of one of your customers' cards; never the number.")
            .Parameters();
        group.MapPost("/{id}/detach", Detach).WithName("DetachPaymentMethod").WithSummary("Detach a card from its customer")
            .WithDescription("The customer's default card cannot be detached while they have a subscription that renews.")
            .Parameters();
        return group;
    }

    private static async Task<Ok<ListObject<PaymentMethodObject>>> List(ApiParams p, ApiCaller caller, IDbContextFactory<BillingDbContext> dbFactory, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var (customer, page) = await PageRequest.ForCustomerAsync(p, caller, db, cancellationToken);
        var (items, hasMore) = await page.ApplyAsync(
            db.PaymentMethods.OwnedBy(customer).AsNoTracking().Where(pm => pm.DetachedAt == null),
            cancellationToken);
        return TypedResults.Ok(new ListObject<PaymentMethodObject>("list", [.. items.Select(PaymentMethodObject.From)], hasMore, "/v1/payment_methods"));
    }

    private static async Task<Results<Ok<PaymentMethodObject>, ApiError>> Retrieve(string id, ApiParams p, ApiCaller caller, IDbContextFactory<BillingDbContext> dbFactory, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var pm = await db.PaymentMethods.OwnedBy(caller).AsNoTracking().FirstOrDefaultAsync(x => x.Id == id, cancellationToken);
        return pm is null ? ApiError.NoSuch("id", "payment method", id) : TypedResults.Ok(PaymentMethodObject.From(pm));
    }

    private static async Task<Results<Ok<PaymentMethodObject>, ApiError>> Detach(
        string id, ApiParams p, ApiCaller caller, CustomerCards cards, CancellationToken cancellationToken)
    {
        var outcome = await cards.DetachAsync(Actor.Api(caller), id, cancellationToken);
        return outcome switch
        {
            { Value: { } pm } => TypedResults.Ok(PaymentMethodObject.From(pm)),
            { Problem.Kind: ProblemKind.NotFound } => ApiError.NoSuch("id", "payment method", id),
            { Problem: var problem } => ApiError.From(problem!) with { Code = "payment_method_in_use" },
        };
    }
}
