using System.Text.Json;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using Vinr.Portal.Api.Features.PaymentMethods;
using Vinr.Portal.Api.Infrastructure;
using Vinr.Portal.Api.Infrastructure.Http;
using Vinr.Portal.Components.Pages.PaymentMethods;
using Vinr.Portal.Components.Pages.Session;
using Vinr.Portal.Security;
using Vinr.Portal.Sessions;

namespace Vinr.Portal.PaymentMethods;

/// <summary>
/// Card entry, kept out of the Blazor circuit (see docs/decisions/0010-card-entry-outside-the-circuit.md):
/// the portal frames <c>/portal/card-form</c>, a static page with its own strict policy whose script
/// sends the card straight here; only the new card's <c>pm_</c> id goes back to the portal page.
/// </summary>
public static class CardEndpoints
{
    public const string CardFormPath = "/portal/card-form";
    public const string AddPath = "/portal/payment-methods";

    // Its own script and styles only; framed by the portal alone; it talks to this origin alone.
    internal const string CardFormPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
        "form-action 'none'; frame-ancestors 'self'; base-uri 'none'";

    public static IEndpointRouteBuilder MapCardEntry(this IEndpointRouteBuilder app)
    {
        app.MapGet(CardFormPath, Form).ExcludeFromDescription();
        app.MapPost(AddPath, AddAsync).ExcludeFromDescription().WithMetadata(new RequestSizeLimitAttribute(4096));
        return app;
    }

    private static RazorComponentResult Form(HttpContext http, IAntiforgery antiforgery)
    {
        SecurityHeaders.NoStore(http);
        if (PortalCookie.AccessOf(http) is null)
        {
            return LinkPage.SignedOut();
        }
        http.Response.Headers.ContentSecurityPolicy = CardFormPolicy;
        http.Response.Headers.XFrameOptions = "SAMEORIGIN";
        return CardFormPage.For(antiforgery.GetAndStoreTokens(http).RequestToken!);
    }

    /// <remarks>Its errors are shown in the frame, so they are in the customer's language (this request's culture), as the card's own problems are.</remarks>
    private static async Task<IResult> AddAsync(HttpContext http, IAntiforgery antiforgery, CustomerCards cards,
        [FromKeyedServices(AttemptLimiter.Cards)] AttemptLimiter limiter, IStringLocalizer<CardFormPage> text)
    {
        SecurityHeaders.NoStore(http);
        if (PortalCookie.AccessOf(http) is not { } access)
        {
            return new ApiError(401, ApiError.Authentication, "session_ended", text["SessionEnded"]);
        }
        if (!RequestOrigin.IsSameOrigin(http.Request) || !await antiforgery.IsRequestValidAsync(http))
        {
            return new ApiError(400, ApiError.InvalidRequest, "form_expired", text["FormExpired"]);
        }
        if (!limiter.TryAttempt(RequestOrigin.ClientOf(http), access.SessionId, out var retryAfter))
        {
            return new ApiError(429, ApiError.RateLimit, "too_many_attempts", text["TooManyAttempts"])
            {
                RetryAfterSeconds = (int)Math.Ceiling(retryAfter.TotalSeconds),
            };
        }

        CardFormPage.Submission? submitted;
        try
        {
            submitted = await http.Request.ReadFromJsonAsync<CardFormPage.Submission>(ApiJson.Options, http.RequestAborted);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or BadHttpRequestException)
        {
            // Never echo what was sent: it may hold a card number.
            submitted = null;
        }
        if (submitted is null)
        {
            return new ApiError(400, ApiError.InvalidRequest, "card_invalid", text["Unreadable"]);
        }

        var outcome = await cards.AddAsync(access, submitted.ToCard(), http.RequestAborted);
        return outcome switch
        {
            { Value: { } pm } => TypedResults.Ok(new { payment_method = new { id = pm.Id, brand = pm.Brand, last4 = pm.Last4 } }),
            // The issuer asks first: the frame goes to the challenge, and the card is stored only once it succeeded (ChallengeEndpoints).
            { Problem: { Kind: ProblemKind.AuthenticationRequired, AuthenticationId: { } challenge } } => TypedResults.Ok(ChallengeEndpoints.RequiresAction(challenge)),
            { Problem.Kind: ProblemKind.Invalid } => ApiError.From(outcome.Problems) with { Code = "card_invalid" },
            _ => ApiError.From(outcome.Problems),
        };
    }
}
