using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Trace;
using Vinr.Portal.Api.Infrastructure;
using Vinr.Portal.Tests.Support;

namespace Vinr.Portal.Tests.Observability;

/// <summary>
/// With a collector configured, spans go out with link tokens redacted from their paths; the
/// portal's own counters move as sessions are minted, links redeemed or refused and the API answers.
/// </summary>
public sealed class TelemetryTests(TelemetryTests.TracedFactory factory) : IClassFixture<TelemetryTests.TracedFactory>
{
    [Fact]
    public async Task Spans_carry_the_links_path_without_its_token()
    {
        var session = await factory.CreateSessionAsync();
        var path = Links.PathOf(session);
        using var browser = factory.CreateBrowser();

        using var page = await browser.GetAsync(path);
        await Links.ContinueAsync(browser, path);

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var spans = factory.Spans.ToArray();
        var token = Links.TokenOf(session);
        Assert.Contains(spans, s => (s.GetTagItem("url.path") as string) == $"/session/{session.GetProperty("id").GetString()}/[redacted]");
        Assert.DoesNotContain(spans, s => s.DisplayName.Contains(token, StringComparison.Ordinal)
            || s.TagObjects.Any(t => t.Value?.ToString()?.Contains(token, StringComparison.Ordinal) == true));
    }

    [Fact]
    public async Task Sessions_links_and_api_requests_are_counted()
    {
        var measurements = new List<(string Name, long Value, string Tags)>();
        var meters = factory.Services.GetRequiredService<IMeterFactory>();
        using var listener = new MeterListener
        {
            // Only this app's meter: other tests' apps run in the same process.
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == PortalMetrics.MeterName && instrument.Meter.Scope == meters)
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            lock (measurements)
            {
                measurements.Add((instrument.Name, value, string.Join(",", tags.ToArray().Select(t => $"{t.Key}={t.Value}"))));
            }
        });
        listener.Start();

        var session = await factory.CreateSessionAsync();
        var path = Links.PathOf(session);
        using var late = factory.CreateBrowser();
        var lateForm = Links.FormToken(await (await late.GetAsync(path)).Content.ReadAsStringAsync());
        using var browser = factory.CreateBrowser();
        await Links.ContinueAsync(browser, path);
        await Links.PostFormAsync(late, path, lateForm); // the second tab's Continue: already used
        await Links.PostFormAsync(late, path, antiforgeryToken: null);
        using var api = factory.CreateApiClient(key: "sk_test_not_a_key_000000000000");
        using var _ = await api.GetAsync("/v1/customers");

        lock (measurements)
        {
            Assert.Contains(("vinr.portal.sessions.created", 1L, ""), measurements);
            Assert.Contains(("vinr.portal.links.redeemed", 1L, ""), measurements);
            Assert.Contains(measurements, m => m.Name == "vinr.portal.links.refused" && m.Tags == "reason=unavailable");
            Assert.Contains(measurements, m => m.Name == "vinr.portal.links.refused" && m.Tags == "reason=forgery");
            Assert.Contains(measurements, m => m.Name == "vinr.api.requests" && m.Tags == "http.response.status_code=200");
            Assert.Contains(measurements, m => m.Name == "vinr.api.requests" && m.Tags == "http.response.status_code=401");
        }
    }

    public sealed class TracedFactory : PortalFactory
    {
        public List<Activity> Spans { get; } = [];

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            // A collector nobody listens on: the OTLP exporter retries quietly; the spans are read in memory.
            builder.UseSetting("OpenTelemetry:OtlpEndpoint", "http://127.0.0.1:9");
            builder.ConfigureServices(services => services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddInMemoryExporter(Spans)));
        }
    }
}
