using Microsoft.Extensions.DependencyInjection;
using Vinr.Portal.Api.Features.PaymentMethods;
using Vinr.Portal.Api.Infrastructure.Data;
using Vinr.Portal.Tests.Support;

namespace Vinr.Portal.Tests.Features.PaymentMethods;

/// <summary>The test processor's rules, card by card. Its 3-D Secure challenges live in the app's database, so it runs in the app.</summary>
public sealed class TestPaymentProcessorTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    private static readonly CustomerScope Customer = new(PortalFactory.DemoMerchant, false, "cus_processor_rules");
    private static readonly CustomerScope Live = Customer with { Livemode = true };

    private IPaymentProcessor _processor => factory.Services.GetRequiredService<IPaymentProcessor>();

    private static CardDetails Card(string number) => new(number, 12, 2030, number.StartsWith("37", StringComparison.Ordinal) ? "1234" : "123", "Jane Cooper", "94104");

    private Task<ChargeOutcome> ChargeAsync(AttachedCard card, string key = "in_1:attempt-0", long amount = 4900, bool offSession = false, string? authenticationId = null) =>
        _processor.ChargeAsync(new ChargeRequest(Customer, card.ProcessorReference, amount, "usd", key, "Invoice 1", offSession, authenticationId), CancellationToken.None);

    private Task<AttachOutcome> AttachAsync(string number, bool livemode = false) =>
        _processor.AttachAsync(Card(number), livemode ? Live : Customer, CancellationToken.None);

    /// <summary>A card saved after its setup challenge was completed, as the portal saves it.</summary>
    private async Task<AttachedCard> SavedAsync(string number)
    {
        var attached = await AttachAsync(number);
        Assert.Equal(AuthenticationStatus.Succeeded, (await _processor.AuthenticateAsync(Customer, attached.AuthenticationId!, completed: true, CancellationToken.None))!.Status);
        return attached.Card!;
    }

    [Theory]
    [InlineData("4242424242424242", "visa")]
    [InlineData("5555555555554444", "mastercard")]
    [InlineData("378282246310005", "amex")]
    public async Task Success_cards_attach_and_charge(string number, string brand)
    {
        var attached = await AttachAsync(number);
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
        var attached = await AttachAsync(number);

        Assert.Null(attached.Card);
        Assert.Equal(new PaymentDecline(code, message), attached.Decline);
    }

    [Fact]
    public async Task The_0341_card_attaches_but_every_charge_fails()
    {
        var attached = await AttachAsync("4000000000000341");

        Assert.NotNull(attached.Card);
        Assert.Equal("card_declined", (await ChargeAsync(attached.Card!)).Decline!.Code);
        Assert.Equal("card_declined", (await ChargeAsync(attached.Card!, "in_1:attempt-1")).Decline!.Code);
    }

    [Fact]
    public async Task The_same_idempotency_key_names_the_same_charge()
    {
        var card = (await AttachAsync("4242424242424242")).Card!;

        Assert.Equal((await ChargeAsync(card)).ChargeReference, (await ChargeAsync(card)).ChargeReference);
        Assert.NotEqual((await ChargeAsync(card)).ChargeReference, (await ChargeAsync(card, "in_1:attempt-1")).ChargeReference);
    }

    [Fact]
    public async Task Equal_cards_get_equal_fingerprints_and_the_fingerprint_hides_the_number()
    {
        var first = (await AttachAsync("4242424242424242")).Card!;
        var again = (await AttachAsync("4242 4242 4242 4242")).Card!;
        var other = (await AttachAsync("5555555555554444")).Card!;

        Assert.Equal(first.Fingerprint, again.Fingerprint);
        Assert.NotEqual(first.Fingerprint, other.Fingerprint);
        Assert.NotEqual(first.ProcessorReference, again.ProcessorReference);
        Assert.DoesNotContain("4242", first.Fingerprint, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("4242424242424242", "test_card_in_live_mode")]
    [InlineData("4000000000000002", "test_card_in_live_mode")]
    [InlineData("4000002500003155", "test_card_in_live_mode")]
    [InlineData("4000002760003184", "test_card_in_live_mode")]
    [InlineData("4111111111111111", "processor_unavailable")]
    public async Task Live_mode_refuses_test_cards_and_says_no_live_processor_is_set_up(string number, string code)
    {
        var attached = await AttachAsync(number, livemode: true);

        Assert.Null(attached.Card);
        Assert.Equal(code, attached.Decline!.Code);
    }

    [Fact]
    public async Task Refunds_name_their_charge()
    {
        Assert.StartsWith("re_test_", (await _processor.RefundAsync(new RefundRequest("ch_test_abc", 100, "usd", "k"), CancellationToken.None)).RefundReference);
        Assert.NotNull((await _processor.RefundAsync(new RefundRequest("ch_other", 100, "usd", "k"), CancellationToken.None)).Decline);
    }

    [Theory]
    [InlineData(TestPaymentProcessor.AuthenticateOnSetup)]
    [InlineData(TestPaymentProcessor.AuthenticateAlways)]
    [InlineData(TestPaymentProcessor.AuthenticateThenDecline)]
    public async Task Authentication_cards_ask_when_they_are_saved_and_the_challenge_holds_no_number(string number)
    {
        var attached = await AttachAsync(number);

        Assert.StartsWith("seti_", attached.AuthenticationId);
        Assert.Null(attached.Decline);
        var challenge = (await _processor.FindAuthenticationAsync(Customer, attached.AuthenticationId!, CancellationToken.None))!;
        Assert.Equal((AuthenticationKind.Setup, AuthenticationStatus.RequiresAction, number[^4..]), (challenge.Kind, challenge.Status, challenge.Last4));
        Assert.Equal(attached.Card!.ProcessorReference, challenge.CardReference);
        Assert.DoesNotContain(number, challenge.CardReference, StringComparison.Ordinal);
        Assert.Equal(challenge.Created + CardAuthentication.ValidFor, challenge.Expires);
    }

    [Fact]
    public async Task A_failed_setup_challenge_is_stripes_setup_intent_authentication_failure_and_stays_failed()
    {
        var attached = await AttachAsync(TestPaymentProcessor.AuthenticateAlways);

        var failed = (await _processor.AuthenticateAsync(Customer, attached.AuthenticationId!, completed: false, CancellationToken.None))!;
        var again = (await _processor.AuthenticateAsync(Customer, attached.AuthenticationId!, completed: true, CancellationToken.None))!;

        Assert.Equal((AuthenticationStatus.Failed, "setup_intent_authentication_failure"), (failed.Status, failed.LastErrorCode));
        Assert.Equal(AuthenticationStatus.Failed, again.Status); // one answer per challenge
    }

    [Fact]
    public async Task The_3155_card_once_saved_charges_on_and_off_session_without_asking()
    {
        var card = await SavedAsync(TestPaymentProcessor.AuthenticateOnSetup);

        Assert.StartsWith("ch_test_", (await ChargeAsync(card)).ChargeReference);
        Assert.StartsWith("ch_test_", (await ChargeAsync(card, "in_1:attempt-1", offSession: true)).ChargeReference);
    }

    [Fact]
    public async Task The_3184_card_asks_on_every_charge_and_is_declined_authentication_required_off_session()
    {
        var card = await SavedAsync(TestPaymentProcessor.AuthenticateAlways);

        var onSession = await ChargeAsync(card, "sub_1:change:a");
        var offSession = await ChargeAsync(card, "in_2:attempt-0", offSession: true);

        Assert.Null(onSession.ChargeReference);
        Assert.StartsWith("pi_", onSession.AuthenticationId);
        var challenge = (await _processor.FindAuthenticationAsync(Customer, onSession.AuthenticationId!, CancellationToken.None))!;
        Assert.Equal((AuthenticationKind.Payment, 4900L, "usd", "sub_1:change:a"), (challenge.Kind, challenge.Amount, challenge.Currency, challenge.IdempotencyKey));
        Assert.Equal((null, "authentication_required"), (offSession.ChargeReference, offSession.Decline!.Code));
        Assert.Null(offSession.AuthenticationId);
    }

    [Fact]
    public async Task A_completed_payment_challenge_pays_its_charge_once_and_a_repeat_opens_no_second_challenge()
    {
        var card = await SavedAsync(TestPaymentProcessor.AuthenticateAlways);
        var asked = await ChargeAsync(card, "sub_1:change:b");
        var askedAgain = await ChargeAsync(card, "sub_1:change:b");
        Assert.Equal(asked.AuthenticationId, askedAgain.AuthenticationId);

        var unanswered = await ChargeAsync(card, "sub_1:change:b", authenticationId: asked.AuthenticationId);
        await _processor.AuthenticateAsync(Customer, asked.AuthenticationId!, completed: true, CancellationToken.None);
        var paid = await ChargeAsync(card, "sub_1:change:b", authenticationId: asked.AuthenticationId);
        var retried = await ChargeAsync(card, "sub_1:change:b", authenticationId: asked.AuthenticationId);
        var replayed = await ChargeAsync(card, "sub_1:change:b", offSession: true);

        Assert.Equal(asked.AuthenticationId, unanswered.AuthenticationId); // still waiting: nothing charged
        Assert.Null(unanswered.ChargeReference);
        Assert.StartsWith("ch_test_", paid.ChargeReference);
        Assert.Equal(paid.ChargeReference, retried.ChargeReference); // the same key is the same charge, never two
        Assert.Equal(paid.ChargeReference, replayed.ChargeReference);
    }

    [Fact]
    public async Task A_completed_challenge_pays_only_its_amount_its_card_and_its_key()
    {
        var card = await SavedAsync(TestPaymentProcessor.AuthenticateAlways);
        var other = await SavedAsync(TestPaymentProcessor.AuthenticateAlways);
        var asked = await ChargeAsync(card, "sub_1:change:c", amount: 4900);
        await _processor.AuthenticateAsync(Customer, asked.AuthenticationId!, completed: true, CancellationToken.None);

        var more = await ChargeAsync(card, "sub_1:change:c", amount: 4901, authenticationId: asked.AuthenticationId);
        var otherKey = await ChargeAsync(card, "sub_1:change:d", amount: 4900, authenticationId: asked.AuthenticationId);
        var otherCard = await ChargeAsync(other, "sub_1:change:c", amount: 4900, authenticationId: asked.AuthenticationId);
        var someoneElse = await _processor.ChargeAsync(new ChargeRequest(Customer with { CustomerId = "cus_other" }, card.ProcessorReference, 4900, "usd",
            "sub_1:change:c", "x", false, asked.AuthenticationId), CancellationToken.None);

        Assert.All([more, otherKey, otherCard, someoneElse], refused =>
        {
            Assert.Null(refused.ChargeReference);
            Assert.Equal("authentication_mismatch", refused.Decline!.Code);
        });
        Assert.StartsWith("ch_test_", (await ChargeAsync(card, "sub_1:change:c", amount: 4900, authenticationId: asked.AuthenticationId)).ChargeReference);
    }

    [Fact]
    public async Task A_failed_payment_challenge_is_declined_payment_intent_authentication_failure()
    {
        var card = await SavedAsync(TestPaymentProcessor.AuthenticateAlways);
        var asked = await ChargeAsync(card, "in_3:attempt-1");

        var failed = (await _processor.AuthenticateAsync(Customer, asked.AuthenticationId!, completed: false, CancellationToken.None))!;
        var charged = await ChargeAsync(card, "in_3:attempt-1", authenticationId: asked.AuthenticationId);

        Assert.Equal("payment_intent_authentication_failure", failed.LastErrorCode);
        Assert.Equal((null, "payment_intent_authentication_failure"), (charged.ChargeReference, charged.Decline!.Code));
    }

    [Fact]
    public async Task The_1629_card_authenticates_then_declines()
    {
        var card = await SavedAsync(TestPaymentProcessor.AuthenticateThenDecline);
        var asked = await ChargeAsync(card, "in_4:attempt-0");
        await _processor.AuthenticateAsync(Customer, asked.AuthenticationId!, completed: true, CancellationToken.None);

        var charged = await ChargeAsync(card, "in_4:attempt-0", authenticationId: asked.AuthenticationId);

        Assert.Equal((null, "card_declined"), (charged.ChargeReference, charged.Decline!.Code));
    }

    [Fact]
    public async Task An_expired_challenge_can_no_longer_be_answered_and_another_customer_cannot_see_or_answer_it()
    {
        var attached = await AttachAsync(TestPaymentProcessor.AuthenticateAlways);
        var stranger = Customer with { CustomerId = "cus_stranger" };

        Assert.Null(await _processor.FindAuthenticationAsync(stranger, attached.AuthenticationId!, CancellationToken.None));
        Assert.Null(await _processor.AuthenticateAsync(stranger, attached.AuthenticationId!, completed: true, CancellationToken.None));
        factory.Time.Advance(CardAuthentication.ValidFor);
        var late = (await _processor.AuthenticateAsync(Customer, attached.AuthenticationId!, completed: true, CancellationToken.None))!;

        Assert.Equal(AuthenticationStatus.RequiresAction, late.Status);
        Assert.True(late.IsExpiredAt(factory.Time.GetUtcNow()));
    }

    [Fact]
    public async Task Live_mode_refuses_every_charge()
    {
        var card = await SavedAsync(TestPaymentProcessor.AuthenticateOnSetup);

        var charged = await _processor.ChargeAsync(new ChargeRequest(Live, card.ProcessorReference, 100, "usd", "k", "x", false), CancellationToken.None);

        Assert.Equal("processor_unavailable", charged.Decline!.Code);
    }
}
