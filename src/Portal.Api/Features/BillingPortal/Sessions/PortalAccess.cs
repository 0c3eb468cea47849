using Vinr.Portal.Api.Infrastructure.Data;

namespace Vinr.Portal.Api.Features.BillingPortal.Sessions;

/// <summary>
/// What a redeemed portal session may see: one customer of one merchant, in one mode. Every portal
/// query is scoped by it, never by an id the browser sends.
/// </summary>
public sealed record PortalAccess(
    string SessionId,
    string MerchantId,
    bool Livemode,
    string CustomerId,
    string ConfigurationId,
    string ReturnUrl,
    string? Locale) : ICustomerScope;
