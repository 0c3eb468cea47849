using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Vinr.Portal.Api.Infrastructure;
using Vinr.Portal.Sessions;

namespace Vinr.Portal;

/// <summary>
/// Traces and metrics for an OpenTelemetry collector: ASP.NET Core and outgoing HTTP (webhooks)
/// spans, request and runtime metrics, and the portal's own (<see cref="PortalMetrics"/>). Exported
/// by OTLP to <c>OpenTelemetry:OtlpEndpoint</c> when set; without it nothing is collected. A link's
/// path holds its bearer token, so spans carry the redacted path, as the request log does.
/// </summary>
internal static class Telemetry
{
    public static IServiceCollection AddPortalTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        var endpoint = configuration["OpenTelemetry:OtlpEndpoint"];
        if (string.IsNullOrEmpty(endpoint))
        {
            return services;
        }
        var collector = Uri.TryCreate(endpoint, UriKind.Absolute, out var uri)
            ? uri
            : throw new InvalidOperationException($"OpenTelemetry:OtlpEndpoint: '{endpoint}' is not an absolute URL such as http://collector:4317.");
        services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("vinr-portal"))
            .WithTracing(tracing => tracing
                .AddAspNetCoreInstrumentation(o => o.EnrichWithHttpRequest = (activity, request) =>
                    activity.SetTag("url.path", LinkTokenRedactor.Redact(request.Path.Value ?? "")))
                .AddHttpClientInstrumentation()
                .AddOtlpExporter(o => o.Endpoint = collector))
            .WithMetrics(metrics => metrics
                .AddMeter(PortalMetrics.MeterName)
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation()
                .AddOtlpExporter(o => o.Endpoint = collector));
        return services;
    }
}
