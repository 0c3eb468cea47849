using System.Globalization;

namespace Vinr.Portal.Api.Infrastructure;

/// <summary>Integer minor units plus an ISO currency, formatted for a culture. Never floating point.</summary>
public static class Money
{
    // ISO 4217 currencies with no minor unit (Stripe's "zero-decimal" list).
    private static readonly HashSet<string> ZeroDecimal =
        ["bif", "clp", "djf", "gnf", "jpy", "kmf", "krw", "mga", "pyg", "rwf", "ugx", "vnd", "vuv", "xaf", "xof", "xpf"];

    private static readonly Dictionary<string, string> Symbols = new()
    {
        ["usd"] = "$",
        ["eur"] = "€",
        ["gbp"] = "£",
        ["jpy"] = "¥",
        ["chf"] = "CHF",
        ["cad"] = "CA$",
        ["aud"] = "A$",
    };

    public static int Decimals(string currency) => ZeroDecimal.Contains(currency.ToLowerInvariant()) ? 0 : 2;

    /// <summary><c>4900 usd</c> is <c>$49.00</c> in en, <c>49,00 $</c> in fr, <c>49,00 $</c> in de.</summary>
    public static string Format(long minorUnits, string currency, CultureInfo culture)
    {
        var decimals = Decimals(currency);
        var format = (NumberFormatInfo)culture.NumberFormat.Clone();
        format.CurrencyDecimalDigits = decimals;
        format.CurrencySymbol = Symbols.GetValueOrDefault(currency.ToLowerInvariant(), currency.ToUpperInvariant());
        var major = decimals == 0 ? minorUnits : minorUnits / 100m;
        return major.ToString("C", format);
    }
}
