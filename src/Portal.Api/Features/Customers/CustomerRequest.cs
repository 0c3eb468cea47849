using System.Globalization;
using Vinr.Portal.Api.Infrastructure.Http;

namespace Vinr.Portal.Api.Features.Customers;

/// <summary>
/// The parameters of customer create and update, read straight into the customer: an update changes only
/// what it names, and <c>""</c> clears a value (<c>address=""</c> the whole address, <c>metadata=""</c> every
/// key), as in Stripe's API. The fields are judged by the same rules as the portal's billing-details form
/// (<see cref="BillingDetails.Validate"/>), except that the API may leave the name and email empty and may
/// name any ISO 3166-1 country, not only the ones the portal's list offers.
/// </summary>
public static class CustomerRequest
{
    public static readonly string[] UpdateParameters = ["name", "email", "phone", "address", "tax_id", "metadata"];

    /// <summary>Create also takes <c>test_clock</c>: a customer follows one clock for life.</summary>
    public static readonly string[] CreateParameters = [.. UpdateParameters, "test_clock"];
    private static readonly string[] AddressParameters = ["line1", "line2", "city", "state", "postal_code", "country"];

    /// <summary>Reads <paramref name="p"/> into <paramref name="customer"/>; throws the first bad parameter, by its full name.</summary>
    public static void Read(ApiParams p, Customer customer, bool creating)
    {
        var d = BillingDetails.Of(customer);
        d = d with
        {
            Name = p.Has("name") ? p.Clearable("name", BillingDetails.NameMaxLength) : d.Name,
            Email = p.Has("email") ? p.Clearable("email", BillingDetails.EmailMaxLength) : d.Email,
            Phone = p.Has("phone") ? p.Clearable("phone", BillingDetails.PhoneMaxLength) : d.Phone,
            TaxId = p.Has("tax_id") ? p.Clearable("tax_id", BillingDetails.TaxIdMaxLength) : d.TaxId,
        };
        if (p.IsBlank("address"))
        {
            d = d with { Line1 = null, Line2 = null, City = null, State = null, PostalCode = null, Country = null };
        }
        else if (p.Object("address") is { } address)
        {
            address.AllowOnly(AddressParameters);
            string? Part(string name, string? stored, int max) => address.Has(name) ? address.Clearable(name, max) : stored;
            d = d with
            {
                Line1 = Part("line1", d.Line1, BillingDetails.AddressLineMaxLength),
                Line2 = Part("line2", d.Line2, BillingDetails.AddressLineMaxLength),
                City = Part("city", d.City, BillingDetails.AddressLineMaxLength),
                State = Part("state", d.State, BillingDetails.AddressLineMaxLength),
                PostalCode = Part("postal_code", d.PostalCode, BillingDetails.PostalCodeMaxLength),
                Country = Part("country", d.Country, 2),
            };
        }
        d = d.Normalized();
        if (Problem(d) is { } problem)
        {
            throw new ApiException(ApiError.Invalid(problem.Param, $"Invalid {problem.Param}: {problem.Message}"));
        }
        Apply(customer, d);
        if (p.Has("metadata"))
        {
            customer.Metadata = MetadataUpdate.Apply(p, customer.Metadata);
        }
    }

    /// <summary>The first problem with <paramref name="d"/> (normalized), with the parameter it cites; null when it may be saved.</summary>
    public static (string Param, string Message)? Problem(BillingDetails d)
    {
        var problems = BillingDetails.Validate(d, ["name", "email", "phone", "address", "tax_id"]);
        foreach (var (field, message) in problems)
        {
            var waived = field switch
            {
                // The portal asks a customer for both; a merchant may create a customer knowing neither yet.
                BillingDetails.Fields.Name => d.Name is null,
                BillingDetails.Fields.Email => d.Email is null,
                BillingDetails.Fields.Country => d.Country is not null && IsIsoCountry(d.Country),
                _ => false,
            };
            if (!waived)
            {
                return (ParamOf(field), field == BillingDetails.Fields.Country && d.Country is not null
                    ? $"'{d.Country}' is not an ISO 3166-1 alpha-2 country code, such as DE or US."
                    : field == BillingDetails.Fields.Country ? "An address needs its country (ISO 3166-1 alpha-2, such as DE)." : message);
            }
        }
        return null;
    }

    /// <summary><c>address.postal_code</c> (a form's key) as the API names it: <c>address[postal_code]</c>.</summary>
    private static string ParamOf(string field) => field.Split('.') is [var parent, var child] ? $"{parent}[{child}]" : field;

    private static bool IsIsoCountry(string code)
    {
        if (code.Length != 2 || !code.All(char.IsAsciiLetterUpper))
        {
            return false;
        }
        try
        {
            // RegionInfo also knows three-letter and numeric forms; two capitals that it knows are an alpha-2 code.
            return new RegionInfo(code).TwoLetterISORegionName == code;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private static void Apply(Customer customer, BillingDetails d)
    {
        customer.Name = d.Name;
        customer.Email = d.Email;
        customer.Phone = d.Phone;
        customer.TaxId = d.TaxId;
        customer.Address.Line1 = d.Line1;
        customer.Address.Line2 = d.Line2;
        customer.Address.City = d.City;
        customer.Address.State = d.State;
        customer.Address.PostalCode = d.PostalCode;
        customer.Address.Country = d.Country;
    }
}
