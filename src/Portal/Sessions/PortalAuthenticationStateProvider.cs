using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;
using Microsoft.Extensions.Options;
using Vinr.Portal.Api.Features.BillingPortal.Sessions;

namespace Vinr.Portal.Sessions;

/// <summary>
/// Re-checks an open tab's session every minute (the template's default is 30): an ended, expired
/// or revoked session loses access in the tab too. Clicks since the last check slide the idle timeout.
/// </summary>
internal sealed class PortalAuthenticationStateProvider(
    ILoggerFactory loggerFactory,
    PortalSessions sessions,
    CircuitActivity activity,
    IOptions<PortalSessionOptions> options)
    : RevalidatingServerAuthenticationStateProvider(loggerFactory)
{
    protected override TimeSpan RevalidationInterval => options.Value.RevalidationInterval;

    protected override async Task<bool> ValidateAuthenticationStateAsync(AuthenticationState authenticationState, CancellationToken cancellationToken) =>
        CurrentPortal.CredentialOf(authenticationState) is { } credential
        && await sessions.CheckAccessAsync(credential, activity.TakeActivity(), cancellationToken) is not null;
}
