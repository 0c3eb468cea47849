using System.Collections.Frozen;
using System.Text.RegularExpressions;

namespace Vinr.Portal.Api.Features.Tax;

/// <summary>
/// EU VAT identification numbers: the format each member state issues (the European Commission's
/// VIES formats), checked offline. A number in the right format may still be unregistered; VIES
/// would say so, and this product has no outbound network to ask, so the format is the check, as in
/// the issue. Greece's prefix is EL, not its country code GR.
/// </summary>
public static partial class VatIds
{
    // Each member state's format, and a number in it to show a customer who typed something else.
    private static readonly FrozenDictionary<string, (Regex Format, string Example)> Formats = new Dictionary<string, (Regex, string)>
    {
        ["AT"] = (Format(@"U\d{8}"), "U12345678"), ["BE"] = (Format(@"[01]\d{9}"), "0123456789"), ["BG"] = (Format(@"\d{9,10}"), "123456789"),
        ["CY"] = (Format(@"\d{8}[A-Z]"), "12345678X"), ["CZ"] = (Format(@"\d{8,10}"), "12345678"), ["DE"] = (Format(@"\d{9}"), "123456789"),
        ["DK"] = (Format(@"\d{8}"), "12345678"), ["EE"] = (Format(@"\d{9}"), "123456789"), ["GR"] = (Format(@"\d{9}"), "123456789"),
        ["ES"] = (Format(@"[A-Z0-9]\d{7}[A-Z0-9]"), "B12345678"), ["FI"] = (Format(@"\d{8}"), "12345678"),
        ["FR"] = (Format(@"[A-HJ-NP-Z0-9]{2}\d{9}"), "40303265045"), ["HR"] = (Format(@"\d{11}"), "12345678901"), ["HU"] = (Format(@"\d{8}"), "12345678"),
        ["IE"] = (Format(@"\d{7}[A-W][A-I]?|\d[A-Z+*]\d{5}[A-W]"), "1234567WA"), ["IT"] = (Format(@"\d{11}"), "12345678901"),
        ["LT"] = (Format(@"\d{9}|\d{12}"), "123456789"), ["LU"] = (Format(@"\d{8}"), "12345678"), ["LV"] = (Format(@"\d{11}"), "12345678901"),
        ["MT"] = (Format(@"\d{8}"), "12345678"), ["NL"] = (Format(@"\d{9}B\d{2}"), "123456789B01"), ["PL"] = (Format(@"\d{10}"), "1234567890"),
        ["PT"] = (Format(@"\d{9}"), "123456789"), ["RO"] = (Format(@"[1-9]\d{1,9}"), "18547290"), ["SE"] = (Format(@"\d{10}01"), "123456789001"),
        ["SI"] = (Format(@"\d{8}"), "12345678"), ["SK"] = (Format(@"\d{10}"), "1234567890"),
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>The EU member states (ISO 3166 codes): where VAT, and so the reverse charge, applies.</summary>
    public static IEnumerable<string> EuCountries => Formats.Keys;

    public static bool IsEu(string? country) => country is not null && Formats.ContainsKey(country);

    /// <summary>The VAT prefix of an EU country: its ISO code, except Greece (EL).</summary>
    public static string PrefixOf(string country) => country == "GR" ? "EL" : country;

    /// <summary>
    /// The number as VIES writes it: upper case, without spaces, dots or dashes, with the country's
    /// prefix (added when the customer left it out). Null when it is not a valid number for
    /// <paramref name="country"/>, including a number of another country.
    /// </summary>
    public static string? Normalize(string? country, string? vatId)
    {
        if (country is null || vatId is null || !Formats.TryGetValue(country, out var rule))
        {
            return null;
        }
        var compact = Separators().Replace(vatId, "").ToUpperInvariant();
        var prefix = PrefixOf(country);
        var number = compact.StartsWith(prefix, StringComparison.Ordinal) ? compact[prefix.Length..] : compact;
        return rule.Format.IsMatch(number) ? prefix + number : null;
    }

    /// <summary>A number in <paramref name="country"/>'s format, with its prefix (<c>DE123456789</c>); null outside the EU.</summary>
    public static string? ExampleOf(string? country) =>
        country is not null && Formats.TryGetValue(country, out var rule) ? PrefixOf(country) + rule.Example : null;

    private static Regex Format(string pattern) => new($"^(?:{pattern})$", RegexOptions.CultureInvariant | RegexOptions.Compiled);

    [GeneratedRegex(@"[\s.\-]")]
    private static partial Regex Separators();
}
