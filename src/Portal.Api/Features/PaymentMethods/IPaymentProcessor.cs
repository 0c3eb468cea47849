using Vinr.Portal.Api.Infrastructure.Data;

namespace Vinr.Portal.Api.Features.PaymentMethods;

/// <summary>
/// Where cards are verified and charged. The portal stores only what <see cref="AttachedCard"/>
/// returns; the processor keeps the card itself behind <see cref="AttachedCard.ProcessorReference"/>.
/// A card's issuer may ask the customer to authenticate (3-D Secure): the processor then answers
/// "requires action" with a challenge's id instead of an outcome, the customer answers the challenge
/// (<see cref="AuthenticateAsync"/>), and the portal asks again carrying that id.
/// </summary>
public interface IPaymentProcessor
{
    /// <summary>
    /// Verifies and saves a card of <paramref name="customer"/> (no money moves). When the issuer wants the
    /// customer to authenticate first, <see cref="AttachOutcome.AuthenticationId"/> names the challenge and the
    /// card must not be stored until it succeeded.
    /// </summary>
    Task<AttachOutcome> AttachAsync(CardDetails card, ICustomerScope customer, CancellationToken cancellationToken);

    /// <summary>
    /// Charges a saved card. The same idempotency key always gives the same outcome, never a second charge.
    /// On session, a card that needs authentication answers <see cref="ChargeOutcome.AuthenticationId"/>; off
    /// session it is declined with <c>authentication_required</c>.
    /// </summary>
    Task<ChargeOutcome> ChargeAsync(ChargeRequest charge, CancellationToken cancellationToken);

    /// <summary>Refunds (part of) a charge.</summary>
    Task<RefundOutcome> RefundAsync(RefundRequest refund, CancellationToken cancellationToken);

    /// <summary>A challenge of <paramref name="customer"/>, or null (missing, or someone else's).</summary>
    Task<CardAuthentication?> FindAuthenticationAsync(ICustomerScope customer, string authenticationId, CancellationToken cancellationToken);

    /// <summary>
    /// The customer's answer to a challenge (the issuer's page: <paramref name="completed"/> or failed). Only a
    /// challenge that still requires action and has not expired changes; the challenge as it then is comes back.
    /// </summary>
    Task<CardAuthentication?> AuthenticateAsync(ICustomerScope customer, string authenticationId, bool completed, CancellationToken cancellationToken);
}

/// <summary>What may be stored about a card: nothing that could charge it elsewhere.</summary>
public sealed record AttachedCard(string Brand, string Last4, int ExpMonth, int ExpYear, string Funding, string Fingerprint, string ProcessorReference);

/// <summary>Why the processor said no, in words a customer can act on (Stripe's codes and messages).</summary>
public sealed record PaymentDecline(string Code, string Message);

/// <param name="AuthenticationId">Set when the card may be saved only after the customer authenticated (<paramref name="Card"/> is then what will be saved).</param>
public sealed record AttachOutcome(AttachedCard? Card, PaymentDecline? Decline, string? AuthenticationId = null);

/// <param name="Customer">Whose card: a challenge the charge opens belongs to them.</param>
/// <param name="OffSession">The customer is not there to authenticate (renewals, dunning, the merchant's API).</param>
/// <param name="AuthenticationId">A challenge the customer completed for exactly this charge (card, amount, currency, key).</param>
public sealed record ChargeRequest(ICustomerScope Customer, string ProcessorReference, long Amount, string Currency, string IdempotencyKey, string Description,
    bool OffSession, string? AuthenticationId = null)
{
    public bool Livemode => Customer.Livemode;
}

/// <param name="AuthenticationId">Requires action: nothing was charged, the customer must answer this challenge first.</param>
public sealed record ChargeOutcome(string? ChargeReference, PaymentDecline? Decline, string? AuthenticationId = null);

public sealed record RefundRequest(string ChargeReference, long Amount, string Currency, string IdempotencyKey);

public sealed record RefundOutcome(string? RefundReference, PaymentDecline? Decline);
