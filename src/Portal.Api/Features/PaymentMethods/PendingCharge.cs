using Vinr.Portal.Api.Infrastructure.Data;

namespace Vinr.Portal.Api.Features.PaymentMethods;

/// <summary>
/// A charge the portal is taking (<c>pch_</c>): written before the processor is called and removed once
/// what it pays for has committed or it was refunded. A row that outlives any request is a charge whose
/// process died in between; <see cref="PortalCharges.SettleAbandonedAsync"/> gives that money back
/// unless an invoice holds it.
/// </summary>
public sealed class PendingCharge : ICustomerOwned
{
    public required string Id { get; init; }
    public required string MerchantId { get; init; }
    public bool Livemode { get; init; }
    public required string CustomerId { get; init; }

    /// <summary>The card's processor token (never its number).</summary>
    public required string CardReference { get; init; }

    /// <summary>The processor's idempotency key: replaying it within the processor's window names the same charge, never a second one.</summary>
    public required string IdempotencyKey { get; init; }

    public long Amount { get; init; }
    public required string Currency { get; init; }
    public required string Description { get; init; }

    /// <summary>The processor's charge, once it answered (null if the process died before it could write it).</summary>
    public string? ChargeReference { get; set; }

    public DateTimeOffset Created { get; init; }
}
