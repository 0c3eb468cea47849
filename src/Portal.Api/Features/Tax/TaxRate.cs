using Vinr.Portal.Api.Infrastructure.Data;
using Vinr.Portal.Api.Infrastructure.Http;

namespace Vinr.Portal.Api.Features.Tax;

/// <summary>
/// A merchant's tax rate (Stripe's <c>tax_rate</c>): a percentage for one country, or one state of
/// it, added on top of prices or contained in them. Its percentage, inclusiveness and place never
/// change (an invoice copies what it applied); archive it and create another for new terms.
/// </summary>
public sealed class TaxRate : IOwned, IListable
{
    public required string Id { get; init; }
    public required string MerchantId { get; init; }
    public bool Livemode { get; init; }

    /// <summary>What invoices call it: "VAT", "TVA", "Sales tax".</summary>
    public required string DisplayName { get; set; }

    public string? Description { get; set; }

    /// <summary>ISO 3166-1 alpha-2; the customer's billing country picks the rate.</summary>
    public required string Country { get; init; }

    /// <summary>ISO 3166-2 subdivision code without the country (<c>QC</c>, <c>CA</c>); null for the whole country.</summary>
    public string? State { get; init; }

    /// <summary>The merchant's own label for where it applies, shown on invoices.</summary>
    public string? Jurisdiction { get; set; }

    /// <summary>2000 is 20 %.</summary>
    public int BasisPoints { get; init; }

    public bool Inclusive { get; init; }
    public bool Active { get; set; } = true;
    public Dictionary<string, string> Metadata { get; set; } = [];
    public DateTimeOffset Created { get; init; }

    public AppliedRate ToApplied() => new(Id, DisplayName, Country, BasisPoints, Inclusive);
}
