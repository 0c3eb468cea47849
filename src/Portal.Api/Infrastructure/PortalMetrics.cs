using System.Diagnostics.Metrics;

namespace Vinr.Portal.Api.Infrastructure;

/// <summary>
/// What an operator watches, as OpenTelemetry-ready instruments on the <c>Vinr.Portal</c> meter:
/// sessions minted, links redeemed and refused (by reason), circuits open, API requests (by status).
/// Exported by OTLP when <c>OpenTelemetry:OtlpEndpoint</c> is set; readable by any MeterListener.
/// </summary>
public sealed class PortalMetrics
{
    public const string MeterName = "Vinr.Portal";

    private readonly Counter<long> _sessionsCreated;
    private readonly Counter<long> _linksRedeemed;
    private readonly Counter<long> _linksRefused;
    private readonly UpDownCounter<long> _circuitsOpen;
    private readonly Counter<long> _apiRequests;

    public PortalMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        _sessionsCreated = meter.CreateCounter<long>("vinr.portal.sessions.created", "{session}", "Portal sessions minted through the API.");
        _linksRedeemed = meter.CreateCounter<long>("vinr.portal.links.redeemed", "{link}", "One-time links redeemed.");
        _linksRefused = meter.CreateCounter<long>("vinr.portal.links.refused", "{attempt}", "Redemption attempts refused, by reason.");
        _circuitsOpen = meter.CreateUpDownCounter<long>("vinr.portal.circuits.open", "{circuit}", "Portal circuits (open tabs) in this process.");
        _apiRequests = meter.CreateCounter<long>("vinr.api.requests", "{request}", "Merchant API requests, by status code.");
    }

    public void SessionCreated() => _sessionsCreated.Add(1);

    public void LinkRedeemed() => _linksRedeemed.Add(1);

    /// <param name="reason"><c>rate_limited</c>, <c>forgery</c> (origin or form token) or <c>unavailable</c> (used, expired, unknown).</param>
    public void LinkRefused(string reason) => _linksRefused.Add(1, new KeyValuePair<string, object?>("reason", reason));

    public void CircuitOpened() => _circuitsOpen.Add(1);

    public void CircuitClosed() => _circuitsOpen.Add(-1);

    public void ApiRequest(int statusCode) => _apiRequests.Add(1, new KeyValuePair<string, object?>("http.response.status_code", statusCode));
}
