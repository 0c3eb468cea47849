namespace Vinr.Portal.Api.Features.Tax;

/// <summary>A tax rate as the API shows it (Stripe's shape; <c>percentage</c> is a number such as 19.6).</summary>
public sealed record TaxRateObject(
    string Id,
    string Object,
    bool Active,
    string Country,
    long Created,
    string? Description,
    string DisplayName,
    bool Inclusive,
    string? Jurisdiction,
    bool Livemode,
    IReadOnlyDictionary<string, string> Metadata,
    decimal Percentage,
    string? State)
{
    public const string ObjectName = "tax_rate";

    public static TaxRateObject From(TaxRate r) => new(
        r.Id, ObjectName, r.Active, r.Country, r.Created.ToUnixTimeSeconds(), r.Description, r.DisplayName, r.Inclusive, r.Jurisdiction,
        r.Livemode, new Dictionary<string, string>(r.Metadata), r.BasisPoints / 100m, r.State);
}
