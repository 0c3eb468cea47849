using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.Extensions.DependencyInjection;
using Vinr.Portal.Api.Features.BillingPortal.Sessions;
using Vinr.Portal.Sessions;
using Vinr.Portal.Tests.Support;

namespace Vinr.Portal.Tests.Sessions;

public sealed class CurrentPortalTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    private sealed class SwitchableAuthentication : AuthenticationStateProvider
    {
        public ClaimsPrincipal User { get; set; } = new(new ClaimsIdentity());

        public override Task<AuthenticationState> GetAuthenticationStateAsync() => Task.FromResult(new AuthenticationState(User));
    }

    private async Task<string> RedeemedCredentialAsync()
    {
        var session = await factory.CreateSessionAsync();
        var sessions = factory.Services.GetRequiredService<PortalSessions>();
        return (await sessions.RedeemAsync(session.GetProperty("id").GetString()!, Links.TokenOf(session), CancellationToken.None))!.Credential;
    }

    [Fact]
    public async Task A_circuit_never_carries_on_under_another_customers_cookie()
    {
        var authentication = new SwitchableAuthentication();
        var portal = new CurrentPortal(authentication, factory.Services.GetRequiredService<PortalSessions>());
        var first = await RedeemedCredentialAsync();
        var second = await RedeemedCredentialAsync();

        authentication.User = PortalCookie.Principal(first);
        var before = await portal.GetAccessAsync();
        authentication.User = PortalCookie.Principal(second); // a reconnect with someone else's cookie
        var after = await portal.GetAccessAsync();

        Assert.NotNull(before);
        Assert.Equal(first.Split('.')[0], before.SessionId);
        Assert.Null(after);
    }

    [Fact]
    public async Task No_cookie_means_no_access()
    {
        var portal = new CurrentPortal(new SwitchableAuthentication(), factory.Services.GetRequiredService<PortalSessions>());

        Assert.Null(await portal.GetAccessAsync());
    }

    [Fact]
    public async Task A_forged_access_key_for_a_real_session_gets_nothing()
    {
        var credential = await RedeemedCredentialAsync();
        var forged = credential.Split('.')[0] + ".AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
        var sessions = factory.Services.GetRequiredService<PortalSessions>();

        Assert.NotNull(await sessions.CheckAccessAsync(credential, active: false, CancellationToken.None));
        Assert.Null(await sessions.CheckAccessAsync(forged, active: false, CancellationToken.None));
        Assert.Null(await sessions.CheckAccessAsync("not-a-credential", active: false, CancellationToken.None));
    }
}
