using System.Text.Json.Serialization;
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

    /// <summary>A card was declined (402), as Stripe types it.</summary>
    public const string Card = "card_error";

    /// <summary>Seconds a client should wait, sent as <c>Retry-After</c> (429 and 503).</summary>
    public int? RetryAfterSeconds { get; init; }

    /// <summary>Every invalid field of a form, by field, for a form to place each message (the card form).</summary>
    public IReadOnlyDictionary<string, string>? Fields { get; init; }

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
        await httpContext.Response.WriteAsJsonAsync(new ErrorEnvelope(new ErrorBody(Type, Code, Message, Param, Fields)), ApiJson.Options);
    }

    /// <summary>
    /// A domain <see cref="Problem"/> in the error shape. Endpoints name missing objects themselves
    /// (<see cref="NoSuch"/>) and may give a more precise code.
    /// </summary>
    public static ApiError From(Problem problem) => problem.Kind switch
    {
        ProblemKind.NotFound => new(404, InvalidRequest, "resource_missing", problem.Message, problem.Field),
        ProblemKind.Invalid => Invalid(problem.Field ?? "", problem.Message),
        ProblemKind.PaymentFailed => new(402, Card, problem.Code ?? "card_declined", problem.Message, problem.Field),
        ProblemKind.AuthenticationRequired => new(402, Card, "authentication_required", problem.Message, problem.Field),
        _ => new(400, InvalidRequest, "action_not_allowed", problem.Message, problem.Field),
    };

    /// <summary>The first problem in the shape, and every field's message in <see cref="Fields"/>, for a form.</summary>
    public static ApiError From(IReadOnlyList<Problem> problems) =>
        From(problems[0]) with { Fields = problems.Where(p => p.Field is not null).DistinctBy(p => p.Field).ToDictionary(p => p.Field!, p => p.Message) };

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

/// <summary>The fields of an error; <c>fields</c> only when a form had several invalid fields.</summary>
public sealed record ErrorBody(
    string Type, string Code, string Message, string? Param,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyDictionary<string, string>? Fields);

/// <summary>Thrown where a request cannot go on (bad parameters, bad key); the API pipeline writes it.</summary>
public sealed class ApiException(ApiError error) : Exception(error.Message)
{
    public ApiError Error { get; } = error;
}
