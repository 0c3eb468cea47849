using Vinr.Portal.Api.Features.PaymentMethods;

namespace Vinr.Portal.Tests.Features.PaymentMethods;

public sealed class CardRulesTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);

    private static CardDetails Card(string number, int month = 12, int year = 2030, string cvc = "123") =>
        new(number, month, year, cvc, "Jane Cooper", "94104");

    [Theory]
    [InlineData("4242424242424242", "visa")]
    [InlineData("4000056655665556", "visa")]
    [InlineData("5555555555554444", "mastercard")]
    [InlineData("2223003122003222", "mastercard")]
    [InlineData("2720990000000007", "mastercard")]
    [InlineData("378282246310005", "amex")]
    [InlineData("371449635398431", "amex")]
    [InlineData("6011111111111117", "discover")]
    [InlineData("6445644564456445", "discover")]
    [InlineData("3566002020360505", "jcb")]
    [InlineData("6200000000000005", "unionpay")]
    [InlineData("36227206271667", "diners")]
    [InlineData("3056930009020004", "diners")]
    [InlineData("9999999999999995", "unknown")]
    public void The_brand_comes_from_the_leading_digits(string number, string brand)
    {
        Assert.Equal(brand, CardRules.BrandOf(number));
    }

    [Theory]
    [InlineData("4242424242424242", true)]
    [InlineData("4242424242424241", false)]
    [InlineData("378282246310005", true)]
    [InlineData("0", true)]
    [InlineData("", false)]
    [InlineData("4242x24242424242", false)]
    public void Luhn_catches_a_mistyped_digit(string digits, bool valid)
    {
        Assert.Equal(valid, CardRules.PassesLuhn(digits));
    }

    [Theory]
    [InlineData("4242 4242 4242 4242")]
    [InlineData("4242-4242-4242-4242")]
    [InlineData("378282246310005")]
    public void Typical_typing_validates(string number)
    {
        var cvc = CardRules.BrandOf(CardRules.Normalize(number)) == "amex" ? "1234" : "123";

        Assert.Empty(CardRules.Validate(Card(number, cvc: cvc), Now));
    }

    [Theory]
    [InlineData("4242", "Your card number is incomplete.")]
    [InlineData("4242424242424241", "Your card number is invalid.")]
    [InlineData("42424242424242424", "Your card number is invalid.")]
    [InlineData("3782822463100050", "Your card number is invalid.")]
    [InlineData("9999999999999995", "Your card number is invalid.")]
    public void Bad_numbers_are_named(string number, string message)
    {
        Assert.Equal(message, CardRules.Validate(Card(number), Now)["number"]);
    }

    [Theory]
    [InlineData(10, 2026, "Your card's expiration date is in the past.")]
    [InlineData(13, 2030, "Your card's expiration date is invalid.")]
    [InlineData(0, 2030, "Your card's expiration date is invalid.")]
    public void Expiry_must_be_a_real_month_not_in_the_past(int month, int year, string message)
    {
        Assert.Equal(message, CardRules.Validate(Card("4242424242424242", month, year), Now)["exp"]);
    }

    [Fact]
    public void A_card_expiring_this_month_is_still_good()
    {
        Assert.False(CardRules.Validate(Card("4242424242424242", 11, 2026), Now).ContainsKey("exp"));
    }

    [Theory]
    [InlineData("378282246310005", "123", "Your card's security code should be 4 digits.")]
    [InlineData("4242424242424242", "1234", "Your card's security code should be 3 digits.")]
    [InlineData("4242424242424242", "12a", "Your card's security code should be 3 digits.")]
    public void The_security_code_length_follows_the_brand(string number, string cvc, string message)
    {
        Assert.Equal(message, CardRules.Validate(Card(number, cvc: cvc), Now)["cvc"]);
    }

    [Fact]
    public void Name_and_postal_code_are_required()
    {
        var problems = CardRules.Validate(new CardDetails("4242424242424242", 12, 2030, "123", " ", ""), Now);

        Assert.Equal("Enter the name on the card.", problems["name"]);
        Assert.Equal("Enter your postal code.", problems["postal_code"]);
    }

    [Fact]
    public void A_card_never_prints_its_number_or_cvc()
    {
        var card = Card("4242424242424242", cvc: "987");

        Assert.Equal("card ending 4242", card.ToString());
        Assert.DoesNotContain("987", card.ToString(), StringComparison.Ordinal);
    }
}
