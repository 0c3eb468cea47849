namespace Vinr.Portal.Api.Features.Tax;

/// <summary>A tax rate as an invoice applies it (a copy: an archived or edited rate never changes a written invoice).</summary>
/// <param name="BasisPoints">2000 is 20 %.</param>
/// <param name="Inclusive">The prices already contain it; otherwise it is added on top.</param>
public sealed record AppliedRate(string RateId, string DisplayName, string Country, int BasisPoints, bool Inclusive);

/// <summary>What tax a customer's invoices carry: the rates of their country, or none under the reverse charge.</summary>
/// <param name="CustomerTaxId">The customer's VAT number, normalized, printed on the invoice.</param>
public sealed record TaxTreatment(IReadOnlyList<AppliedRate> Rates, bool ReverseCharge, string? CustomerTaxId)
{
    public static readonly TaxTreatment None = new([], ReverseCharge: false, CustomerTaxId: null);

    /// <summary>
    /// The merchant's active rates for the customer's billing country (and state, where a rate names
    /// one). The EU reverse charge replaces them when the merchant enables it, both are in the EU, the
    /// countries differ, and the customer gave a VAT number valid for their country: a business buyer
    /// accounts for the VAT itself, and the invoice must say so.
    /// </summary>
    public static TaxTreatment Decide(string? originCountry, bool reverseChargeEnabled, string? customerCountry, string? customerState,
        string? customerTaxId, IEnumerable<AppliedRateCandidate> activeRates)
    {
        var vatId = VatIds.Normalize(customerCountry, customerTaxId);
        if (reverseChargeEnabled && vatId is not null && VatIds.IsEu(originCountry) && customerCountry != originCountry)
        {
            return new TaxTreatment([], ReverseCharge: true, vatId);
        }
        if (customerCountry is null)
        {
            return None with { CustomerTaxId = vatId };
        }
        var rates = activeRates
            .Where(r => r.Rate.Country == customerCountry && (r.State is null || string.Equals(r.State, customerState, StringComparison.OrdinalIgnoreCase)))
            .Select(r => r.Rate)
            .OrderBy(r => r.RateId, StringComparer.Ordinal)
            .ToList();
        return new TaxTreatment(rates, ReverseCharge: false, vatId);
    }
}

/// <summary>An active rate and the state it is limited to, if any.</summary>
public sealed record AppliedRateCandidate(AppliedRate Rate, string? State);
