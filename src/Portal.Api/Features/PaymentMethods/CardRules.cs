using Vinr.Portal.Api.Infrastructure;

namespace Vinr.Portal.Api.Features.PaymentMethods;

/// <summary>
/// What a card number, expiry and CVC must look like before anything is sent to a processor:
/// Luhn, the brand from its leading digits (IIN ranges), the lengths that brand allows, an expiry
/// not in the past, and the brand's CVC length. The card form's script applies the same rules as
/// the customer types (wwwroot/card/card-form.js); these are the ones that decide.
/// </summary>
public static class CardRules
{
    private sealed record Brand(string Name, int[] Lengths, int CvcLength, Func<string, bool> Matches);

    private static readonly Brand[] Brands =
    [
        new("amex", [15], 4, n => Prefix(n, 2) is 34 or 37),
        new("diners", [14, 16, 19], 3, n => Prefix(n, 2) is 36 or 38 or 39 || Prefix(n, 3) is >= 300 and <= 305),
        new("discover", [16, 19], 3, n => n.StartsWith("6011", StringComparison.Ordinal) || Prefix(n, 2) == 65 || Prefix(n, 3) is >= 644 and <= 649),
        new("jcb", [16, 17, 18, 19], 3, n => Prefix(n, 4) is >= 3528 and <= 3589),
        new("unionpay", [16, 17, 18, 19], 3, n => Prefix(n, 2) == 62),
        new("mastercard", [16], 3, n => Prefix(n, 2) is >= 51 and <= 55 || Prefix(n, 4) is >= 2221 and <= 2720),
        new("visa", [13, 16, 19], 3, n => n.StartsWith('4')),
    ];

    /// <summary>Digits only: spaces and dashes as people type them are dropped.</summary>
    public static string Normalize(string number) => new([.. number.Where(c => c is not (' ' or '-'))]);

    public static bool PassesLuhn(string digits)
    {
        if (digits.Length == 0 || !digits.All(char.IsAsciiDigit))
        {
            return false;
        }
        var sum = 0;
        for (var i = 0; i < digits.Length; i++)
        {
            var digit = digits[digits.Length - 1 - i] - '0';
            if (i % 2 == 1)
            {
                digit *= 2;
                if (digit > 9)
                {
                    digit -= 9;
                }
            }
            sum += digit;
        }
        return sum % 10 == 0;
    }

    /// <summary><c>visa</c>, <c>mastercard</c>, <c>amex</c>, <c>discover</c>, <c>jcb</c>, <c>unionpay</c>, <c>diners</c>, or <c>unknown</c>.</summary>
    public static string BrandOf(string digits) => Brands.FirstOrDefault(b => b.Matches(digits))?.Name ?? "unknown";

    /// <summary>Every problem with the card, by field (<c>number</c>, <c>exp</c>, <c>cvc</c>, <c>name</c>, <c>postal_code</c>); empty when it may be sent.</summary>
    public static IReadOnlyDictionary<string, string> Validate(CardDetails card, DateTimeOffset now)
    {
        var problems = new Dictionary<string, string>();
        var digits = Normalize(card.Number);
        var brand = Brands.FirstOrDefault(b => b.Matches(digits));
        if (!digits.All(char.IsAsciiDigit) || digits.Length < 12)
        {
            problems["number"] = Messages.Get("CardNumberIncomplete");
        }
        else if (brand is null || !brand.Lengths.Contains(digits.Length) || !PassesLuhn(digits))
        {
            problems["number"] = Messages.Get("CardNumberInvalid");
        }

        if (card.ExpMonth is < 1 or > 12 || card.ExpYear is < 2000 or > 2100)
        {
            problems["exp"] = Messages.Get("CardExpiryInvalid");
        }
        else if (card.ExpYear < now.Year || (card.ExpYear == now.Year && card.ExpMonth < now.Month))
        {
            problems["exp"] = Messages.Get("CardExpiryPast");
        }

        var cvcLength = brand?.CvcLength ?? 3;
        if (card.Cvc.Length != cvcLength || !card.Cvc.All(char.IsAsciiDigit))
        {
            problems["cvc"] = Messages.Get("CardCvcLength", cvcLength);
        }
        if (string.IsNullOrWhiteSpace(card.Name) || card.Name.Length > 200)
        {
            problems["name"] = Messages.Get("CardNameMissing");
        }
        if (string.IsNullOrWhiteSpace(card.PostalCode) || card.PostalCode.Length > 16)
        {
            problems["postal_code"] = Messages.Get("CardPostalCodeMissing");
        }
        return problems;
    }

    private static int Prefix(string digits, int length) =>
        digits.Length >= length && int.TryParse(digits.AsSpan(0, length), out var value) ? value : -1;
}

/// <summary>
/// A card as typed into the card form. It lives only for the request that attaches it: never
/// stored, logged, put in an event or an error, and never in the Blazor circuit.
/// </summary>
public sealed record CardDetails(string Number, int ExpMonth, int ExpYear, string Cvc, string Name, string PostalCode)
{
    // A record's generated ToString would print the number and CVC into any log or exception message.
    public override string ToString() => $"card ending {(CardRules.Normalize(Number) is { Length: >= 4 } d ? d[^4..] : "????")}";
}
