using Vinr.Portal.Api.Features.BillingPortal.Configurations;
using Vinr.Portal.Api.Features.Customers;
using Fields = Vinr.Portal.Api.Features.Customers.BillingDetails.Fields;

namespace Vinr.Portal.Tests.Features.Customers;

public sealed class BillingDetailsValidationTests
{
    private static readonly BillingDetails Valid = new(
        "Jane Cooper", "jane.cooper@example.com", "+1 (415) 555-0132",
        "548 Market St", "Suite 300", "San Francisco", "CA", "94104", "US", "US-12.3456789");

    private static IReadOnlyDictionary<string, string> Problems(BillingDetails details) =>
        BillingDetails.Validate(details, CustomerUpdateFeature.AllFields);

    [Fact]
    public void Complete_details_are_valid()
    {
        Assert.Empty(Problems(Valid));
    }

    [Fact]
    public void Optional_fields_may_be_left_empty()
    {
        var minimal = new BillingDetails("Jane Cooper", "jane@example.com", null, null, null, null, null, null, null, "  ");

        Assert.Empty(Problems(minimal));
    }

    [Theory]
    [InlineData(null, "Enter your name.")]
    [InlineData("", "Enter your name.")]
    [InlineData("   ", "Enter your name.")]
    public void A_name_must_be_given(string? name, string message)
    {
        Assert.Equal(message, Problems(Valid with { Name = name })[Fields.Name]);
    }

    [Fact]
    public void A_name_is_at_most_200_characters()
    {
        Assert.Empty(Problems(Valid with { Name = new string('a', 200) }));
        Assert.Equal("Your name can be at most 200 characters.", Problems(Valid with { Name = new string('a', 201) })[Fields.Name]);
    }

    [Theory]
    [InlineData("jane@example.com")]
    [InlineData("jane.cooper+billing@mail.example.co.uk")]
    [InlineData("  jane@example.com  ")]
    public void Ordinary_email_addresses_are_valid(string email)
    {
        Assert.DoesNotContain(Fields.Email, Problems(Valid with { Email = email }).Keys);
    }

    [Theory]
    [InlineData("jane")]
    [InlineData("jane@")]
    [InlineData("@example.com")]
    [InlineData("jane@example")]
    [InlineData("jane@example.")]
    [InlineData("jane@@example.com")]
    [InlineData("jane cooper@example.com")]
    [InlineData("Jane <jane@example.com>")]
    public void A_malformed_email_is_refused(string email)
    {
        Assert.Equal("Enter a valid email address, like name@example.com.", Problems(Valid with { Email = email })[Fields.Email]);
    }

    [Fact]
    public void An_email_must_be_given_and_is_at_most_320_characters()
    {
        var longest = new string('a', 64) + "@" + string.Join('.', Enumerable.Repeat(new string('b', 62), 4)) + ".com"; // 64 + 1 + 251 + 4
        Assert.Equal(320, longest.Length);
        Assert.DoesNotContain(Fields.Email, Problems(Valid with { Email = longest }).Keys);
        Assert.Equal("Enter your email address.", Problems(Valid with { Email = null })[Fields.Email]);
        Assert.Equal("Your email address can be at most 320 characters.", Problems(Valid with { Email = longest + new string('c', 1) })[Fields.Email]);
    }

    [Theory]
    [InlineData("+1 415 555 0132")]
    [InlineData("(020) 7946-0958")]
    [InlineData("123456")]
    [InlineData("+44 20 7946 095800")]
    public void Phone_numbers_as_people_write_them_are_valid(string phone)
    {
        Assert.DoesNotContain(Fields.Phone, Problems(Valid with { Phone = phone }).Keys);
    }

    [Theory]
    [InlineData("12345")]                   // too short
    [InlineData("+1 415 555 0132 99 888")]  // 22 characters
    [InlineData("+1 415 CALL NOW")]         // letters
    [InlineData("415.555.0132")]            // dots
    [InlineData("+() --- ()")]              // punctuation without digits
    public void A_phone_number_is_6_to_20_digits_spaces_plus_brackets_or_hyphens(string phone)
    {
        Assert.Equal("Enter a phone number of 6 to 20 digits, spaces, +, ( ) or -.", Problems(Valid with { Phone = phone })[Fields.Phone]);
    }

    [Theory]
    [InlineData("US")]
    [InlineData("CA")]
    [InlineData("GB")]
    [InlineData("IE")]
    [InlineData("FR")]
    [InlineData("DE")]
    [InlineData("NL")]
    [InlineData("BE")]
    [InlineData("ES")]
    [InlineData("IT")]
    [InlineData("PT")]
    [InlineData("AT")]
    [InlineData("CH")]
    [InlineData("SE")]
    [InlineData("DK")]
    [InlineData("NO")]
    [InlineData("FI")]
    [InlineData("PL")]
    [InlineData("AU")]
    [InlineData("NZ")]
    [InlineData("JP")]
    [InlineData("SG")]
    [InlineData("IN")]
    [InlineData("BR")]
    [InlineData("MX")]
    [InlineData("de")]
    public void The_shipped_countries_are_accepted_by_their_iso_code(string country)
    {
        Assert.DoesNotContain(Fields.Country, Problems(Valid with { Country = country }).Keys);
    }

    [Theory]
    [InlineData("UK")]   // the United Kingdom's ISO code is GB
    [InlineData("USA")]
    [InlineData("XX")]
    [InlineData("Germany")]
    public void A_country_not_on_the_list_is_refused(string country)
    {
        Assert.Equal("Choose a country from the list.", Problems(Valid with { Country = country })[Fields.Country]);
    }

    [Fact]
    public void The_country_list_is_iso_alpha2_without_duplicates_and_sorted_by_name()
    {
        Assert.All(Countries.All, c => Assert.Matches("^[A-Z]{2}$", c.Code));
        Assert.Equal(Countries.All.Count, Countries.All.Select(c => c.Code).Distinct().Count());
        Assert.Equal(Countries.All.Select(c => c.Name).Order(StringComparer.Ordinal), Countries.All.Select(c => c.Name));
        Assert.Equal("United Kingdom", Countries.NameOf("GB"));
    }

    [Fact]
    public void An_address_needs_a_country_but_may_be_left_out_entirely()
    {
        var noAddress = Valid with { Line1 = null, Line2 = null, City = null, State = null, PostalCode = null, Country = null };

        Assert.Empty(Problems(noAddress));
        Assert.Equal("Choose your country.", Problems(noAddress with { City = "Dublin" })[Fields.Country]);
    }

    [Theory]
    [InlineData("94104")]
    [InlineData("SW1A 2AA")]
    [InlineData("1000-001")]
    [InlineData("D02 X285")]
    public void Postal_codes_of_the_world_are_valid(string postalCode)
    {
        Assert.DoesNotContain(Fields.PostalCode, Problems(Valid with { PostalCode = postalCode }).Keys);
    }

    [Theory]
    [InlineData("12345678901234567")] // 17 characters
    [InlineData("94104; DROP")]
    public void A_postal_code_is_at_most_16_letters_digits_spaces_or_hyphens(string postalCode)
    {
        Assert.Equal("Enter a postal code of up to 16 letters, digits, spaces or hyphens.", Problems(Valid with { PostalCode = postalCode })[Fields.PostalCode]);
    }

    [Fact]
    public void Address_lines_are_at_most_200_characters()
    {
        var problems = Problems(Valid with { Line1 = new string('a', 201), City = new string('c', 201) });

        Assert.Equal("Address line 1 can be at most 200 characters.", problems[Fields.Line1]);
        Assert.Equal("City can be at most 200 characters.", problems[Fields.City]);
    }

    [Theory]
    [InlineData("DE123456789")]
    [InlineData("GB 123 4567 89")]
    [InlineData("12-3456789")]
    [InlineData("ABN 51.824.753.556")]
    public void Tax_ids_of_letters_digits_spaces_hyphens_and_dots_are_valid(string taxId)
    {
        Assert.DoesNotContain(Fields.TaxId, Problems(Valid with { TaxId = taxId }).Keys);
    }

    [Theory]
    [InlineData("DE123/456")]
    [InlineData("<script>")]
    [InlineData("DE 123_456")]
    public void A_tax_id_is_letters_digits_spaces_hyphens_and_dots(string taxId)
    {
        Assert.Equal("A tax ID can have up to 64 letters, digits, spaces, hyphens and dots.", Problems(Valid with { TaxId = taxId })[Fields.TaxId]);
    }

    [Fact]
    public void A_tax_id_is_at_most_64_characters()
    {
        Assert.DoesNotContain(Fields.TaxId, Problems(Valid with { TaxId = "DE" + new string('1', 62) }).Keys);
        Assert.Contains(Fields.TaxId, Problems(Valid with { TaxId = "DE" + new string('1', 63) }).Keys);
    }

    [Theory]
    [InlineData("DE", "DE 123 456 789")]
    [InlineData("DE", "123456789")]
    [InlineData("GR", "EL123456789")]
    [InlineData("NL", "nl123456789b01")]
    [InlineData("FR", "FR-40.303.265.045")]
    public void In_the_eu_a_vat_number_of_the_billing_country_is_valid_with_or_without_its_prefix(string country, string taxId)
    {
        Assert.DoesNotContain(Fields.TaxId, Problems(Valid with { Country = country, State = null, TaxId = taxId }).Keys);
    }

    [Theory]
    [InlineData("DE", "DE12345678", "Not a VAT number of Germany: check it against your VAT registration (for example DE123456789).")]
    [InlineData("DE", "FR40303265045", "Not a VAT number of Germany: check it against your VAT registration (for example DE123456789).")]
    [InlineData("GR", "GR123456789", "Not a VAT number of Greece: check it against your VAT registration (for example EL123456789).")]
    [InlineData("AT", "AT12345678", "Not a VAT number of Austria: check it against your VAT registration (for example ATU12345678).")]
    public void In_the_eu_a_tax_id_not_in_the_countrys_vat_format_is_refused_with_an_example(string country, string taxId, string message)
    {
        Assert.Equal(message, Problems(Valid with { Country = country, State = null, TaxId = taxId })[Fields.TaxId]);
    }

    [Fact]
    public void Outside_the_eu_a_tax_id_is_not_held_to_a_vat_format()
    {
        Assert.DoesNotContain(Fields.TaxId, Problems(Valid with { Country = "GB", State = null, TaxId = "12345" }).Keys);
        Assert.DoesNotContain(Fields.TaxId, Problems(Valid with { Country = null, Line1 = null, Line2 = null, City = null, State = null, PostalCode = null, TaxId = "12345" }).Keys);
    }

    [Fact]
    public void Every_problem_is_reported_at_once_by_field()
    {
        var problems = Problems(new BillingDetails("", "nope", "1", null, null, null, null, "!", null, "#"));

        Assert.Equal(
            new[] { Fields.Name, Fields.Email, Fields.Phone, Fields.PostalCode, Fields.Country, Fields.TaxId }.Order(),
            problems.Keys.Order());
    }

    [Fact]
    public void Only_the_allowed_fields_are_judged()
    {
        var bad = new BillingDetails("", "nope", "1", null, null, null, null, "!", "XX", "#");

        Assert.Equal([Fields.Email], BillingDetails.Validate(bad, ["email"]).Keys);
        Assert.Equal([Fields.Country, Fields.PostalCode], BillingDetails.Validate(bad, ["address"]).Keys.Order());
        Assert.Empty(BillingDetails.Validate(bad, []));
    }

    [Fact]
    public void Details_are_stored_trimmed_with_blanks_as_null_and_the_country_in_capitals()
    {
        var typed = new BillingDetails("  Jane  ", " jane@example.com ", " ", "1 Main St ", "", null, " ", " 94104", "us", "  DE123  ");

        Assert.Equal(new BillingDetails("Jane", "jane@example.com", null, "1 Main St", null, null, null, "94104", "US", "DE123"), typed.Normalized());
    }
}
