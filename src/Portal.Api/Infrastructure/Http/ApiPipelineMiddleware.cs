using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Vinr.Portal.Api.Features.Merchants;

namespace Vinr.Portal.Api.Infrastructure.Http;

/// <summary>
/// Everything every <c>/v1</c> request goes through, in order: the URL and method, the client's rate
/// limit, the secret key and its rate limit, the parameters, idempotency; and the one place that turns a failure into the API's error shape
/// (never a stack trace, never an empty body).
/// </summary>
internal sealed class ApiPipelineMiddleware(RequestDelegate next, ApiRoutes routes, ApiKeys apiKeys, ApiRateLimits limits, Idempotency idempotency, PortalMetrics metrics, ILogger<ApiPipelineMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        context.Response.Headers["Request-Id"] = context.TraceIdentifier;
        try
        {
            // The URL and method come before the key: a wrong one is the caller's bug whatever its key,
            // the answer tells nothing the public OpenAPI document does not, and it costs no key lookup.
            // Always in the error shape: Stripe's client libraries need a JSON body on every failure.
            if (!ApiRoutes.Chosen(context))
            {
                await routes.NotServed(context.Request).ExecuteAsync(context);
                return;
            }
            var idempotencyKey = HttpMethods.IsPost(context.Request.Method) ? context.Request.Headers["Idempotency-Key"].ToString() : "";
            limits.CheckClient(context);
            var caller = await AuthenticateAsync(context) with
            {
                RequestId = context.TraceIdentifier,
                IdempotencyKey = idempotencyKey is { Length: > 0 and <= Idempotency.MaxKeyLength } ? idempotencyKey : null,
            };
            limits.CheckKey(context, caller);
            caller.AttachTo(context);
            var parameters = await ReadParametersAsync(context);
            // The endpoint's one declared list (the OpenAPI document shows the same); nested ones are the handler's.
            if (context.GetEndpoint()?.Metadata.GetMetadata<ApiParameters>() is { } declared)
            {
                parameters.AllowOnly(declared.Names);
            }
            if (HttpMethods.IsPost(context.Request.Method) && context.Request.Headers["Idempotency-Key"].ToString() is { Length: > 0 } key)
            {
                await idempotency.RunAsync(context, caller, key, parameters, next);
            }
            else
            {
                await next(context);
            }
        }
        catch (ApiException e) when (!context.Response.HasStarted)
        {
            // A reset connection takes no response.
            if (!context.RequestAborted.IsCancellationRequested)
            {
                await e.Error.ExecuteAsync(context);
            }
        }
        catch (Exception e) when (!context.Response.HasStarted && !context.RequestAborted.IsCancellationRequested)
        {
            logger.LogError(e, "Unhandled error in {Method} {Endpoint}", context.Request.Method, context.GetEndpoint()?.DisplayName);
            await new ApiError(500, ApiError.Internal, "internal_error",
                $"Something went wrong on our side. Retry the request; if it keeps failing, contact support with Request-Id {context.TraceIdentifier}.")
                .ExecuteAsync(context);
        }
        finally
        {
            metrics.ApiRequest(context.Response.StatusCode);
        }
    }

    private async Task<ApiParams> ReadParametersAsync(HttpContext context)
    {
        try
        {
            return await ApiParams.ReadAsync(context.Request);
        }
        // A body shorter than its Content-Length, a reset, a stalled upload (Kestrel's minimum data
        // rate): the client's or the network's failure, not ours, so a warning and a 400, not an error
        // and a 500. Kestrel raises BadHttpRequestException (an IOException, as a reset's error is), or
        // cancels the read when the client has gone.
        catch (Exception e) when (e is IOException || (e is OperationCanceledException && context.RequestAborted.IsCancellationRequested))
        {
            logger.LogWarning(e, "Could not read the request body of {Method} {Endpoint}", context.Request.Method, context.GetEndpoint()?.DisplayName);
            throw new ApiException(new ApiError(400, ApiError.InvalidRequest, "body_unreadable",
                "The request body could not be read completely: it was shorter than its Content-Length, the connection broke, or it arrived too slowly. Retry the request."));
        }
    }

    private async Task<ApiCaller> AuthenticateAsync(HttpContext context)
    {
        var secret = context.Request.Headers["X-Api-Key"].ToString();
        if (secret.Length == 0 && context.Request.Headers.Authorization.ToString() is { } authorization
            && authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            secret = authorization["Bearer ".Length..].Trim();
        }
        if (secret.Length == 0)
        {
            limits.FailedAuthentication(context);
            throw new ApiException(new ApiError(401, ApiError.Authentication, "api_key_missing",
                "You did not provide an API key. Send your secret key in the X-Api-Key header (or Authorization: Bearer sk_...)."));
        }
        if (await apiKeys.AuthenticateAsync(secret, context.RequestAborted) is { } caller)
        {
            return caller;
        }
        limits.FailedAuthentication(context);
        throw new ApiException(new ApiError(401, ApiError.Authentication, "api_key_invalid", $"Invalid API key provided: {ApiKeys.Mask(secret)}."));
    }
}
