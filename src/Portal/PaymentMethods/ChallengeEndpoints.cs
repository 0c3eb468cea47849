using System.Text.Json;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using Vinr.Portal.Api.Features.BillingPortal.Portal;
using Vinr.Portal.Api.Features.PaymentMethods;
using Vinr.Portal.Api.Infrastructure;
using Vinr.Portal.Api.Infrastructure.Http;
using Vinr.Portal.Components.Pages.PaymentMethods;
using Vinr.Portal.Components.Pages.Session;
using Vinr.Portal.Security;
using Vinr.Portal.Sessions;

namespace Vinr.Portal.PaymentMethods;

/// <summary>
/// The 3-D Secure challenge page (docs/decisions/0024-three-d-secure-challenges.md): the test processor's stand-in for
/// the issuer's page, outside the Blazor circuit like the card form, with the same strict policy, framed by the portal
/// alone. It shows the merchant, the card and (for a payment) the amount fixed when the challenge opened, and two buttons
/// like Stripe's test page. Its script posts the answer here and tells the page that framed it, on this origin only.
/// Only the session's own customer's challenges exist here: another's reads as missing (404).
/// </summary>
public static class ChallengeEndpoints
{
    public const string PathPrefix = "/portal/authenticate";

    public static string PathOf(string authenticationId) => $"{PathPrefix}/{Uri.EscapeDataString(authenticationId)}";

    /// <summary>What the card endpoint answers when the card must be authenticated before it is stored (Stripe's <c>next_action</c>).</summary>
    public static object RequiresAction(string authenticationId) => new
    {
        status = "requires_action",
        next_action = new { type = "redirect_to_url", redirect_to_url = new { url = PathOf(authenticationId) } },
    };

    public static IEndpointRouteBuilder MapChallenges(this IEndpointRouteBuilder app)
    {
        app.MapGet($"{PathPrefix}/{{id}}", PageAsync).ExcludeFromDescription();
        app.MapPost($"{PathPrefix}/{{id}}", AnswerAsync).ExcludeFromDescription().WithMetadata(new RequestSizeLimitAttribute(1024));
        return app;
    }

    private static async Task<IResult> PageAsync(string id, HttpContext http, IAntiforgery antiforgery, CardChallenges challenges, PortalQueries queries)
    {
        SecurityHeaders.NoStore(http);
        if (PortalCookie.AccessOf(http) is not { } access)
        {
            return LinkPage.SignedOut();
        }
        if (await challenges.GetAsync(access, id, http.RequestAborted) is not { } challenge)
        {
            return TypedResults.NotFound();
        }
        http.Response.Headers.ContentSecurityPolicy = CardEndpoints.CardFormPolicy;
        http.Response.Headers.XFrameOptions = "SAMEORIGIN";
        var merchant = (await queries.GetSettingsAsync(access, http.RequestAborted)).Branding.MerchantName;
        return ChallengePage.For(challenge, merchant, antiforgery.GetAndStoreTokens(http).RequestToken!);
    }

    /// <summary>The customer's answer: <c>{"result": "complete"}</c> or <c>{"result": "fail"}</c>.</summary>
    private static async Task<IResult> AnswerAsync(string id, HttpContext http, IAntiforgery antiforgery, CardChallenges challenges,
        IStringLocalizer<ChallengePage> text)
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
        Answer? answer;
        try
        {
            answer = await http.Request.ReadFromJsonAsync<Answer>(ApiJson.Options, http.RequestAborted);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or BadHttpRequestException)
        {
            answer = null;
        }
        if (answer?.Result is not ("complete" or "fail"))
        {
            return ApiError.Invalid("result", "result must be complete or fail.");
        }

        var outcome = await challenges.AnswerAsync(access, id, answer.Result == "complete", http.RequestAborted);
        return outcome switch
        {
            { Value: { } done } => TypedResults.Ok(new
            {
                id = done.Id,
                status = "succeeded",
                payment_method = done.PaymentMethodId is { } pm ? new { id = pm } : null,
            }),
            _ => ApiError.From(outcome.Problems),
        };
    }

    private sealed record Answer(string? Result);
}
