using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.OpenApi;
using Vinr.Portal.Api.Features.Events;
using Vinr.Portal.Api.Infrastructure.Http;

namespace Vinr.Portal.Api.Features.Webhooks;

/// <summary>Events (retrieve, list, attempts, resend) and webhook endpoints (create, retrieve, update, list, delete, attempts).</summary>
public static class WebhookApi
{
    private const string EndpointName = "webhook endpoint";

    public static RouteGroupBuilder MapEvents(this RouteGroupBuilder v1)
    {
        var group = v1.MapGroup("/events").WithTags("Events");
        group.MapGet("", ListEvents)
            .WithName("ListEvents")
            .WithSummary("List events")
            .WithDescription("Newest first, in the key's mode. `type` (one type) or `types[]` (several) filter by type; `created[gte]` and `created[lte]` (Unix seconds) by time. " +
                "`limit` (1–100, default 10), `starting_after` or `ending_before` page through.")
            .Parameters([
                .. ApiParameter.Page("event"),
                ApiParameter.Text("type", "Only events of this type, e.g. `customer.subscription.updated`."),
                new ApiParameter("types", JsonSchemaType.Array, "Only events of these types (up to 20); not with `type`."),
                ApiParameter.TimeRange("created", "`created[gte]` and `created[lte]`: only events created at or after, at or before these Unix times."),
            ]);
        group.MapGet("/{id}", RetrieveEvent)
            .WithName("RetrieveEvent")
            .WithSummary("Retrieve an event")
            .WithDescription("One of your events in the key's mode, as webhooks deliver it.")
            .Parameters();
        group.MapGet("/{id}/attempts", ListEventAttempts)
            .WithName("ListEventAttempts")
            .WithSummary("List an event's delivery attempts")
            .WithDescription("Every POST of the event to your endpoints, newest first: status code, duration and error. `webhook_endpoint` keeps one endpoint's.")
            .Parameters([.. ApiParameter.Page("attempt"), ApiParameter.Text("webhook_endpoint", "Only attempts to this endpoint.")]);
        group.MapPost("/{id}/resend", Resend)
            .WithName("ResendEvent")
            .WithSummary("Resend an event")
            .WithDescription("Delivers the event again, with the same id, within seconds: to `webhook_endpoint` when given (any of your enabled endpoints), " +
                "else to every endpoint it was sent to. Retries run for three more days. Receivers de-duplicate by event id.")
            .Accepts<ResendParameters>("application/x-www-form-urlencoded", "application/json")
            .Parameters(["webhook_endpoint"]);
        return group;
    }

    public static RouteGroupBuilder MapWebhookEndpoints(this RouteGroupBuilder v1)
    {
        var group = v1.MapGroup("/webhook_endpoints").WithTags("Webhook endpoints");
        group.MapPost("", Create)
            .WithName("CreateWebhookEndpoint")
            .WithSummary("Create a webhook endpoint")
            .WithDescription("A URL that receives your events of this mode as signed POSTs (`Vinr-Signature`, also sent as `Stripe-Signature`). " +
                "`enabled_events[]` names the types, or `*` for all. The response carries the signing `secret` (`whsec_...`), the only time it is shown. " +
                "Live mode needs https and a public address; test mode accepts http and any host.")
            .Accepts<CreateWebhookEndpointParameters>("application/x-www-form-urlencoded", "application/json")
            .Parameters(WebhookEndpoints.CreateParameters);
        group.MapGet("", List)
            .WithName("ListWebhookEndpoints")
            .WithSummary("List webhook endpoints")
            .WithDescription("Newest first, in the key's mode. `limit` (1–100, default 10), `starting_after` or `ending_before` page through.")
            .Parameters(ApiParameter.Page("webhook endpoint"));
        group.MapGet("/{id}", Retrieve)
            .WithName("RetrieveWebhookEndpoint")
            .WithSummary("Retrieve a webhook endpoint")
            .WithDescription("One of your endpoints in the key's mode, without its secret.")
            .Parameters();
        group.MapPost("/{id}", Update)
            .WithName("UpdateWebhookEndpoint")
            .WithSummary("Update a webhook endpoint")
            .WithDescription("Changes only what the request names: `url`, `enabled_events[]`, `description` (`\"\"` clears it), `metadata`, " +
                "and `disabled=true` to stop deliveries (`false` resumes them). The secret stays.")
            .Accepts<UpdateWebhookEndpointParameters>("application/x-www-form-urlencoded", "application/json")
            .Parameters(WebhookEndpoints.UpdateParameters);
        group.MapDelete("/{id}", Delete)
            .WithName("DeleteWebhookEndpoint")
            .WithSummary("Delete a webhook endpoint")
            .WithDescription("Stops every delivery to it at once, and deletes its attempts.")
            .Parameters();
        group.MapGet("/{id}/attempts", ListEndpointAttempts)
            .WithName("ListWebhookEndpointAttempts")
            .WithSummary("List an endpoint's delivery attempts")
            .WithDescription("Every POST to the endpoint, newest first: event, status code, duration and error.")
            .Parameters(ApiParameter.Page("attempt"));
        return group;
    }



    private static async Task<Ok<ListObject<EventObject>>> ListEvents(ApiParams p, ApiCaller caller, WebhookEvents events, CancellationToken cancellationToken)
    {
        var page = PageRequest.Parse(p);
        IReadOnlyList<string> types = p.String("type", 100) is { } type ? [type] : p.StringList("types");
        if (p.Has("type") && p.Has("types"))
        {
            throw new ApiException(ApiError.Invalid("types", "Pass type or types, not both."));
        }
        if (types.Count > 20)
        {
            throw new ApiException(ApiError.Invalid("types", "Invalid types: at most 20."));
        }
        DateTimeOffset? gte = null, lte = null;
        if (p.Object("created") is { } created)
        {
            created.AllowOnly("gte", "lte");
            gte = created.Integer("gte", 0, 253402300799) is { } from ? DateTimeOffset.FromUnixTimeSeconds(from) : null;
            // Inclusive of the whole second: the stored time has milliseconds.
            lte = created.Integer("lte", 0, 253402300799) is { } to ? DateTimeOffset.FromUnixTimeSeconds(to).AddTicks(TimeSpan.TicksPerSecond - 1) : null;
        }
        return TypedResults.Ok(await events.ListAsync(caller, page, types, gte, lte, cancellationToken));
    }

    private static async Task<Results<Ok<EventObject>, ApiError>> RetrieveEvent(string id, ApiParams p, ApiCaller caller, WebhookEvents events,
        CancellationToken cancellationToken)
    {
        return await events.GetAsync(caller, id, cancellationToken) is { } e ? TypedResults.Ok(e) : ApiError.NoSuch("id", "event", id);
    }

    private static async Task<Results<Ok<ListObject<WebhookAttemptObject>>, ApiError>> ListEventAttempts(string id, ApiParams p, ApiCaller caller,
        WebhookEvents events, CancellationToken cancellationToken)
    {
        var page = PageRequest.Parse(p);
        return await events.AttemptsAsync(caller, id, p.String("webhook_endpoint", 64), page, cancellationToken) is { } list
            ? TypedResults.Ok(list)
            : ApiError.NoSuch("id", "event", id);
    }

    private static async Task<Results<Ok<EventObject>, ApiError>> Resend(string id, ApiParams p, ApiCaller caller, WebhookEvents events,
        CancellationToken cancellationToken)
    {
        return await events.ResendAsync(caller, id, p.String("webhook_endpoint", 64), cancellationToken) is { } e ? TypedResults.Ok(e) : ApiError.NoSuch("id", "event", id);
    }

    private static async Task<Ok<WebhookEndpointObject>> Create(ApiParams p, ApiCaller caller, WebhookEndpoints endpoints, CancellationToken cancellationToken) =>
        TypedResults.Ok(await endpoints.CreateAsync(caller, p, cancellationToken));

    private static async Task<Ok<ListObject<WebhookEndpointObject>>> List(ApiParams p, ApiCaller caller, WebhookEndpoints endpoints, CancellationToken cancellationToken)
    {
        return TypedResults.Ok(await endpoints.ListAsync(caller, PageRequest.Parse(p), cancellationToken));
    }

    private static async Task<Results<Ok<WebhookEndpointObject>, ApiError>> Retrieve(string id, ApiParams p, ApiCaller caller, WebhookEndpoints endpoints,
        CancellationToken cancellationToken)
    {
        return await endpoints.GetAsync(caller, id, cancellationToken) is { } endpoint ? TypedResults.Ok(endpoint) : ApiError.NoSuch("id", EndpointName, id);
    }

    private static async Task<Results<Ok<WebhookEndpointObject>, ApiError>> Update(string id, ApiParams p, ApiCaller caller, WebhookEndpoints endpoints,
        CancellationToken cancellationToken) =>
        await endpoints.UpdateAsync(caller, id, p, cancellationToken) is { } endpoint ? TypedResults.Ok(endpoint) : ApiError.NoSuch("id", EndpointName, id);

    private static async Task<Results<Ok<DeletedObject>, ApiError>> Delete(string id, ApiParams p, ApiCaller caller, WebhookEndpoints endpoints,
        CancellationToken cancellationToken)
    {
        return await endpoints.DeleteAsync(caller, id, cancellationToken)
            ? TypedResults.Ok(new DeletedObject(id, WebhookEndpointObject.ObjectName, true))
            : ApiError.NoSuch("id", EndpointName, id);
    }

    private static async Task<Results<Ok<ListObject<WebhookAttemptObject>>, ApiError>> ListEndpointAttempts(string id, ApiParams p, ApiCaller caller,
        WebhookEvents events, CancellationToken cancellationToken)
    {
        var page = PageRequest.Parse(p);
        return TypedResults.Ok((await events.AttemptsAsync(caller, null, id, page, cancellationToken))!);
    }
}


/// <param name="Url">Where to POST events: https (http also in test mode), at most 2048 characters.</param>
/// <param name="EnabledEvents">Event types to send (<c>enabled_events[]=invoice.paid</c>), or <c>*</c> for all.</param>
/// <param name="Description">Your note about it.</param>
/// <param name="Metadata">Your key-value pairs.</param>
public sealed record CreateWebhookEndpointParameters(string Url, IReadOnlyList<string> EnabledEvents, string? Description, IReadOnlyDictionary<string, string>? Metadata);

/// <param name="Url">A new URL, checked as on create.</param>
/// <param name="EnabledEvents">Replaces the list.</param>
/// <param name="Description"><c>""</c> clears it.</param>
/// <param name="Disabled"><c>true</c> stops deliveries; <c>false</c> resumes them.</param>
/// <param name="Metadata">Merged; an empty value removes a key, <c>metadata=""</c> all.</param>
public sealed record UpdateWebhookEndpointParameters(string? Url, IReadOnlyList<string>? EnabledEvents, string? Description, bool? Disabled,
    IReadOnlyDictionary<string, string>? Metadata);

/// <param name="WebhookEndpoint">Only this endpoint (<c>we_...</c>).</param>
public sealed record ResendParameters(string? WebhookEndpoint);
