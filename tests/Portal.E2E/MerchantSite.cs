using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Vinr.Portal.E2E;

/// <summary>
/// The merchant's own site, where "Return to Acme Cloud" lands: a real server on loopback (plain
/// http to localhost is a valid return_url in test mode), one per test run. Not a Playwright route:
/// the portal answers Return with a 303, and a route never sees the target of a redirect, so a
/// routed https://example.com/account was really looked up in DNS, failed, and was reached only when
/// Chromium reloaded its own error page a second later.
/// </summary>
public static class MerchantSite
{
    public const string Page = "<!doctype html><title>Acme Cloud account</title><h1>Acme Cloud account</h1>";

    private static readonly Lazy<Task<string>> Started = new(StartAsync);
    private static readonly ConcurrentDictionary<string, TaskCompletionSource> Held = new();

    /// <summary>The merchant's account page (or another path on its site).</summary>
    public static async Task<string> UrlAsync(string path = "/account") => await Started.Value + path;

    /// <summary>Requests for <paramref name="path"/> get no answer until the returned source is completed: a slow merchant site.</summary>
    public static TaskCompletionSource Hold(string path) =>
        Held.GetOrAdd(path, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));

    private static async Task<string> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Configuration.Sources.Clear(); // none of the portal's settings (it shares this output folder)
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        app.Run(async http =>
        {
            if (Held.TryGetValue(http.Request.Path, out var gate))
            {
                await gate.Task;
            }
            http.Response.ContentType = "text/html; charset=utf-8";
            await http.Response.WriteAsync(Page);
        });
        await app.StartAsync();
        return app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/');
    }
}
