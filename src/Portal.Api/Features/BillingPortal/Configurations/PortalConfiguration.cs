using Vinr.Portal.Api.Infrastructure.Data;
using Vinr.Portal.Api.Infrastructure.Http;

namespace Vinr.Portal.Api.Features.BillingPortal.Configurations;

/// <summary>How a merchant's portal looks and what it lets customers do (<c>bpc_</c>).</summary>
public sealed class PortalConfiguration : IOwned, IListable
{
    public required string Id { get; init; }
    public required string MerchantId { get; init; }
    public bool Livemode { get; init; }

    /// <summary>Used when a session names no configuration; one per merchant and mode.</summary>
    public bool IsDefault { get; set; }

    public bool Active { get; set; } = true;
    public string? Headline { get; set; }
    public string? PrivacyPolicyUrl { get; set; }
    public string? TermsOfServiceUrl { get; set; }
    public string? LogoUrl { get; set; }

    /// <summary>A <c>#rrggbb</c> colour for buttons and links.</summary>
    public string? AccentColor { get; set; }

    public string? DefaultReturnUrl { get; set; }

    /// <summary>Where a customer with a dead link can ask the merchant for a new one.</summary>
    public string? RefreshUrl { get; set; }

    public PortalFeatures Features { get; set; } = new();

    /// <summary>The merchant's own label, e.g. "Annual plans only".</summary>
    public string? Name { get; set; }

    /// <summary>The merchant's own key-value pairs (Stripe's <c>metadata</c>).</summary>
    public Dictionary<string, string> Metadata { get; set; } = [];

    public DateTimeOffset Created { get; init; }

    public DateTimeOffset Updated { get; set; }
}
