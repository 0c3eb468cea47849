using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace Vinr.Portal.Api.Features.PaymentMethods;

/// <summary>
/// The built-in processor. It behaves like Stripe's test cards, so every outcome can be tried:
/// 4242 4242 4242 4242 succeeds, and the numbers in <see cref="AttachDeclines"/> fail as named;
/// 4000 0000 0000 0341 attaches but every charge fails. Any other valid card succeeds in test mode.
/// It moves no money: in live mode it refuses test cards and says no live processor is set up.
/// </summary>
public sealed class TestPaymentProcessor(IOptions<PaymentOptions> options) : IPaymentProcessor
{
    private const string AttachesButChargesFail = "4000000000000341";
    private const string ReferencePrefix = "testcard_";

    public static readonly IReadOnlyDictionary<string, PaymentDecline> AttachDeclines = new Dictionary<string, PaymentDecline>
    {
        ["4000000000000002"] = new("card_declined", "Your card was declined."),
        ["4000000000009995"] = new("insufficient_funds", "Your card has insufficient funds."),
        ["4000000000000069"] = new("expired_card", "Your card has expired."),
        ["4000000000000127"] = new("incorrect_cvc", "Your card's security code is incorrect."),
        ["4000000000000119"] = new("processing_error", "An error occurred while processing your card. Try again in a little bit."),
    };

    // Stripe's documented success cards, one per brand: test numbers are refused in live mode.
    private static readonly HashSet<string> SuccessCards =
    [
        "4242424242424242", "4000056655665556", "5555555555554444", "2223003122003222", "5200828282828210",
        "378282246310005", "371449635398431", "6011111111111117", "3056930009020004", "36227206271667",
        "3566002020360505", "6200000000000005",
    ];

    public Task<AttachOutcome> AttachAsync(CardDetails card, bool livemode, CancellationToken cancellationToken)
    {
        var digits = CardRules.Normalize(card.Number);
        var isTestCard = SuccessCards.Contains(digits) || AttachDeclines.ContainsKey(digits) || digits == AttachesButChargesFail;
        if (livemode)
        {
            return Task.FromResult(new AttachOutcome(null, isTestCard
                ? new PaymentDecline("test_card_in_live_mode", "Your card was declined: this is a test card, and this account is live.")
                : new PaymentDecline("processor_unavailable", "Card payments are not available for this account yet. Please contact the merchant.")));
        }
        if (AttachDeclines.TryGetValue(digits, out var decline))
        {
            return Task.FromResult(new AttachOutcome(null, decline));
        }
        var behaviour = digits == AttachesButChargesFail ? "declines" : "succeeds";
        return Task.FromResult(new AttachOutcome(new AttachedCard(
            CardRules.BrandOf(digits),
            digits[^4..],
            card.ExpMonth,
            card.ExpYear,
            "credit",
            Fingerprint(digits),
            $"{ReferencePrefix}{behaviour}_{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8))}"), null));
    }

    public Task<ChargeOutcome> ChargeAsync(ChargeRequest charge, CancellationToken cancellationToken)
    {
        if (charge.Livemode || !charge.ProcessorReference.StartsWith(ReferencePrefix, StringComparison.Ordinal))
        {
            return Task.FromResult(new ChargeOutcome(null, new PaymentDecline("processor_unavailable", "Card payments are not available for this account yet.")));
        }
        return Task.FromResult(charge.ProcessorReference.StartsWith($"{ReferencePrefix}declines", StringComparison.Ordinal)
            ? new ChargeOutcome(null, new PaymentDecline("card_declined", "Your card was declined."))
            : new ChargeOutcome($"ch_test_{Derived(charge.IdempotencyKey)}", null));
    }

    public Task<RefundOutcome> RefundAsync(RefundRequest refund, CancellationToken cancellationToken) =>
        Task.FromResult(refund.ChargeReference.StartsWith("ch_test_", StringComparison.Ordinal)
            ? new RefundOutcome($"re_test_{Derived(refund.IdempotencyKey)}", null)
            : new RefundOutcome(null, new PaymentDecline("charge_missing", "No such charge.")));

    /// <summary>HMAC-SHA256 of the digits under the configured key: equal cards, equal fingerprints.</summary>
    private string Fingerprint(string digits) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(options.Value.FingerprintKeyBytes, Encoding.ASCII.GetBytes(digits)))[..32];

    // The same idempotency key names the same charge: a retried request never charges twice.
    private static string Derived(string idempotencyKey) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(idempotencyKey)))[..24];
}
