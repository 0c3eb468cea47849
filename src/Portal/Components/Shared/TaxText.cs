using System.Globalization;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Vinr.Portal.Api.Features.Tax;

namespace Vinr.Portal.Components.Shared;

/// <summary>
/// How the portal words tax in the customer's language: a rate's row ("TVA 20 %", "MwSt. 19 % (enthalten)"),
/// the reverse charge and its legal note, and what a price carries ("TVA 20 % incluse", "+ VAT 20 %").
/// </summary>
public static class TaxText
{
    // Read like PlanText's: the factory AddLocalization registers, in the current UI culture (the customer's).
    private static readonly IStringLocalizer L = new ResourceManagerStringLocalizerFactory(
        Options.Create(new LocalizationOptions { ResourcesPath = "Resources" }), NullLoggerFactory.Instance).Create(typeof(TaxText));

    /// <summary><c>Tax</c>: the row of an invoice that carries no rate.</summary>
    public static string Tax => L["Tax"];

    /// <summary><c>Subtotal</c>: a preview's lines before tax.</summary>
    public static string Subtotal => L["Subtotal"];

    public static string ReverseCharge => L["ReverseCharge"];

    /// <summary>What an invoice under the reverse charge must say, and why.</summary>
    public static string ReverseChargeNote => L["ReverseChargeNote"];

    /// <summary><c>TVA 20 %</c>, <c>VAT 19.6 % (included)</c>.</summary>
    public static string Rate(AppliedRate rate) =>
        L[rate.Inclusive ? "TaxRateIncluded" : "TaxRate", rate.DisplayName, Percent(rate.BasisPoints)];

    /// <summary>
    /// What the customer's prices carry, shown beside them: <c>TVA 20 % incluse</c> when the merchant's prices
    /// include the rates, <c>+ VAT 20 %</c> when they are added, the reverse charge, or nothing without tax.
    /// </summary>
    public static string? PriceNote(TaxTreatment tax)
    {
        if (tax.ReverseCharge)
        {
            return L["PriceReverseCharge"];
        }
        if (tax.Rates.Count == 0)
        {
            return null;
        }
        // One place's active rates are all inclusive or all exclusive (TaxRates refuses a mix).
        var names = string.Join(" + ", tax.Rates.Select(r => L["TaxRate", r.DisplayName, Percent(r.BasisPoints)].Value));
        return L[tax.Rates[0].Inclusive ? "PriceIncludes" : "PriceExcludes", names];
    }

    /// <summary><c>$87.00 + VAT 20 %</c>: a price with what it carries, to put inside a sentence.</summary>
    public static string WithNote(string price, TaxTreatment tax) => PriceNote(tax) is { } note ? $"{price} {note}" : price;

    /// <summary>A rate in basis points as the customer reads it: <c>20</c>, <c>19,6</c>.</summary>
    private static string Percent(int basisPoints) => (basisPoints / 100m).ToString("0.##", CultureInfo.CurrentCulture);
}
