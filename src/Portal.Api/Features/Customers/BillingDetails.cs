using System.Globalization;
using System.Net.Mail;
using Vinr.Portal.Api.Features.BillingPortal.Configurations;
using Vinr.Portal.Api.Features.Tax;
using Vinr.Portal.Api.Infrastructure;

namespace Vinr.Portal.Api.Features.Customers;

/// <summary>
/// The billing details a customer may edit in the portal: name, email, phone, postal address and
/// tax id. Which of them a portal session may change is the merchant's configuration
/// (<see cref="CustomerUpdateFeature.AllowedFields"/>); the rest are carried along untouched.
/// </summary>
public sealed record BillingDetails(
    string? Name,
    string? Email,
    string? Phone,
    string? Line1,
    string? Line2,
    string? City,
    string? State,
    string? PostalCode,
    string? Country,
    string? TaxId)
{
    public const int NameMaxLength = 200;
    public const int EmailMaxLength = 320;
    public const int PhoneMinLength = 6;
    public const int PhoneMaxLength = 20;
    public const int AddressLineMaxLength = 200;
    public const int PostalCodeMaxLength = 16;
    public const int TaxIdMaxLength = 64;

    /// <summary>Problem keys, as the API names the fields (<c>address.postal_code</c>), so a form can place each message.</summary>
    public static class Fields
    {
        public const string Name = "name";
        public const string Email = "email";
        public const string Phone = "phone";
        public const string Line1 = "address.line1";
        public const string Line2 = "address.line2";
        public const string City = "address.city";
        public const string State = "address.state";
        public const string PostalCode = "address.postal_code";
        public const string Country = "address.country";
        public const string TaxId = "tax_id";
    }

    public static BillingDetails Of(Customer customer) => new(
        customer.Name, customer.Email, customer.Phone,
        customer.Address.Line1, customer.Address.Line2, customer.Address.City, customer.Address.State,
        customer.Address.PostalCode, customer.Address.Country, customer.TaxId);

    /// <summary>As stored: trimmed, blanks as null, the country code in capitals.</summary>
    public BillingDetails Normalized() => new(
        Clean(Name), Clean(Email), Clean(Phone), Clean(Line1), Clean(Line2), Clean(City), Clean(State),
        Clean(PostalCode), Clean(Country)?.ToUpperInvariant(), Clean(TaxId));

    public bool HasAddress => new[] { Line1, Line2, City, State, PostalCode, Country }.Any(part => !string.IsNullOrWhiteSpace(part));

    /// <summary>The address as a postal block: street lines, "City, State Postcode", the country's name.</summary>
    public IReadOnlyList<string> AddressLines
    {
        get
        {
            var locality = Join(" ", State, PostalCode);
            return [.. new[] { Line1, Line2, Join(", ", City, locality), Country is null ? null : Countries.NameOf(Country) }.OfType<string>()];
        }
    }

    /// <summary>The address on one line, each part comma-separated; null when there is none.</summary>
    public string? AddressSummary => Join(", ", Line1, Line2, City, State, PostalCode, Country is null ? null : Countries.NameOf(Country));

    private static string? Join(string separator, params string?[] parts)
    {
        var joined = string.Join(separator, parts.Where(p => !string.IsNullOrWhiteSpace(p)));
        return joined.Length == 0 ? null : joined;
    }

    /// <summary>
    /// Every problem with the fields the configuration allows (<c>name</c>, <c>email</c>, <c>address</c>,
    /// <c>phone</c>, <c>tax_id</c>), by field; empty when they may be saved. Fields not allowed are
    /// not judged: they will not be written.
    /// </summary>
    public static IReadOnlyDictionary<string, string> Validate(BillingDetails details, IReadOnlyCollection<string> allowedFields)
    {
        var d = details.Normalized();
        var problems = new Dictionary<string, string>();
        if (allowedFields.Contains("name"))
        {
            if (d.Name is null)
            {
                problems[Fields.Name] = Messages.Get("NameMissing");
            }
            else if (d.Name.Length > NameMaxLength)
            {
                problems[Fields.Name] = Messages.Get("NameTooLong", NameMaxLength);
            }
        }
        if (allowedFields.Contains("email"))
        {
            if (d.Email is null)
            {
                problems[Fields.Email] = Messages.Get("EmailMissing");
            }
            else if (d.Email.Length > EmailMaxLength)
            {
                problems[Fields.Email] = Messages.Get("EmailTooLong", EmailMaxLength);
            }
            else if (!IsEmail(d.Email))
            {
                problems[Fields.Email] = Messages.Get("EmailInvalid");
            }
        }
        if (allowedFields.Contains("phone") && d.Phone is { } phone && !IsPhone(phone))
        {
            problems[Fields.Phone] = Messages.Get("PhoneInvalid", PhoneMinLength, PhoneMaxLength);
        }
        if (allowedFields.Contains("address"))
        {
            foreach (var (field, value, key) in new[] { (Fields.Line1, d.Line1, "Line1TooLong"), (Fields.Line2, d.Line2, "Line2TooLong"), (Fields.City, d.City, "CityTooLong"), (Fields.State, d.State, "StateTooLong") })
            {
                if (value?.Length > AddressLineMaxLength)
                {
                    problems[field] = Messages.Get(key, AddressLineMaxLength);
                }
            }
            if (d.PostalCode is { } postalCode && (postalCode.Length > PostalCodeMaxLength || !postalCode.All(c => char.IsAsciiLetterOrDigit(c) || c is ' ' or '-')))
            {
                problems[Fields.PostalCode] = Messages.Get("PostalCodeInvalid", PostalCodeMaxLength);
            }
            // An address may be left out entirely; one that is given must say which country, which tax and postal formats depend on.
            if (d.Country is null && d.HasAddress)
            {
                problems[Fields.Country] = Messages.Get("CountryMissing");
            }
            else if (d.Country is not null && !Countries.IsSupported(d.Country))
            {
                problems[Fields.Country] = Messages.Get("CountryNotListed");
            }
        }
        if (allowedFields.Contains("tax_id") && d.TaxId is { } taxId
            && (taxId.Length > TaxIdMaxLength || !taxId.All(c => char.IsAsciiLetterOrDigit(c) || c is ' ' or '-' or '.')))
        {
            problems[Fields.TaxId] = Messages.Get("TaxIdInvalid", TaxIdMaxLength);
        }
        // In the EU a business's tax id is its VAT number, which decides the reverse charge: refuse one not of its billing country.
        else if (allowedFields.Contains("tax_id") && d.TaxId is { } vatId && VatIds.ExampleOf(d.Country) is { } example && VatIds.Normalize(d.Country, vatId) is null)
        {
            problems[Fields.TaxId] = Messages.Get("VatIdInvalid", Countries.NameOf(d.Country), example);
        }
        return problems;
    }

    private static string? Clean(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    /// <summary>A bare address (no display name) whose domain has a dot: what invoices can actually be sent to.</summary>
    private static bool IsEmail(string value) =>
        !value.Any(char.IsWhiteSpace)
        && MailAddress.TryCreate(value, out var address)
        && address.Address == value
        && address.DisplayName.Length == 0
        && address.Host.Contains('.', StringComparison.Ordinal)
        && !address.Host.StartsWith('.') && !address.Host.EndsWith('.');

    // Punctuation alone is not a number: the length rule counts characters, and at least as many must be digits.
    private static bool IsPhone(string value) =>
        value.Length is >= PhoneMinLength and <= PhoneMaxLength
        && value.All(c => char.IsAsciiDigit(c) || c is ' ' or '+' or '(' or ')' or '-')
        && value.Count(char.IsAsciiDigit) >= PhoneMinLength;
}

/// <summary>A country a billing address may be in: ISO 3166-1 alpha-2 code and its name in the customer's language.</summary>
public sealed record Country(string Code, string Name);

/// <summary>
/// The countries the portal offers: the EU and EEA (VAT), the UK and Switzerland, North America, and
/// the larger markets of Asia-Pacific and Latin America. A short list a select can show; extend it
/// here (and its names in Resources/Messages.resx) when a merchant sells elsewhere.
/// </summary>
public static class Countries
{
    private static readonly string[] Codes =
    [
        "AU", "AT", "BE", "BR", "BG", "CA", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HK", "HU", "IS", "IN", "IE", "IT", "JP", "LV",
        "LI", "LT", "LU", "MT", "MX", "NL", "NZ", "NO", "PL", "PT", "RO", "SG", "SK", "SI", "ZA", "KR", "ES", "SE", "CH", "AE", "GB", "US",
    ];

    private static readonly HashSet<string> Supported = new(Codes, StringComparer.Ordinal);

    /// <summary>Every country, named and sorted in the current UI culture ("Allemagne" before "Autriche" in French).</summary>
    public static IReadOnlyList<Country> All
    {
        get
        {
            var comparer = StringComparer.Create(CultureInfo.CurrentUICulture, ignoreCase: true);
            return [.. Codes.Select(c => new Country(c, NameOf(c))).OrderBy(c => c.Name, comparer)];
        }
    }

    public static bool IsSupported(string code) => Supported.Contains(code);

    /// <summary>The name in the current UI culture, or the code itself for one not on the list (set through the API).</summary>
    public static string NameOf(string? code) => code is null ? "" : Supported.Contains(code) ? Messages.Get("Country_" + code) : code;
}
