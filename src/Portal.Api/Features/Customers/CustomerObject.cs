namespace Vinr.Portal.Api.Features.Customers;

/// <summary>The customer as the API shows it.</summary>
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
    bool Livemode)
{
    public static CustomerObject From(Customer c) => new(
        c.Id, "customer", c.Name, c.Email, c.Phone,
        new AddressObject(c.Address.Line1, c.Address.Line2, c.Address.City, c.Address.State, c.Address.PostalCode, c.Address.Country),
        c.TaxId, c.DefaultPaymentMethodId, c.Created.ToUnixTimeSeconds(), c.Livemode);
}

public sealed record AddressObject(string? Line1, string? Line2, string? City, string? State, string? PostalCode, string? Country);
