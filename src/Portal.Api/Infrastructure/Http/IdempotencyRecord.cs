using Vinr.Portal.Api.Infrastructure.Data;

namespace Vinr.Portal.Api.Infrastructure.Http;

/// <summary>
/// The first response to a POST with an <c>Idempotency-Key</c>. The row is inserted before the work
/// runs, so a concurrent second request with the same key finds it (a unique key) and waits its turn.
/// </summary>
public sealed class IdempotencyRecord : IOwned
{
    public required string MerchantId { get; init; }
    public bool Livemode { get; init; }
    public required string Key { get; init; }

    /// <summary>SHA-256 of method, path and the normalised parameters.</summary>
    public required byte[] RequestHash { get; init; }

    public int? StatusCode { get; set; }
    public string? ResponseBody { get; set; }
    public DateTimeOffset Created { get; init; }
}
