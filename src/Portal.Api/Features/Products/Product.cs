using Vinr.Portal.Api.Infrastructure.Data;

namespace Vinr.Portal.Api.Features.Products;

/// <summary>What a merchant sells, e.g. "Pro". Its prices say how much and how often.</summary>
public sealed class Product : IOwned
{
    public required string Id { get; init; }
    public required string MerchantId { get; init; }
    public bool Livemode { get; init; }
    public required string Name { get; set; }
    public string? Description { get; set; }
    public bool Active { get; set; } = true;
    public DateTimeOffset Created { get; init; }
}
