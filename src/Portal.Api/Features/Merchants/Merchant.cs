namespace Vinr.Portal.Api.Features.Merchants;

/// <summary>A business that bills its customers through VINR.</summary>
public sealed class Merchant
{
    public required string Id { get; init; }
    public required string Name { get; set; }
    public DateTimeOffset Created { get; init; }
}
