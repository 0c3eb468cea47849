using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Vinr.Portal.Tests.Support;

/// <summary>A real HTTP server on loopback that records every webhook POST and answers what the test says.</summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    public sealed record Received(string Body, string? VinrSignature, string? StripeSignature, string? UserAgent, string? ContentType);

    private readonly WebApplication _app;
    private readonly ConcurrentQueue<Received> _received = new();
    private int _calls;

    /// <summary>The status for the n-th call (0-based); 200 unless the test says otherwise.</summary>
    public Func<int, int> Answer { get; set; } = _ => 200;

    /// <summary>Held before answering, so a test can catch a delivery in flight.</summary>
    public Func<Task>? Hold { get; set; }

    public IReadOnlyCollection<Received> Requests => _received;

    public string Url { get; }

    private WebhookReceiver(WebApplication app, string url)
    {
        _app = app;
        Url = url;
    }

    public static async Task<WebhookReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        WebhookReceiver? receiver = null;
        app.MapPost("/hook", async (HttpRequest request) =>
        {
            using var reader = new StreamReader(request.Body);
            var body = await reader.ReadToEndAsync();
            receiver!._received.Enqueue(new Received(body, request.Headers["Vinr-Signature"], request.Headers["Stripe-Signature"], request.Headers.UserAgent, request.ContentType));
            var call = Interlocked.Increment(ref receiver._calls) - 1;
            if (receiver.Hold is { } hold)
            {
                await hold();
            }
            return Results.StatusCode(receiver.Answer(call));
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        receiver = new WebhookReceiver(app, address + "/hook");
        return receiver;
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
