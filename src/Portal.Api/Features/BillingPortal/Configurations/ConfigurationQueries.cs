using Vinr.Portal.Api.Features.BillingPortal.Sessions;
using Vinr.Portal.Api.Infrastructure.Data;

namespace Vinr.Portal.Api.Features.BillingPortal.Configurations;

/// <summary>Reads of a portal session's configuration that every feature shares.</summary>
public static class ConfigurationQueries
{
    /// <summary>
    /// What the session's configuration lets the customer do, read afresh: a merchant's change applies
    /// to the next page and to every server-side check, whatever the page on screen still shows.
    /// </summary>
    public static IQueryable<PortalFeatures> FeaturesOf(this BillingDbContext db, PortalAccess access) =>
        db.PortalConfigurations.OwnedBy(access).Where(c => c.Id == access.ConfigurationId).Select(c => c.Features);
}
