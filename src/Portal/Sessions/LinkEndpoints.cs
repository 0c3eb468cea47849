using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http.HttpResults;
using Vinr.Portal.Api.Features.BillingPortal.Sessions;
using Vinr.Portal.Components.Pages.Session;
using Vinr.Portal.Security;

namespace Vinr.Portal.Sessions;

/// <summary>
/// The one-time link. GET (and HEAD, and any prefetch or mail scanner) only shows who the account
/// belongs to and a Continue button; the anti-forgery-protected, same-origin POST redeems it once,
/// issues a fresh portal cookie and sends the browser to the portal (303), the token left behind.
/// See docs/decisions/0002-link-get-shows-continue.md.
/// </summary>
public static class LinkEndpoints
{
    public const string LinkRoute = "/session/{id}/{token}";

    public static IEndpointRouteBuilder MapPortalLinks(this IEndpointRouteBuilder app)
    {
        app.MapMethods(LinkRoute, [HttpMethods.Get, HttpMethods.Head], Show).ExcludeFromDescription();
        app.MapPost(LinkRoute, Redeem).ExcludeFromDescription();
        app.MapPost("/portal/return", Return).ExcludeFromDescription();
        app.MapGet("/signed-out", SignedOut).ExcludeFromDescription();
        return app;
    }

    private static async Task<RazorComponentResult> Show(HttpContext http, string id, string token, PortalSessions sessions, IAntiforgery antiforgery)
    {
        SecurityHeaders.NoStore(http);
        var inspection = await sessions.InspectLinkAsync(id, token, http.RequestAborted);
        if (inspection.State != LinkState.Redeemable)
        {
            return LinkPage.Failure(inspection, StatusCodes.Status404NotFound);
        }
        var tokens = antiforgery.GetAndStoreTokens(http);
        return LinkPage.Confirm(inspection, tokens.FormFieldName, tokens.RequestToken!);
    }

    private static async Task<IResult> Redeem(
        HttpContext http, string id, string token, PortalSessions sessions, IAntiforgery antiforgery,
        [FromKeyedServices(AttemptLimiter.Links)] AttemptLimiter limiter)
    {
        SecurityHeaders.NoStore(http);
        if (!limiter.TryAttempt(RequestOrigin.ClientOf(http), id, out var retryAfter))
        {
            http.Response.Headers.RetryAfter = AttemptLimiter.Seconds(retryAfter);
            return LinkPage.Failure(LinkInspection.Invalid, StatusCodes.Status429TooManyRequests, tooManyAttempts: true);
        }
        if (!RequestOrigin.IsSameOrigin(http.Request) || !await antiforgery.IsRequestValidAsync(http))
        {
            // Nothing is redeemed. A person with a stale form gets the page again, with a fresh one.
            var page = await Show(http, id, token, sessions, antiforgery);
            page.StatusCode = StatusCodes.Status400BadRequest;
            return page;
        }
        var redeemed = await sessions.RedeemAsync(id, token, http.RequestAborted);
        if (redeemed is null)
        {
            return LinkPage.Failure(await sessions.InspectLinkAsync(id, token, http.RequestAborted), StatusCodes.Status404NotFound);
        }
        // A new principal replaces whatever portal cookie the browser had: no session fixation.
        await http.SignInAsync(PortalCookie.Scheme, PortalCookie.Principal(redeemed.Credential),
            new AuthenticationProperties { IsPersistent = false, AllowRefresh = false });
        return new SeeOtherResult(redeemed.StartPath);
    }

    private static async Task<IResult> Return(HttpContext http, PortalSessions sessions, IAntiforgery antiforgery)
    {
        SecurityHeaders.NoStore(http);
        var credential = http.User.FindFirst(PortalCookie.CredentialClaim)?.Value;
        string? returnUrl = null;
        if (credential is not null && RequestOrigin.IsSameOrigin(http.Request) && await antiforgery.IsRequestValidAsync(http))
        {
            returnUrl = await sessions.EndAsync(credential, http.RequestAborted);
        }
        await http.SignOutAsync(PortalCookie.Scheme);
        return new SeeOtherResult(returnUrl ?? "/signed-out");
    }

    private static RazorComponentResult SignedOut(HttpContext http)
    {
        SecurityHeaders.NoStore(http);
        return LinkPage.SignedOut();
    }

    /// <summary>303: after a POST, the browser GETs the new location (a 302 may replay the POST).</summary>
    private sealed class SeeOtherResult(string location) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.StatusCode = StatusCodes.Status303SeeOther;
            httpContext.Response.Headers.Location = location;
            return Task.CompletedTask;
        }
    }
}
