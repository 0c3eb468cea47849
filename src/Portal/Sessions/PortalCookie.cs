using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.Extensions.Options;
using Vinr.Portal.Api.Features.BillingPortal.Sessions;

namespace Vinr.Portal.Sessions;

/// <summary>
/// The portal's cookie: an encrypted ticket naming the server-side session and carrying its access
/// key, never the link token. The database decides on every request whether it still stands.
/// </summary>
public static class PortalCookie
{
    public const string Scheme = "PortalSession";
    public const string CredentialClaim = "vinr:portal_credential";
    public const string SessionIdClaim = "vinr:portal_session";

    public static IServiceCollection AddPortalCookie(this IServiceCollection services)
    {
        services.AddAuthentication(Scheme).AddCookie(Scheme);
        services.AddOptions<CookieAuthenticationOptions>(Scheme).Configure<IOptions<PortalSessionOptions>>((cookie, portal) =>
        {
            // __Host- needs Secure, which browsers refuse over plain http: that is only allowed on loopback.
            var https = portal.Value.PublicBaseUrl?.StartsWith("https://", StringComparison.OrdinalIgnoreCase) == true;
            cookie.Cookie.Name = https ? "__Host-vinr_portal" : "vinr_portal";
            cookie.Cookie.SecurePolicy = https ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest;
            cookie.Cookie.HttpOnly = true;
            cookie.Cookie.SameSite = SameSiteMode.Lax;
            cookie.Cookie.Path = "/";
            cookie.ExpireTimeSpan = portal.Value.AbsoluteLifetime;
            cookie.SlidingExpiration = false; // the server-side session slides; the ticket never outlives it
            cookie.LoginPath = "/signed-out";
            cookie.AccessDeniedPath = "/signed-out";
            cookie.ReturnUrlParameter = "_";
            cookie.Events.OnValidatePrincipal = ValidateAsync;
            cookie.Events.OnRedirectToLogin = context =>
            {
                context.Response.Redirect("/signed-out");
                return Task.CompletedTask;
            };
        });
        return services;
    }

    public static ClaimsPrincipal Principal(string credential) =>
        new(new ClaimsIdentity(
            [new Claim(CredentialClaim, credential), new Claim(SessionIdClaim, credential.Split('.')[0])],
            Scheme));

    /// <summary>Every request re-checks the session in the database and slides its idle timeout.</summary>
    private static async Task ValidateAsync(CookieValidatePrincipalContext context)
    {
        var sessions = context.HttpContext.RequestServices.GetRequiredService<PortalSessions>();
        var credential = context.Principal?.FindFirst(CredentialClaim)?.Value;
        var access = credential is null ? null : await sessions.CheckAccessAsync(credential, active: true, context.HttpContext.RequestAborted);
        if (access is null)
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(Scheme);
        }
        else
        {
            context.HttpContext.Features.Set(access);
        }
    }

    /// <summary>The portal session this request's cookie was checked against, for plain HTTP endpoints.</summary>
    public static PortalAccess? AccessOf(HttpContext context) => context.Features.Get<PortalAccess>();
}
