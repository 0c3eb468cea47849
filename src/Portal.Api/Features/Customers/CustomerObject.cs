namespace Vinr.Portal.Api.Features.Customers;

/// <summary>
/// The customer as the API shows it, in Stripe's names and types (Stripe.net reads it as a <c>Customer</c>).
/// <c>default_payment_method</c> and <c>tax_id</c> are VINR's own, kept beside Stripe's
/// <c>invoice_settings[default_payment_method]</c>.
/// </summary>
public sealed record CustomerObject(
    string Id,
    string Object,
    string? Name,
    string? Email,
    string? Phone,
    AddressObject Address,
    string? TaxId,
    string? DefaultPaymentMethod,
    long Created,
    bool Livemode,
    long Balance,
    InvoiceSettingsObject InvoiceSettings,
    IReadOnlyDictionary<string, string> Metadata,
    string? TestClock)
{
    public const string ObjectName = "customer";

    public static CustomerObject From(Customer c) => new(
        c.Id, ObjectName, c.Name, c.Email, c.Phone,
        new AddressObject(c.Address.Line1, c.Address.Line2, c.Address.City, c.Address.State, c.Address.PostalCode, c.Address.Country),
        c.TaxId, c.DefaultPaymentMethodId, c.Created.ToUnixTimeSeconds(), c.Livemode, c.Balance,
        new InvoiceSettingsObject(c.DefaultPaymentMethodId), c.Metadata, c.TestClockId);
}

public sealed record AddressObject(string? Line1, string? Line2, string? City, string? State, string? PostalCode, string? Country);

/// <summary>Stripe's place for the card invoices are charged to.</summary>
public sealed record InvoiceSettingsObject(string? DefaultPaymentMethod);
