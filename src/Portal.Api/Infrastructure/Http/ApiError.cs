using Microsoft.AspNetCore.Http;

namespace Vinr.Portal.Api.Infrastructure.Http;

/// <summary>
/// The one error shape of the API, with its HTTP status:
/// <c>{"error": {"type": "...", "code": "...", "param": "...", "message": "..."}}</c>.
/// </summary>
public sealed record ApiError(int Status, string Type, string Code, string Message, string? Param = null)
    : IResult
{
    public const string InvalidRequest = "invalid_request_error";
    public const string Authentication = "authentication_error";
    public const string RateLimit = "rate_limit_error";
    public const string Idempotency = "idempotency_error";
    public const string Internal = "api_error";

    /// <summary>Seconds a client should wait, sent as <c>Retry-After</c> (429 and 503).</summary>
    public int? RetryAfterSeconds { get; init; }

    /// <summary>The methods the URL accepts, sent as <c>Allow</c> (405).</summary>
    public string? Allow { get; init; }

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        httpContext.Response.StatusCode = Status;
        if (RetryAfterSeconds is { } seconds)
        {
            httpContext.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        if (Allow is not null)
        {
            httpContext.Response.Headers.Allow = Allow;
        }
        await httpContext.Response.WriteAsJsonAsync(new ErrorEnvelope(new ErrorBody(Type, Code, Message, Param)), ApiJson.Options);
    }

    public static ApiError Missing(string param) =>
        new(400, InvalidRequest, "parameter_missing", $"Missing required param: {param}.", param);

    public static ApiError Unknown(string param) =>
        new(400, InvalidRequest, "parameter_unknown", $"Received unknown parameter: {param}.", param);

    public static ApiError Invalid(string param, string message) =>
        new(400, InvalidRequest, "parameter_invalid", message, param);

    public static ApiError UrlInvalid(string param, string message) =>
        new(400, InvalidRequest, "url_invalid", message, param);

    public static ApiError UnsupportedContentType(string? mediaType) =>
        new(415, InvalidRequest, "content_type_unsupported",
            $"Unsupported Content-Type '{mediaType}': send application/x-www-form-urlencoded or application/json.");

    public static ApiError Malformed(string message) =>
        new(400, InvalidRequest, "body_malformed", message);

    /// <summary>Missing, another merchant's and the other mode's objects all read the same: no oracle.</summary>
    public static ApiError NoSuch(string param, string objectName, string id) =>
        new(404, InvalidRequest, "resource_missing", $"No such {objectName}: '{id}'.", param);
}

/// <summary>The wire form of an error.</summary>
public sealed record ErrorEnvelope(ErrorBody Error);

/// <summary>The fields of an error.</summary>
public sealed record ErrorBody(string Type, string Code, string Message, string? Param);

/// <summary>Thrown where a request cannot go on (bad parameters, bad key); the API pipeline writes it.</summary>
public sealed class ApiException(ApiError error) : Exception(error.Message)
{
    public ApiError Error { get; } = error;
}
