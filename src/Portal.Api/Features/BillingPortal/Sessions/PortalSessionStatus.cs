namespace Vinr.Portal.Api.Features.BillingPortal.Sessions;

/// <summary>The lifecycle the merchant API reports for a session.</summary>
public enum PortalSessionStatus
{
    /// <summary>Minted, link not yet redeemed, still within 24 h.</summary>
    Unused,

    /// <summary>Redeemed, and the customer's portal access is live.</summary>
    Active,

    /// <summary>The customer pressed "Return".</summary>
    Ended,

    /// <summary>The link lapsed unused, the merchant expired it, or the portal access timed out.</summary>
    Expired,
}
