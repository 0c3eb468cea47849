using Vinr.Portal.Api.Infrastructure.Data;

namespace Vinr.Portal.Api.Features.BillingPortal.Sessions;

/// <summary>
/// One visit to the portal: minted by the merchant (<c>bps_</c>), redeemed once through its link,
/// then a server-side session behind a cookie until the customer returns or it times out.
/// </summary>
public sealed class PortalSession : ICustomerOwned
{
    public required string Id { get; init; }
    public required string MerchantId { get; init; }
    public bool Livemode { get; init; }
    public required string CustomerId { get; init; }
    public required string ConfigurationId { get; init; }
    public required string ReturnUrl { get; init; }
    public string? Locale { get; init; }

    /// <summary>The task a deep link opens on; null opens the whole portal.</summary>
    public PortalFlow? Flow { get; init; }

    /// <summary>When the customer finished <see cref="Flow"/>; from then on <c>after_completion</c> applies.</summary>
    public DateTimeOffset? FlowCompletedAt { get; set; }
    public DateTimeOffset Created { get; init; }

    /// <summary>The link works until then (24 h after <see cref="Created"/>).</summary>
    public DateTimeOffset ExpiresAt { get; init; }

    /// <summary>When the link was redeemed; set once, by one conditional update.</summary>
    public DateTimeOffset? OpenedAt { get; set; }

    /// <summary>SHA-256 of the secret the portal cookie carries; a new one on every redemption.</summary>
    public byte[]? AccessKeyHash { get; set; }

    /// <summary>Last request or circuit activity, for the sliding idle timeout.</summary>
    public DateTimeOffset? LastSeenAt { get; set; }

    /// <summary>The customer pressed "Return to merchant".</summary>
    public DateTimeOffset? EndedAt { get; set; }

    /// <summary>The merchant expired it through the API.</summary>
    public DateTimeOffset? ExpiredAt { get; set; }
}
