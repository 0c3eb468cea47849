using System.Net.Mail;
using Vinr.Portal.Api.Features.BillingPortal.Configurations;

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
                problems[Fields.Name] = "Enter your name.";
            }
            else if (d.Name.Length > NameMaxLength)
            {
                problems[Fields.Name] = $"Your name can be at most {NameMaxLength} characters.";
            }
        }
        if (allowedFields.Contains("email"))
        {
            if (d.Email is null)
            {
                problems[Fields.Email] = "Enter your email address.";
            }
            else if (d.Email.Length > EmailMaxLength)
            {
                problems[Fields.Email] = $"Your email address can be at most {EmailMaxLength} characters.";
            }
            else if (!IsEmail(d.Email))
            {
                problems[Fields.Email] = "Enter a valid email address, like name@example.com.";
            }
        }
        if (allowedFields.Contains("phone") && d.Phone is { } phone && !IsPhone(phone))
        {
            problems[Fields.Phone] = $"Enter a phone number of {PhoneMinLength} to {PhoneMaxLength} digits, spaces, +, ( ) or -.";
        }
        if (allowedFields.Contains("address"))
        {
            foreach (var (field, value, label) in new[] { (Fields.Line1, d.Line1, "Address line 1"), (Fields.Line2, d.Line2, "Address line 2"), (Fields.City, d.City, "City"), (Fields.State, d.State, "State or region") })
            {
                if (value?.Length > AddressLineMaxLength)
                {
                    problems[field] = $"{label} can be at most {AddressLineMaxLength} characters.";
                }
            }
            if (d.PostalCode is { } postalCode && (postalCode.Length > PostalCodeMaxLength || !postalCode.All(c => char.IsAsciiLetterOrDigit(c) || c is ' ' or '-')))
            {
                problems[Fields.PostalCode] = $"Enter a postal code of up to {PostalCodeMaxLength} letters, digits, spaces or hyphens.";
            }
            // An address may be left out entirely; one that is given must say which country, which tax and postal formats depend on.
            if (d.Country is null && d.HasAddress)
            {
                problems[Fields.Country] = "Choose your country.";
            }
            else if (d.Country is not null && !Countries.IsSupported(d.Country))
            {
                problems[Fields.Country] = "Choose a country from the list.";
            }
        }
        if (allowedFields.Contains("tax_id") && d.TaxId is { } taxId
            && (taxId.Length > TaxIdMaxLength || !taxId.All(c => char.IsAsciiLetterOrDigit(c) || c is ' ' or '-' or '.')))
        {
            problems[Fields.TaxId] = $"A tax ID can have up to {TaxIdMaxLength} letters, digits, spaces, hyphens and dots.";
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

/// <summary>A country a billing address may be in: ISO 3166-1 alpha-2 code and English name.</summary>
public sealed record Country(string Code, string Name);

/// <summary>
/// The countries the portal offers, by name: the EU and EEA (VAT), the UK and Switzerland, North
/// America, and the larger markets of Asia-Pacific and Latin America. A short list a select can
/// show; extend it here when a merchant sells elsewhere.
/// </summary>
public static class Countries
{
    public static readonly IReadOnlyList<Country> All = new Country[]
    {
        new("AU", "Australia"), new("AT", "Austria"), new("BE", "Belgium"), new("BR", "Brazil"), new("BG", "Bulgaria"),
        new("CA", "Canada"), new("HR", "Croatia"), new("CY", "Cyprus"), new("CZ", "Czechia"), new("DK", "Denmark"),
        new("EE", "Estonia"), new("FI", "Finland"), new("FR", "France"), new("DE", "Germany"), new("GR", "Greece"),
        new("HK", "Hong Kong"), new("HU", "Hungary"), new("IS", "Iceland"), new("IN", "India"), new("IE", "Ireland"),
        new("IT", "Italy"), new("JP", "Japan"), new("LV", "Latvia"), new("LI", "Liechtenstein"), new("LT", "Lithuania"),
        new("LU", "Luxembourg"), new("MT", "Malta"), new("MX", "Mexico"), new("NL", "Netherlands"), new("NZ", "New Zealand"),
        new("NO", "Norway"), new("PL", "Poland"), new("PT", "Portugal"), new("RO", "Romania"), new("SG", "Singapore"),
        new("SK", "Slovakia"), new("SI", "Slovenia"), new("ZA", "South Africa"), new("KR", "South Korea"), new("ES", "Spain"),
        new("SE", "Sweden"), new("CH", "Switzerland"), new("AE", "United Arab Emirates"), new("GB", "United Kingdom"), new("US", "United States"),
    };

    private static readonly Dictionary<string, string> Names = All.ToDictionary(c => c.Code, c => c.Name, StringComparer.Ordinal);

    public static bool IsSupported(string code) => Names.ContainsKey(code);

    /// <summary>The English name, or the code itself for one not on the list (set through the API).</summary>
    public static string NameOf(string? code) => code is null ? "" : Names.GetValueOrDefault(code, code);
}
