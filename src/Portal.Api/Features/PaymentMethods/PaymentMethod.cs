using Vinr.Portal.Api.Infrastructure.Data;
using Vinr.Portal.Api.Infrastructure.Http;

namespace Vinr.Portal.Api.Features.PaymentMethods;

/// <summary>
/// A card on file. Only what a receipt may show is kept: brand, last 4, expiry, and a keyed
/// fingerprint to spot the same card twice; never the number or the CVC.
/// </summary>
public sealed class PaymentMethod : ICustomerOwned, IListable
{
    public required string Id { get; init; }
    public required string MerchantId { get; init; }
    public bool Livemode { get; init; }
    public required string CustomerId { get; init; }
    public required string Brand { get; init; }
    public required string Last4 { get; init; }
    public int ExpMonth { get; init; }
    public int ExpYear { get; init; }
    public string Funding { get; init; } = "credit";

    /// <summary>HMAC-SHA256 of the card number under a server key, hex: equal cards, equal fingerprints.</summary>
    public required string Fingerprint { get; init; }

    /// <summary>The processor's handle for the card (opaque; it cannot charge anywhere else).</summary>
    public required string ProcessorReference { get; init; }

    public DateTimeOffset Created { get; init; }

    /// <summary>Removed by the customer or the merchant; kept for the events and invoices that name it.</summary>
    public DateTimeOffset? DetachedAt { get; set; }

    public bool IsExpiredAt(DateTimeOffset now) => ExpYear < now.Year || (ExpYear == now.Year && ExpMonth < now.Month);
}
