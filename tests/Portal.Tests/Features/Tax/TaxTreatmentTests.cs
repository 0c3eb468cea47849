using Vinr.Portal.Api.Features.Tax;

namespace Vinr.Portal.Tests.Features.Tax;

/// <summary>Which rates a customer's invoices carry, and when the EU reverse charge replaces them.</summary>
public sealed class TaxTreatmentTests
{
    private static readonly AppliedRate FrenchVat = new("txr_fr", "TVA", "FR", 2000, Inclusive: false);
    private static readonly AppliedRate GermanVat = new("txr_de", "USt.", "DE", 1900, Inclusive: false);
    private static readonly AppliedRate Gst = new("txr_gst", "GST", "CA", 500, Inclusive: false);
    private static readonly AppliedRate QuebecQst = new("txr_qst", "QST", "CA", 998, Inclusive: false);

    private static readonly AppliedRateCandidate[] Rates =
        [new(FrenchVat, null), new(GermanVat, null), new(Gst, null), new(QuebecQst, "QC")];

    [Fact]
    public void A_consumer_pays_their_countrys_rate()
    {
        var treatment = TaxTreatment.Decide("FR", reverseChargeEnabled: true, "FR", null, null, Rates);

        Assert.Equal([FrenchVat], treatment.Rates);
        Assert.False(treatment.ReverseCharge);
    }

    [Fact]
    public void A_business_in_another_EU_country_with_a_valid_VAT_number_gets_the_reverse_charge()
    {
        var treatment = TaxTreatment.Decide("FR", reverseChargeEnabled: true, "DE", null, "de 123456789", Rates);

        Assert.Equal((true, "DE123456789"), (treatment.ReverseCharge, treatment.CustomerTaxId));
        Assert.Empty(treatment.Rates);
    }

    [Theory]
    [InlineData("FR", true, "FR", "FR40303265045")]   // same country: domestic VAT
    [InlineData("FR", false, "DE", "DE123456789")]    // the merchant has not enabled it
    [InlineData("FR", true, "DE", "DE12345")]         // not a valid German number
    [InlineData(null, true, "DE", "DE123456789")]     // the merchant's own country unknown
    [InlineData("US", true, "DE", "DE123456789")]     // the merchant is outside the EU
    public void Otherwise_the_customers_country_rate_applies(string? origin, bool enabled, string country, string taxId)
    {
        var treatment = TaxTreatment.Decide(origin, enabled, country, null, taxId, Rates);

        Assert.False(treatment.ReverseCharge);
        Assert.Equal(country == "FR" ? [FrenchVat] : [GermanVat], treatment.Rates);
    }

    [Fact]
    public void A_rate_limited_to_a_state_applies_only_there()
    {
        Assert.Equal([Gst, QuebecQst], TaxTreatment.Decide("CA", false, "CA", "qc", null, Rates).Rates);
        Assert.Equal([Gst], TaxTreatment.Decide("CA", false, "CA", "ON", null, Rates).Rates);
    }

    [Fact]
    public void Without_a_billing_country_there_is_no_tax()
    {
        Assert.Empty(TaxTreatment.Decide("FR", true, null, null, null, Rates).Rates);
        Assert.Empty(TaxTreatment.Decide("FR", true, "US", null, null, Rates).Rates);
    }
}
