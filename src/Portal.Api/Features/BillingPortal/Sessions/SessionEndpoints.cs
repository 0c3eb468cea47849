using Vinr.Portal.Api.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Vinr.Portal.Api.Infrastructure.Http;

namespace Vinr.Portal.Api.Features.BillingPortal.Sessions;

public static class SessionEndpoints
{
    public static RouteGroupBuilder MapBillingPortalSessions(this RouteGroupBuilder v1)
    {
        var group = v1.MapGroup("/billing-portal/sessions").WithTags("Billing portal sessions");
        group.MapPost("", Create)
            .WithName("CreateBillingPortalSession")
            .WithSummary("Create a portal session")
            .WithDescription("Mints a short-lived, one-time link into the hosted portal for one customer. Redirect the customer to `url` straight away: it expires after 24 hours and works once.")
            .Accepts<CreateSessionParameters>("application/x-www-form-urlencoded", "application/json")
            .Parameters(CreateSessionRequest.Parameters);
        group.MapGet("/{id}", Retrieve)
            .WithName("RetrieveBillingPortalSession")
            .WithSummary("Retrieve a portal session")
            .WithDescription("Status (`unused`, `active`, `ended`, `expired`) and `opened_at`. `url` is null: it is returned once, on create.")
            .Parameters(ApiParameter.Expand("`customer` returns the customer object in place of its id."));
        group.MapPost("/{id}/expire", Expire)
            .WithName("ExpireBillingPortalSession")
            .WithSummary("Expire a portal session")
            .WithDescription("An unused link stops working; a customer in the portal loses access within a minute. Expiring an ended or expired session changes nothing.")
            .Parameters();
        return group;
    }

    private static async Task<Ok<SessionObject>> Create(ApiParams parameters, ApiCaller caller, PortalSessions sessions, PortalMetrics metrics, CancellationToken cancellationToken)
    {
        var request = CreateSessionRequest.Parse(parameters, caller.Livemode);
        var session = await sessions.CreateAsync(caller, request, cancellationToken);
        metrics.SessionCreated();
        return TypedResults.Ok(session);
    }

    private static async Task<Results<Ok<SessionObject>, ApiError>> Retrieve(string id, ApiParams parameters, ApiCaller caller, PortalSessions sessions, CancellationToken cancellationToken)
    {
        var expand = parameters.StringList("expand");
        return await sessions.GetAsync(caller, id, expand.Contains("customer"), cancellationToken) is { } session
            ? TypedResults.Ok(session)
            : ApiError.NoSuch("id", "billing portal session", id);
    }

    private static async Task<Results<Ok<SessionObject>, ApiError>> Expire(string id, ApiParams parameters, ApiCaller caller, PortalSessions sessions, CancellationToken cancellationToken)
    {
        return await sessions.ExpireAsync(caller, id, cancellationToken) is { } session
            ? TypedResults.Ok(session)
            : ApiError.NoSuch("id", "billing portal session", id);
    }

    /// <summary>The body of a create request, for the OpenAPI document (form or JSON).</summary>
    internal sealed class CreateSessionParameters
    {
        /// <summary>The customer's id (<c>cust_...</c>).</summary>
        public required string Customer { get; init; }

        /// <summary>Where "Return" sends the customer; absolute https (http only to localhost in test mode). Defaults to the configuration's.</summary>
        public string? ReturnUrl { get; init; }

        /// <summary>A portal configuration id (<c>bpc_...</c>); defaults to the merchant's default.</summary>
        public string? Configuration { get; init; }

        /// <summary><c>auto</c> (the browser's language), <c>en</c>, <c>fr</c>, <c>de</c> or <c>es</c>. The portal, its link page and the invoice PDFs downloaded there speak it; amounts and dates follow it.</summary>
        public string? Locale { get; init; }

        /// <summary>Send <c>customer</c> (form: <c>expand[]=customer</c>) to get the full customer object.</summary>
        public IReadOnlyList<string>? Expand { get; init; }

        /// <summary>A deep link: the session opens straight in one task, with the rest of the portal hidden until it is done.</summary>
        public FlowDataParameters? FlowData { get; init; }
    }

    /// <summary>
    /// <c>type</c> names the task, and the object of the same name its details (Stripe's shape). The
    /// subscription must be the customer's and allow the task; a confirm must be a change the
    /// configuration allows.
    /// </summary>
    internal sealed class FlowDataParameters
    {
        /// <summary><c>payment_method_update</c>, <c>subscription_cancel</c>, <c>subscription_update</c> or <c>subscription_update_confirm</c>.</summary>
        public required string Type { get; init; }

        public FlowCancelParameters? SubscriptionCancel { get; init; }

        public FlowSubscriptionParameters? SubscriptionUpdate { get; init; }

        public FlowConfirmParameters? SubscriptionUpdateConfirm { get; init; }

        /// <summary>What happens once the task is done; the whole portal when left out.</summary>
        public AfterCompletionParameters? AfterCompletion { get; init; }
    }

    internal sealed class FlowSubscriptionParameters
    {
        /// <summary>The customer's subscription (<c>sub_...</c>).</summary>
        public required string Subscription { get; init; }
    }

    internal sealed class FlowCancelParameters
    {
        /// <summary>The customer's subscription (<c>sub_...</c>).</summary>
        public required string Subscription { get; init; }

        /// <summary>
        /// <c>{"type": "coupon_offer", "coupon_offer": {"coupon": "..."}}</c> offers that coupon once, beside the cancel button (instead of the
        /// configuration's offer); <c>{"type": "survey"}</c> asks why before cancelling, even where the configuration's survey is off.
        /// </summary>
        public RetentionObject? Retention { get; init; }
    }

    internal sealed class FlowConfirmParameters
    {
        /// <summary>The customer's subscription (<c>sub_...</c>).</summary>
        public required string Subscription { get; init; }

        /// <summary>Exactly one item: the price to switch to, and its quantity (1 to 10000).</summary>
        public required IReadOnlyList<FlowItemObject> Items { get; init; }
    }

    internal sealed class AfterCompletionParameters
    {
        /// <summary><c>portal_homepage</c>, <c>redirect</c> or <c>hosted_confirmation</c>.</summary>
        public required string Type { get; init; }

        /// <summary>With <c>redirect</c>: <c>return_url</c>, absolute https (http only to localhost in test mode).</summary>
        public RedirectObject? Redirect { get; init; }

        /// <summary>With <c>hosted_confirmation</c>: an optional <c>custom_message</c> of up to 500 characters.</summary>
        public HostedConfirmationObject? HostedConfirmation { get; init; }
    }
}
