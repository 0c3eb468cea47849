using Vinr.Portal.Api.Infrastructure.Data;
using Vinr.Portal.Api.Infrastructure.Http;

namespace Vinr.Portal.Api.Features.Events;

/// <summary>
/// Something that happened to a merchant's objects, written in the same transaction as the change.
/// <see cref="Data"/> is the JSON snapshot of the object as the API shows it.
/// </summary>
public sealed class Event : IOwned, IListable
{
    public required string Id { get; init; }
    public required string MerchantId { get; init; }
    public bool Livemode { get; init; }
    public required string Type { get; init; }
    public required string Data { get; init; }

    /// <summary><c>api</c>, <c>portal</c> or <c>system</c>: where the change came from.</summary>
    public required string Source { get; init; }

    public string? PortalSessionId { get; init; }

    /// <summary>The portal session's flow type when the change came from a deep link.</summary>
    public string? Flow { get; init; }

    /// <summary>The API request that made the change (its <c>Request-Id</c> and <c>Idempotency-Key</c>); null otherwise.</summary>
    public string? RequestId { get; init; }

    public string? IdempotencyKey { get; init; }

    public DateTimeOffset Created { get; init; }

    /// <summary>
    /// Whether the webhook deliverer has made this event's delivery rows: the events table is the
    /// outbox, and this is its "taken" mark (see ADR webhooks-outbox).
    /// </summary>
    public bool FannedOut { get; set; }
}
