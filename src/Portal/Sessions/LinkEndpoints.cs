using System.Globalization;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http.HttpResults;
using Vinr.Portal.Api.Features.BillingPortal.Sessions;
using Vinr.Portal.Api.Infrastructure;
using Vinr.Portal.Components.Layout;
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

    private static Task<IResult> Show(HttpContext http, string id, string token, PortalSessions sessions, IAntiforgery antiforgery) =>
        ShowAsync(http, id, token, sessions, antiforgery, StatusCodes.Status200OK);

    private static async Task<IResult> ShowAsync(HttpContext http, string id, string token, PortalSessions sessions, IAntiforgery antiforgery, int statusCode)
    {
        SecurityHeaders.NoStore(http);
        var inspection = await sessions.InspectLinkAsync(id, token, http.RequestAborted);
        if (inspection.State != LinkState.Redeemable)
        {
            return InLanguageOf(inspection, LinkPage.Failure(inspection, StatusCodes.Status404NotFound));
        }
        var tokens = antiforgery.GetAndStoreTokens(http);
        var page = LinkPage.Confirm(inspection, tokens.FormFieldName, tokens.RequestToken!);
        page.StatusCode = statusCode;
        return InLanguageOf(inspection, page);
    }

    private static async Task<IResult> Redeem(
        HttpContext http, string id, string token, PortalSessions sessions, SessionLinks links, IAntiforgery antiforgery, PortalMetrics metrics,
        [FromKeyedServices(AttemptLimiter.Links)] AttemptLimiter limiter)
    {
        SecurityHeaders.NoStore(http);
        // Only a token that verifies for this session spends the session's budget: a stranger who knows
        // just the id (it is in the URL) spends their own address's budget, and cannot lock the link out.
        var genuine = links.TryRead(id, token, out _);
        if (!limiter.TryAttempt(RequestOrigin.ClientOf(http), genuine ? id : null, out var retryAfter))
        {
            http.Response.Headers.RetryAfter = AttemptLimiter.Seconds(retryAfter);
            metrics.LinkRefused("rate_limited");
            return LinkPage.Failure(LinkInspection.Invalid, StatusCodes.Status429TooManyRequests, tooManyAttempts: true);
        }
        if (!RequestOrigin.IsSameOrigin(http.Request) || !await antiforgery.IsRequestValidAsync(http))
        {
            // Nothing is redeemed. A person with a stale form gets the page again, with a fresh one.
            metrics.LinkRefused("forgery");
            return await ShowAsync(http, id, token, sessions, antiforgery, StatusCodes.Status400BadRequest);
        }
        var redeemed = await sessions.RedeemAsync(id, token, http.RequestAborted);
        if (redeemed is null)
        {
            metrics.LinkRefused("unavailable");
            var inspection = await sessions.InspectLinkAsync(id, token, http.RequestAborted);
            return InLanguageOf(inspection, LinkPage.Failure(inspection, StatusCodes.Status404NotFound));
        }
        metrics.LinkRedeemed();
        // A new principal replaces whatever portal cookie the browser had: no session fixation.
        await http.SignInAsync(PortalCookie.Scheme, PortalCookie.Principal(redeemed.Credential),
            new AuthenticationProperties { IsPersistent = false, AllowRefresh = false });
        return new SeeOtherResult(redeemed.StartPath);
    }

    /// <summary>
    /// "Return": ends the server session, clears the cookie and goes back to the merchant. The cookie
    /// and a same-origin request are enough to end it: a stale or missing anti-forgery token (a tab left
    /// open past a deploy) must not leave a session alive behind a cleared cookie, and ending a session
    /// cannot hurt its holder. A request from another site changes nothing and lands back in the portal.
    /// </summary>
    private static async Task<IResult> Return(HttpContext http, PortalSessions sessions)
    {
        SecurityHeaders.NoStore(http);
        if (!RequestOrigin.IsSameOrigin(http.Request))
        {
            return new SeeOtherResult("/");
        }
        var credential = http.User.FindFirst(PortalCookie.CredentialClaim)?.Value;
        var returnUrl = credential is null ? null : await sessions.EndAsync(credential, http.RequestAborted);
        await http.SignOutAsync(PortalCookie.Scheme);
        return new SeeOtherResult(returnUrl ?? "/signed-out");
    }

    private static RazorComponentResult SignedOut(HttpContext http)
    {
        SecurityHeaders.NoStore(http);
        return LinkPage.SignedOut();
    }

    /// <summary>
    /// The link's page in its session's language. The request has no portal cookie yet, so request
    /// localization chose the browser's language; a link that verified and whose session set a
    /// <c>locale</c> renders in that one instead. A link that did not verify reveals nothing, its
    /// language included, so it keeps the browser's.
    /// </summary>
    private static IResult InLanguageOf(LinkInspection inspection, RazorComponentResult page) =>
        PortalCulture.Of(inspection.Locale) is { } culture ? new InCulture(page, culture) : page;

    private sealed class InCulture(RazorComponentResult page, CultureInfo culture) : IResult
    {
        // An async method: the culture flows into the render and is restored when this returns.
        public async Task ExecuteAsync(HttpContext httpContext)
        {
            CultureInfo.CurrentCulture = culture;
            CultureInfo.CurrentUICulture = culture;
            await page.ExecuteAsync(httpContext);
        }
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
