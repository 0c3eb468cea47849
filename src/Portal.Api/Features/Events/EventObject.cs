using System.Text.Json;

namespace Vinr.Portal.Api.Features.Events;

/// <param name="Id">Unique identifier, e.g. <c>evt_2Fy6rNxQ...</c>; a redelivery carries the same id, so receivers de-duplicate by it.</param>
/// <param name="Object">Always <c>event</c>.</param>
/// <param name="ApiVersion">The version of the object shapes in <c>data</c>.</param>
/// <param name="Created">Unix seconds.</param>
/// <param name="Data">The object as it was after the change, in <c>data.object</c>.</param>
/// <param name="Livemode">False for events of test mode.</param>
/// <param name="PendingWebhooks">How many of your endpoints still wait for it (not yet answered 2xx, not given up).</param>
/// <param name="Request">The API request that caused it (its <c>Request-Id</c> and <c>Idempotency-Key</c>); both null for changes from the portal or the billing clock.</param>
/// <param name="Type">What happened, e.g. <c>customer.subscription.updated</c>.</param>
/// <param name="Source">Where the change came from: <c>api</c> (your backend), <c>portal</c> (your customer) or <c>system</c> (the billing clock).</param>
/// <param name="PortalSession">The portal session (<c>bps_...</c>) the customer acted in, when <c>source</c> is <c>portal</c>.</param>
/// <param name="Flow">The session's deep-link flow type (<c>subscription_cancel</c>, ...), when it had one.</param>
/// <summary>
/// Something that happened to your objects (Stripe's <c>event</c>, which Stripe's SDKs parse), plus
/// where it came from. A cancellation's reason and feedback are in <c>data.object.cancellation_details</c>.
/// </summary>
public sealed record EventObject(
    string Id,
    string Object,
    string ApiVersion,
    long Created,
    EventData Data,
    bool Livemode,
    long PendingWebhooks,
    EventRequest Request,
    string Type,
    string Source,
    string? PortalSession,
    string? Flow)
{
    /// <summary>The date the object shapes were last changed incompatibly.</summary>
    public const string CurrentApiVersion = "2026-12-01";

    public static EventObject From(Event e, long pendingWebhooks)
    {
        using var data = JsonDocument.Parse(e.Data);
        return new EventObject(e.Id, "event", CurrentApiVersion, e.Created.ToUnixTimeSeconds(), new EventData(data.RootElement.Clone()), e.Livemode,
            pendingWebhooks, new EventRequest(e.RequestId, e.IdempotencyKey), e.Type, e.Source, e.PortalSessionId, e.Flow);
    }
}

/// <param name="Object">The object after the change.</param>
public sealed record EventData(JsonElement Object);

/// <param name="Id">The request id (<c>Request-Id</c>).</param>
/// <param name="IdempotencyKey">The request's <c>Idempotency-Key</c>.</param>
public sealed record EventRequest(string? Id, string? IdempotencyKey);
