namespace Vinr.Portal.Api.Features.Webhooks;

/// <param name="Id">Unique identifier, e.g. <c>we_2Fy6rNxQ...</c>.</param>
/// <param name="Object">Always <c>webhook_endpoint</c>.</param>
/// <param name="Url">Where events are POSTed.</param>
/// <param name="EnabledEvents">The event types sent, or <c>["*"]</c> for all.</param>
/// <param name="Status"><c>enabled</c> or <c>disabled</c> (by you, with <c>disabled=true</c>).</param>
/// <param name="Failing">Whether a delivery to it gave up after three days of failures since its last success.</param>
/// <param name="Secret">The signing secret, <c>whsec_...</c>: only in the response that creates the endpoint. Keep it; it is never shown again.</param>
/// <param name="Created">Unix seconds.</param>
/// <summary>A URL that receives your events, signed with its own secret (Stripe's <c>webhook_endpoint</c>).</summary>
public sealed record WebhookEndpointObject(
    string Id,
    string Object,
    string Url,
    IReadOnlyList<string> EnabledEvents,
    string? Description,
    string Status,
    bool Failing,
    long? FailingSince,
    bool Livemode,
    IReadOnlyDictionary<string, string> Metadata,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] string? Secret,
    long Created)
{
    public const string ObjectName = "webhook_endpoint";

    public static WebhookEndpointObject From(WebhookEndpoint e, string? secret = null) => new(
        e.Id, ObjectName, e.Url, [.. e.EnabledEvents], e.Description, e.Disabled ? "disabled" : "enabled",
        e.FailingSince is not null, e.FailingSince?.ToUnixTimeSeconds(), e.Livemode, e.Metadata, secret, e.Created.ToUnixTimeSeconds());
}

/// <param name="Id">Unique identifier, e.g. <c>wha_...</c>.</param>
/// <param name="Object">Always <c>webhook_attempt</c>.</param>
/// <param name="Event">The event sent.</param>
/// <param name="WebhookEndpoint">The endpoint it was sent to.</param>
/// <param name="Url">The URL it was sent to (the endpoint's at the time).</param>
/// <param name="StatusCode">The HTTP status the endpoint answered; null when none came (refused, timed out).</param>
/// <param name="Succeeded">Whether it answered 2xx.</param>
/// <param name="DurationMs">How long the POST took.</param>
/// <param name="Error">Why it failed, when it did.</param>
/// <param name="Created">Unix seconds.</param>
/// <summary>One POST of an event to one of your endpoints.</summary>
public sealed record WebhookAttemptObject(
    string Id, string Object, string Event, string WebhookEndpoint, string Url, int? StatusCode, bool Succeeded, long DurationMs, string? Error, bool Livemode, long Created)
{
    public static WebhookAttemptObject From(WebhookAttempt a) =>
        new(a.Id, "webhook_attempt", a.EventId, a.EndpointId, a.Url, a.StatusCode, a.Succeeded, a.DurationMs, a.Error, a.Livemode, a.Created.ToUnixTimeSeconds());
}
