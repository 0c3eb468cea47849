namespace Vinr.Portal.Api.Features.BillingPortal.Sessions;

/// <summary>
/// The billing portal session as the API shows it. The seed's five fields (<c>id</c>, <c>customer</c>,
/// <c>url</c>, <c>return_url</c>, <c>created</c>) keep their names and types; <c>customer</c> is the full
/// object with <c>expand[]=customer</c>. <c>url</c> is returned once, on create: the token is not stored.
/// </summary>
public sealed record SessionObject(
    string Id,
    string Object,
    object Customer,
    string? Url,
    string ReturnUrl,
    long Created,
    long ExpiresAt,
    bool Livemode,
    string? Locale,
    string Configuration,
    object? Flow,
    PortalSessionStatus Status,
    long? OpenedAt)
{
    public const string ObjectName = "billing_portal.session";
}
