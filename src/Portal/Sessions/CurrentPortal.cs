using Microsoft.AspNetCore.Components.Authorization;
using Vinr.Portal.Api.Features.BillingPortal.Sessions;

namespace Vinr.Portal.Sessions;

/// <summary>
/// The portal session this circuit (or prerender) serves. The first session seen is pinned: if a
/// reconnect brings another customer's cookie, this answers <c>null</c> and the layout reloads the
/// page, so a circuit never carries on under someone else's session.
/// </summary>
public sealed class CurrentPortal(AuthenticationStateProvider authentication, PortalSessions sessions)
{
    private string? _pinnedCredential;
    private PortalAccess? _access;

    /// <summary>The session's access, checked against the database on first use and on every action.</summary>
    public async Task<PortalAccess?> GetAccessAsync(bool recheck = false, CancellationToken cancellationToken = default)
    {
        var credential = CredentialOf(await authentication.GetAuthenticationStateAsync());
        if (credential is null)
        {
            return null;
        }
        _pinnedCredential ??= credential;
        if (_pinnedCredential != credential)
        {
            return _access = null;
        }
        if (_access is null || recheck)
        {
            _access = await sessions.CheckAccessAsync(credential, active: true, cancellationToken);
        }
        return _access;
    }

    internal static string? CredentialOf(AuthenticationState state) =>
        state.User.FindFirst(PortalCookie.CredentialClaim)?.Value;
}
