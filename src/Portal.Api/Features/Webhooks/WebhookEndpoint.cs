using Vinr.Portal.Api.Infrastructure.Data;
using Vinr.Portal.Api.Infrastructure.Http;

namespace Vinr.Portal.Api.Features.Webhooks;

/// <summary>A merchant's URL that receives its events (<c>we_</c>), in one mode.</summary>
public sealed class WebhookEndpoint : IOwned, IListable
{
    public required string Id { get; init; }
    public required string MerchantId { get; init; }
    public bool Livemode { get; init; }
    public required string Url { get; set; }

    /// <summary>Event types to send, or just <c>*</c> for all.</summary>
    public string[] EnabledEvents { get; set; } = [];

    public string? Description { get; set; }

    /// <summary>Turned off by the merchant: no new deliveries.</summary>
    public bool Disabled { get; set; }

    /// <summary>
    /// The signing secret (<c>whsec_...</c>) as a Data Protection payload: never stored in the clear,
    /// shown once in the create response.
    /// </summary>
    public required string ProtectedSecret { get; init; }

    /// <summary>Since when a delivery gave up after three days of failures; cleared by the next success.</summary>
    public DateTimeOffset? FailingSince { get; set; }

    public Dictionary<string, string> Metadata { get; set; } = [];
    public DateTimeOffset Created { get; init; }

    public bool Wants(string eventType) => EnabledEvents.Contains("*") || EnabledEvents.Contains(eventType);
}

public enum DeliveryStatus
{
    Pending,
    Succeeded,

    /// <summary>Gave up: no 2xx within three days.</summary>
    Failed,
}

/// <summary>
/// One event owed to one endpoint (<c>whd_</c>), unique per pair. The lease (<see cref="LockedUntil"/>,
/// <see cref="LockToken"/>) is taken by a conditional UPDATE, so one deliverer at a time sends it.
/// </summary>
public sealed class WebhookDelivery : IOwned
{
    public required string Id { get; init; }
    public required string MerchantId { get; init; }
    public bool Livemode { get; init; }
    public required string EventId { get; init; }
    public required string EndpointId { get; init; }
    public DeliveryStatus Status { get; set; }
    public int Attempts { get; set; }
    public DateTimeOffset NextAttemptAt { get; set; }

    /// <summary>When retrying stops: three days after the event (or after a resend).</summary>
    public DateTimeOffset GiveUpAt { get; set; }

    public DateTimeOffset? LockedUntil { get; set; }
    public string? LockToken { get; set; }
    public DateTimeOffset Created { get; init; }
}

/// <summary>One POST of an event to an endpoint (<c>wha_</c>), as the merchant lists it.</summary>
public sealed class WebhookAttempt : IOwned, IListable
{
    public required string Id { get; init; }
    public required string MerchantId { get; init; }
    public bool Livemode { get; init; }
    public required string EventId { get; init; }
    public required string EndpointId { get; init; }
    public required string Url { get; init; }

    /// <summary>The HTTP status the endpoint answered; null when no answer came (refused, timeout).</summary>
    public int? StatusCode { get; init; }

    public bool Succeeded { get; init; }
    public long DurationMs { get; init; }

    /// <summary>Why it failed, trimmed; never the response body (it could hold the receiver's secrets).</summary>
    public string? Error { get; init; }

    public DateTimeOffset Created { get; init; }
}
