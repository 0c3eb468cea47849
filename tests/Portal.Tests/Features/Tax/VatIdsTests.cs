using Vinr.Portal.Api.Features.Tax;

namespace Vinr.Portal.Tests.Features.Tax;

/// <summary>EU VAT numbers in each member state's format, written as VIES writes them.</summary>
public sealed class VatIdsTests
{
    [Theory]
    [InlineData("DE", "DE123456789", "DE123456789")]
    [InlineData("DE", "de 123 456 789", "DE123456789")]
    [InlineData("DE", "123456789", "DE123456789")]      // the prefix is added
    [InlineData("FR", "FR 40 303 265 045", "FR40303265045")]
    [InlineData("FR", "FRXX999999999", "FRXX999999999")]
    [InlineData("AT", "ATU12345678", "ATU12345678")]
    [InlineData("NL", "NL123456789B01", "NL123456789B01")]
    [InlineData("GR", "EL123456789", "EL123456789")]    // Greece writes EL
    [InlineData("GR", "123456789", "EL123456789")]
    [InlineData("ES", "ESX1234567X", "ESX1234567X")]
    [InlineData("IE", "IE1234567WA", "IE1234567WA")]
    [InlineData("SE", "SE123456789001", "SE123456789001")]
    [InlineData("BE", "BE0123.456.789", "BE0123456789")]
    public void A_valid_number_is_normalized(string country, string input, string expected) =>
        Assert.Equal(expected, VatIds.Normalize(country, input));

    [Theory]
    [InlineData("DE", "DE12345678")]       // one digit short
    [InlineData("DE", "DE1234567890")]     // one too many
    [InlineData("DE", "FR40303265045")]    // another country's number
    [InlineData("AT", "AT12345678")]       // Austria's start with U
    [InlineData("NL", "NL123456789A01")]
    [InlineData("SE", "SE123456789012")]   // Sweden's end in 01
    [InlineData("US", "123456789")]        // not in the EU
    [InlineData("GB", "GB123456789")]      // nor the UK any more
    [InlineData(null, "DE123456789")]
    [InlineData("DE", null)]
    [InlineData("DE", "")]
    public void Anything_else_is_not_a_VAT_number(string? country, string? input) =>
        Assert.Null(VatIds.Normalize(country, input));

    [Fact]
    public void The_EU_has_27_members() => Assert.Equal(27, VatIds.EuCountries.Count());
}
