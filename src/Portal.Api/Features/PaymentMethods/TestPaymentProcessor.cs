using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Vinr.Portal.Api.Infrastructure;
using Vinr.Portal.Api.Infrastructure.Data;

namespace Vinr.Portal.Api.Features.PaymentMethods;

/// <summary>
/// The built-in processor. It behaves like Stripe's test cards, so every outcome can be tried:
/// 4242 4242 4242 4242 succeeds, and the numbers in <see cref="AttachDeclines"/> fail as named;
/// 4000 0000 0000 0341 attaches but every charge fails. Any other valid card succeeds in test mode.
/// 3-D Secure, as Stripe's authentication cards: 4000 0025 0000 3155 authenticates when it is saved and
/// never again; 4000 0027 6000 3184 when it is saved and on every charge (so an off-session charge is
/// declined <c>authentication_required</c>); 4000 0084 0000 1629 authenticates like 3184, then every
/// charge is declined. Its challenges are <see cref="CardAuthentication"/> rows in the shared database.
/// It moves no money: in live mode it refuses test cards and says no live processor is set up.
/// </summary>
public sealed class TestPaymentProcessor(IOptions<PaymentOptions> options, IDbContextFactory<BillingDbContext> dbFactory, TimeProvider time) : IPaymentProcessor
{
    private const string AttachesButChargesFail = "4000000000000341";
    public const string AuthenticateOnSetup = "4000002500003155";
    public const string AuthenticateAlways = "4000002760003184";
    public const string AuthenticateThenDecline = "4000008400001629";
    private const string ReferencePrefix = "testcard_";

    public static readonly IReadOnlyDictionary<string, PaymentDecline> AttachDeclines = new Dictionary<string, PaymentDecline>
    {
        ["4000000000000002"] = new("card_declined", "Your card was declined."),
        ["4000000000009995"] = new("insufficient_funds", "Your card has insufficient funds."),
        ["4000000000000069"] = new("expired_card", "Your card has expired."),
        ["4000000000000127"] = new("incorrect_cvc", "Your card's security code is incorrect."),
        ["4000000000000119"] = new("processing_error", "An error occurred while processing your card. Try again in a little bit."),
    };

    /// <summary>How each card behaves after it is saved, written into its processor reference (the only thing the portal keeps).</summary>
    private static readonly Dictionary<string, string> Behaviours = new()
    {
        [AttachesButChargesFail] = "declines",
        [AuthenticateOnSetup] = "authsetup",
        [AuthenticateAlways] = "authalways",
        [AuthenticateThenDecline] = "authdeclines",
    };

    // Stripe's documented success cards, one per brand: test numbers are refused in live mode.
    private static readonly HashSet<string> SuccessCards =
    [
        "4242424242424242", "4000056655665556", "5555555555554444", "2223003122003222", "5200828282828210",
        "378282246310005", "371449635398431", "6011111111111117", "3056930009020004", "36227206271667",
        "3566002020360505", "6200000000000005",
    ];

    public static readonly PaymentDecline AuthenticationRequired = new("authentication_required",
        "Your card was declined. This transaction requires authentication.");

    public static readonly PaymentDecline SetupAuthenticationFailed = new("setup_intent_authentication_failure",
        "We are unable to authenticate your payment method. Please choose a different payment method and try again.");

    public static readonly PaymentDecline PaymentAuthenticationFailed = new("payment_intent_authentication_failure",
        "We are unable to authenticate your payment method. Please choose a different payment method and try again.");

    /// <summary>VINR's own code: a completed challenge pays only the card, amount and currency it showed, for what it was opened for.</summary>
    public static readonly PaymentDecline AuthenticationMismatch = new("authentication_mismatch",
        "The amount changed after you confirmed it. Nothing was charged: please review the amount and try again.");

    public async Task<AttachOutcome> AttachAsync(CardDetails card, ICustomerScope customer, CancellationToken cancellationToken)
    {
        var digits = CardRules.Normalize(card.Number);
        var isTestCard = SuccessCards.Contains(digits) || AttachDeclines.ContainsKey(digits) || Behaviours.ContainsKey(digits);
        if (customer.Livemode)
        {
            return new AttachOutcome(null, isTestCard
                ? new PaymentDecline("test_card_in_live_mode", "Your card was declined: this is a test card, and this account is live.")
                : new PaymentDecline("processor_unavailable", "Card payments are not available for this account yet. Please contact the merchant."));
        }
        if (AttachDeclines.TryGetValue(digits, out var decline))
        {
            return new AttachOutcome(null, decline);
        }
        var behaviour = Behaviours.GetValueOrDefault(digits, "succeeds");
        var saved = new AttachedCard(
            CardRules.BrandOf(digits),
            digits[^4..],
            card.ExpMonth,
            card.ExpYear,
            "credit",
            Fingerprint(digits),
            $"{ReferencePrefix}{behaviour}_{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8))}");
        if (!behaviour.StartsWith("auth", StringComparison.Ordinal))
        {
            return new AttachOutcome(saved, null);
        }

        // Every authentication card asks when it is saved (Stripe's SetupIntent requires_action).
        var now = time.GetUtcNow();
        var setup = new CardAuthentication
        {
            Id = Ids.New("seti"), MerchantId = customer.MerchantId, Livemode = customer.Livemode, CustomerId = customer.CustomerId,
            Kind = AuthenticationKind.Setup, Status = AuthenticationStatus.RequiresAction, CardReference = saved.ProcessorReference,
            Brand = saved.Brand, Last4 = saved.Last4, ExpMonth = saved.ExpMonth, ExpYear = saved.ExpYear, Funding = saved.Funding,
            Fingerprint = saved.Fingerprint, Created = now, Expires = now + CardAuthentication.ValidFor,
        };
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        db.CardAuthentications.Add(setup);
        await db.SaveChangesAsync(cancellationToken);
        return new AttachOutcome(saved, null, setup.Id);
    }

    public async Task<ChargeOutcome> ChargeAsync(ChargeRequest charge, CancellationToken cancellationToken)
    {
        if (charge.Livemode || !charge.ProcessorReference.StartsWith(ReferencePrefix, StringComparison.Ordinal))
        {
            return new ChargeOutcome(null, new PaymentDecline("processor_unavailable", "Card payments are not available for this account yet."));
        }
        var behaviour = charge.ProcessorReference[ReferencePrefix.Length..].Split('_')[0];
        if (behaviour == "declines")
        {
            return new ChargeOutcome(null, new PaymentDecline("card_declined", "Your card was declined."));
        }
        if (behaviour is not ("authalways" or "authdeclines"))
        {
            return Charged(charge);
        }

        // This card asks on every charge.
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (charge.AuthenticationId is { } id)
        {
            var done = await db.CardAuthentications.OwnedBy(charge.Customer).AsNoTracking()
                .FirstOrDefaultAsync(a => a.Id == id && a.Kind == AuthenticationKind.Payment, cancellationToken);
            if (done is null || done.CardReference != charge.ProcessorReference || done.Amount != charge.Amount || done.Currency != charge.Currency
                || done.IdempotencyKey != charge.IdempotencyKey)
            {
                return new ChargeOutcome(null, AuthenticationMismatch);
            }
            return done.Status switch
            {
                AuthenticationStatus.Succeeded when behaviour == "authdeclines" => new ChargeOutcome(null, new PaymentDecline("card_declined", "Your card was declined.")),
                AuthenticationStatus.Succeeded => Charged(charge),
                AuthenticationStatus.Failed => new ChargeOutcome(null, PaymentAuthenticationFailed),
                _ => new ChargeOutcome(null, null, done.Id), // not answered yet
            };
        }
        // A key that was already charged after its challenge names that charge again (a replay, e.g. by the settler of abandoned charges).
        var replayed = await db.CardAuthentications.OwnedBy(charge.Customer).AsNoTracking()
            .AnyAsync(a => a.IdempotencyKey == charge.IdempotencyKey && a.Status == AuthenticationStatus.Succeeded && a.Kind == AuthenticationKind.Payment
                && a.CardReference == charge.ProcessorReference && a.Amount == charge.Amount && a.Currency == charge.Currency, cancellationToken);
        if (replayed)
        {
            return behaviour == "authdeclines" ? new ChargeOutcome(null, new PaymentDecline("card_declined", "Your card was declined.")) : Charged(charge);
        }
        if (charge.OffSession)
        {
            return new ChargeOutcome(null, AuthenticationRequired);
        }

        // A repeated request (a double click) gets the challenge its key already opened, not a second one.
        var now = time.GetUtcNow();
        var open = await db.CardAuthentications.OwnedBy(charge.Customer).AsNoTracking()
            .Where(a => a.IdempotencyKey == charge.IdempotencyKey && a.Status == AuthenticationStatus.RequiresAction && a.Expires > now
                && a.CardReference == charge.ProcessorReference && a.Amount == charge.Amount && a.Currency == charge.Currency)
            .Select(a => a.Id).FirstOrDefaultAsync(cancellationToken);
        if (open is not null)
        {
            return new ChargeOutcome(null, null, open);
        }
        var payment = new CardAuthentication
        {
            Id = Ids.New("pi"), MerchantId = charge.Customer.MerchantId, Livemode = charge.Livemode, CustomerId = charge.Customer.CustomerId,
            Kind = AuthenticationKind.Payment, Status = AuthenticationStatus.RequiresAction, CardReference = charge.ProcessorReference,
            Amount = charge.Amount, Currency = charge.Currency, IdempotencyKey = charge.IdempotencyKey, Created = now, Expires = now + CardAuthentication.ValidFor,
        };
        db.CardAuthentications.Add(payment);
        await db.SaveChangesAsync(cancellationToken);
        return new ChargeOutcome(null, null, payment.Id);
    }

    public Task<RefundOutcome> RefundAsync(RefundRequest refund, CancellationToken cancellationToken) =>
        Task.FromResult(refund.ChargeReference.StartsWith("ch_test_", StringComparison.Ordinal)
            ? new RefundOutcome($"re_test_{Derived(refund.IdempotencyKey)}", null)
            : new RefundOutcome(null, new PaymentDecline("charge_missing", "No such charge.")));

    public async Task<CardAuthentication?> FindAuthenticationAsync(ICustomerScope customer, string authenticationId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.CardAuthentications.OwnedBy(customer).AsNoTracking().FirstOrDefaultAsync(a => a.Id == authenticationId, cancellationToken);
    }

    public async Task<CardAuthentication?> AuthenticateAsync(ICustomerScope customer, string authenticationId, bool completed, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var now = time.GetUtcNow();
        // One answer per challenge, whichever replica gets it: only a challenge still waiting changes.
        await db.CardAuthentications.OwnedBy(customer)
            .Where(a => a.Id == authenticationId && a.Status == AuthenticationStatus.RequiresAction && a.Expires > now)
            .ExecuteUpdateAsync(a => a
                .SetProperty(x => x.Status, completed ? AuthenticationStatus.Succeeded : AuthenticationStatus.Failed)
                .SetProperty(x => x.LastErrorCode, x => completed ? null
                    : x.Kind == AuthenticationKind.Setup ? SetupAuthenticationFailed.Code : PaymentAuthenticationFailed.Code), cancellationToken);
        return await db.CardAuthentications.OwnedBy(customer).AsNoTracking().FirstOrDefaultAsync(a => a.Id == authenticationId, cancellationToken);
    }

    private static ChargeOutcome Charged(ChargeRequest charge) => new($"ch_test_{Derived(charge.IdempotencyKey)}", null);

    /// <summary>HMAC-SHA256 of the digits under the configured key: equal cards, equal fingerprints.</summary>
    private string Fingerprint(string digits) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(options.Value.FingerprintKeyBytes, Encoding.ASCII.GetBytes(digits)))[..32];

    // The same idempotency key names the same charge: a retried request never charges twice.
    private static string Derived(string idempotencyKey) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(idempotencyKey)))[..24];
}
