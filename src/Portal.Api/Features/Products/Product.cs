using Vinr.Portal.Api.Infrastructure.Data;
using Vinr.Portal.Api.Infrastructure.Http;

namespace Vinr.Portal.Api.Features.Products;

/// <summary>What a merchant sells, e.g. "Pro". Its prices say how much and how often.</summary>
public sealed class Product : IOwned, IListable
{
    public required string Id { get; init; }
    public required string MerchantId { get; init; }
    public bool Livemode { get; init; }
    public required string Name { get; set; }
    public string? Description { get; set; }
    public bool Active { get; set; } = true;
    public DateTimeOffset Created { get; init; }

    /// <summary>When the API last changed it; rows written before it existed (and the seed) read as their creation.</summary>
    public DateTimeOffset Updated { get; set; }

    /// <summary>The merchant's own key-value pairs (Stripe's <c>metadata</c>).</summary>
    public Dictionary<string, string> Metadata { get; set; } = [];
}
