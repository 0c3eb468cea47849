namespace Vinr.Portal.Api.Features.PaymentMethods;

/// <summary>
/// Where cards are verified and charged. The portal stores only what <see cref="AttachedCard"/>
/// returns; the processor keeps the card itself behind <see cref="AttachedCard.ProcessorReference"/>.
/// </summary>
public interface IPaymentProcessor
{
    /// <summary>Verifies and saves a card (no money moves).</summary>
    Task<AttachOutcome> AttachAsync(CardDetails card, bool livemode, CancellationToken cancellationToken);

    /// <summary>Charges a saved card. The same idempotency key always gives the same outcome, never a second charge.</summary>
    Task<ChargeOutcome> ChargeAsync(ChargeRequest charge, CancellationToken cancellationToken);

    /// <summary>Refunds (part of) a charge.</summary>
    Task<RefundOutcome> RefundAsync(RefundRequest refund, CancellationToken cancellationToken);
}

/// <summary>What may be stored about a card: nothing that could charge it elsewhere.</summary>
public sealed record AttachedCard(string Brand, string Last4, int ExpMonth, int ExpYear, string Funding, string Fingerprint, string ProcessorReference);

/// <summary>Why the processor said no, in words a customer can act on (Stripe's codes and messages).</summary>
public sealed record PaymentDecline(string Code, string Message);

public sealed record AttachOutcome(AttachedCard? Card, PaymentDecline? Decline);

public sealed record ChargeRequest(string ProcessorReference, long Amount, string Currency, string IdempotencyKey, bool Livemode, string Description);

public sealed record ChargeOutcome(string? ChargeReference, PaymentDecline? Decline);

public sealed record RefundRequest(string ChargeReference, long Amount, string Currency, string IdempotencyKey);

public sealed record RefundOutcome(string? RefundReference, PaymentDecline? Decline);
