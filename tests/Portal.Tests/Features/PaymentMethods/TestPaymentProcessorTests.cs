using Microsoft.Extensions.Options;
using Vinr.Portal.Api.Features.PaymentMethods;

namespace Vinr.Portal.Tests.Features.PaymentMethods;

public sealed class TestPaymentProcessorTests
{
    private readonly TestPaymentProcessor _processor = new(Options.Create(new PaymentOptions { FingerprintKey = Convert.ToBase64String(new byte[32]) }));

    private static CardDetails Card(string number) => new(number, 12, 2030, number.StartsWith("37", StringComparison.Ordinal) ? "1234" : "123", "Jane Cooper", "94104");

    private Task<ChargeOutcome> ChargeAsync(AttachedCard card, string key = "in_1:attempt-0") =>
        _processor.ChargeAsync(new ChargeRequest(card.ProcessorReference, 4900, "usd", key, false, "Invoice 1"), CancellationToken.None);

    [Theory]
    [InlineData("4242424242424242", "visa")]
    [InlineData("5555555555554444", "mastercard")]
    [InlineData("378282246310005", "amex")]
    public async Task Success_cards_attach_and_charge(string number, string brand)
    {
        var attached = await _processor.AttachAsync(Card(number), livemode: false, CancellationToken.None);
        var charge = await ChargeAsync(attached.Card!);

        Assert.Null(attached.Decline);
        Assert.Equal(brand, attached.Card!.Brand);
        Assert.Equal(number[^4..], attached.Card.Last4);
        Assert.DoesNotContain(number, attached.Card.ProcessorReference, StringComparison.Ordinal);
        Assert.StartsWith("ch_test_", charge.ChargeReference);
    }

    [Theory]
    [InlineData("4000000000000002", "card_declined", "Your card was declined.")]
    [InlineData("4000000000009995", "insufficient_funds", "Your card has insufficient funds.")]
    [InlineData("4000000000000069", "expired_card", "Your card has expired.")]
    [InlineData("4000000000000127", "incorrect_cvc", "Your card's security code is incorrect.")]
    [InlineData("4000000000000119", "processing_error", "An error occurred while processing your card. Try again in a little bit.")]
    public async Task Decline_cards_fail_with_their_reason(string number, string code, string message)
    {
        var attached = await _processor.AttachAsync(Card(number), livemode: false, CancellationToken.None);

        Assert.Null(attached.Card);
        Assert.Equal(new PaymentDecline(code, message), attached.Decline);
    }

    [Fact]
    public async Task The_0341_card_attaches_but_every_charge_fails()
    {
        var attached = await _processor.AttachAsync(Card("4000000000000341"), livemode: false, CancellationToken.None);

        Assert.NotNull(attached.Card);
        Assert.Equal("card_declined", (await ChargeAsync(attached.Card!)).Decline!.Code);
        Assert.Equal("card_declined", (await ChargeAsync(attached.Card!, "in_1:attempt-1")).Decline!.Code);
    }

    [Fact]
    public async Task The_same_idempotency_key_names_the_same_charge()
    {
        var card = (await _processor.AttachAsync(Card("4242424242424242"), false, CancellationToken.None)).Card!;

        Assert.Equal((await ChargeAsync(card)).ChargeReference, (await ChargeAsync(card)).ChargeReference);
        Assert.NotEqual((await ChargeAsync(card)).ChargeReference, (await ChargeAsync(card, "in_1:attempt-1")).ChargeReference);
    }

    [Fact]
    public async Task Equal_cards_get_equal_fingerprints_and_the_fingerprint_hides_the_number()
    {
        var first = (await _processor.AttachAsync(Card("4242424242424242"), false, CancellationToken.None)).Card!;
        var again = (await _processor.AttachAsync(Card("4242 4242 4242 4242"), false, CancellationToken.None)).Card!;
        var other = (await _processor.AttachAsync(Card("5555555555554444"), false, CancellationToken.None)).Card!;

        Assert.Equal(first.Fingerprint, again.Fingerprint);
        Assert.NotEqual(first.Fingerprint, other.Fingerprint);
        Assert.NotEqual(first.ProcessorReference, again.ProcessorReference);
        Assert.DoesNotContain("4242", first.Fingerprint, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("4242424242424242", "test_card_in_live_mode")]
    [InlineData("4000000000000002", "test_card_in_live_mode")]
    [InlineData("4111111111111111", "processor_unavailable")]
    public async Task Live_mode_refuses_test_cards_and_says_no_live_processor_is_set_up(string number, string code)
    {
        var attached = await _processor.AttachAsync(Card(number), livemode: true, CancellationToken.None);

        Assert.Null(attached.Card);
        Assert.Equal(code, attached.Decline!.Code);
    }

    [Fact]
    public async Task Refunds_name_their_charge()
    {
        Assert.StartsWith("re_test_", (await _processor.RefundAsync(new RefundRequest("ch_test_abc", 100, "usd", "k"), CancellationToken.None)).RefundReference);
        Assert.NotNull((await _processor.RefundAsync(new RefundRequest("ch_other", 100, "usd", "k"), CancellationToken.None)).Decline);
    }
}
