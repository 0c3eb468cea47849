using Vinr.Portal.Api.Infrastructure.Data;

namespace Vinr.Portal.Api.Features.Merchants;

/// <summary>
/// A secret API key, stored as a lookup id (not secret) and a SHA-256 hash of the whole key.
/// Keys are 143 random bits, so a fast hash is enough; a slow password hash would only cost latency.
/// </summary>
public sealed class ApiKey : IOwned
{
    public required string Id { get; init; }
    public required string MerchantId { get; init; }
    public bool Livemode { get; init; }

    /// <summary>The first characters of the key (e.g. <c>sk_test_AcmeDemo4e</c>): finds the row, shown in dashboards.</summary>
    public required string LookupPrefix { get; init; }

    public required byte[] SecretHash { get; init; }
    public DateTimeOffset Created { get; init; }
    public DateTimeOffset? RevokedAt { get; set; }
}
