using Vinr.Portal.Api.Infrastructure.Data;

namespace Vinr.Portal.Api.Features.PaymentMethods;

/// <summary>What a challenge authenticates: a card being saved, or one payment.</summary>
public enum AuthenticationKind
{
    /// <summary>Stripe's SetupIntent: the card is attached only once it succeeded.</summary>
    Setup,

    /// <summary>Stripe's PaymentIntent: one amount, in one currency, for one thing bought.</summary>
    Payment,
}

/// <summary>Stripe's intent statuses, as far as a challenge goes.</summary>
public enum AuthenticationStatus
{
    RequiresAction,
    Succeeded,
    Failed,
}

/// <summary>
/// A 3-D Secure challenge the processor opened (<c>seti_</c> for a card being saved, <c>pi_</c> for a
/// payment), in the shared database so a challenge opened on one replica completes on another. It is
/// the processor's state, as Stripe keeps its intents: the portal never decides that a challenge
/// succeeded, it asks (<see cref="IPaymentProcessor.AuthenticateAsync"/>). It holds no card number:
/// for a setup, only what the card will be stored as once it succeeded (<see cref="AttachedCard"/>).
/// See docs/decisions/0024-three-d-secure-challenges.md.
/// </summary>
public sealed class CardAuthentication : ICustomerOwned
{
    /// <summary>How long a challenge may be answered.</summary>
    public static readonly TimeSpan ValidFor = TimeSpan.FromMinutes(15);

    public required string Id { get; init; }
    public required string MerchantId { get; init; }
    public bool Livemode { get; init; }
    public required string CustomerId { get; init; }
    public AuthenticationKind Kind { get; init; }
    public AuthenticationStatus Status { get; set; }

    /// <summary>The card's processor token (never its number).</summary>
    public required string CardReference { get; init; }

    /// <summary>A setup's card as it will be stored (brand, last 4, expiry, fingerprint); a payment's card is a saved one.</summary>
    public string? Brand { get; init; }
    public string? Last4 { get; init; }
    public int ExpMonth { get; init; }
    public int ExpYear { get; init; }
    public string? Funding { get; init; }
    public string? Fingerprint { get; init; }

    /// <summary>A payment's amount, fixed when the challenge opened: a success pays exactly this, in <see cref="Currency"/>, and nothing else.</summary>
    public long Amount { get; init; }
    public string? Currency { get; init; }

    /// <summary>A payment's charge idempotency key (what it pays for: a plan change's preview, an invoice's attempt). The retried charge must carry the same.</summary>
    public string? IdempotencyKey { get; init; }

    /// <summary>Stripe's decline code of a failed challenge (<c>setup_intent_authentication_failure</c>, <c>payment_intent_authentication_failure</c>).</summary>
    public string? LastErrorCode { get; set; }

    /// <summary>The saved card, once a setup succeeded and the portal attached it.</summary>
    public string? PaymentMethodId { get; set; }

    public DateTimeOffset Created { get; init; }
    public DateTimeOffset Expires { get; init; }

    public bool IsExpiredAt(DateTimeOffset now) => now >= Expires;

    /// <summary>The card as the setup will store it.</summary>
    public AttachedCard SetupCard() =>
        new(Brand ?? "unknown", Last4 ?? "", ExpMonth, ExpYear, Funding ?? "credit", Fingerprint ?? "", CardReference);
}

/// <summary>
/// The data of <c>setup_intent.*</c> and <c>payment_intent.*</c> events: Stripe's intent shape, cut to what
/// a merchant needs (no card number, no client secret). <c>Invoice</c> names what an invoice payment pays.
/// </summary>
public sealed record AuthenticationObject(string Id, string Object, string Customer, string Status, long? Amount, string? Currency,
    string? PaymentMethod, string? Invoice, AuthenticationError? LastError, long Created, bool Livemode)
{
    public static AuthenticationObject From(CardAuthentication a, string? invoiceId = null) => new(
        a.Id, a.Kind == AuthenticationKind.Setup ? "setup_intent" : "payment_intent", a.CustomerId, StatusName(a.Status),
        a.Kind == AuthenticationKind.Payment ? a.Amount : null, a.Currency, a.PaymentMethodId, invoiceId,
        a.LastErrorCode is { } code ? new AuthenticationError(code, "card_error") : null, a.Created.ToUnixTimeSeconds(), a.Livemode);

    public static string StatusName(AuthenticationStatus status) => status switch
    {
        AuthenticationStatus.RequiresAction => "requires_action",
        AuthenticationStatus.Succeeded => "succeeded",
        // Stripe's intent goes back to requires_payment_method after a failed challenge.
        _ => "requires_payment_method",
    };
}

/// <summary>Stripe's <c>last_setup_error</c> / <c>last_payment_error</c>, code only: the message is the customer's, in their language.</summary>
public sealed record AuthenticationError(string Code, string Type);
