using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Vinr.Portal.Tests.Support;
using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.Model;

namespace Vinr.Portal.Tests.Replicas;

/// <summary>
/// Production's topology on loopback: a throwaway PostgreSQL cluster, the <c>migrate</c> command, two
/// processes of the built app (Production environment) on two ports, and YARP in front with cookie
/// session affinity, the original Host passed on, and the replicas trusting its X-Forwarded-*.
/// </summary>
public sealed class BalancedReplicas : IAsyncLifetime
{
    private readonly PostgresCluster _cluster = new();
    private readonly List<(Process Process, StringBuilder Output)> _processes = [];
    private WebApplication? _balancer;

    public string Balancer { get; private set; } = "";
    public string A { get; private set; } = "";
    public string B { get; private set; } = "";

    /// <summary>Requests the balancer sent to each replica ("a", "b").</summary>
    public ConcurrentDictionary<string, int> Forwarded { get; } = new();

    public async ValueTask InitializeAsync()
    {
        await _cluster.InitializeAsync();
        var balancerPort = PostgresCluster.FreePort();
        Balancer = $"http://127.0.0.1:{balancerPort}";
        var environment = new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["Database__Provider"] = "Postgres",
            ["Database__ConnectionString"] = _cluster.ConnectionString("vinr"),
            ["Payments__FingerprintKey"] = Convert.ToBase64String(Guid.NewGuid().ToByteArray().Concat(Guid.NewGuid().ToByteArray()).ToArray()),
            ["Portal__PublicBaseUrl"] = Balancer,
            ["Network__KnownProxies__0"] = "127.0.0.1",
            ["Demo__Seed"] = "true",
            ["Demo__PrintLinkOnStartup"] = "false",
            ["Logging__LogLevel__Default"] = "Warning",
            // The race test presses one genuine link's Continue 50 times from one address.
            ["Portal__RedeemAttemptsPerSessionPerMinute"] = "1000",
            ["Portal__RedeemAttemptsPerClientPerMinute"] = "1000",
        };
        var migrate = Start(environment, "migrate");
        await migrate.Process.WaitForExitAsync();
        Assert.True(migrate.Process.ExitCode == 0, $"migrate failed: {migrate.Output}");
        // One at a time: the first seeds the demo merchant, the second finds it.
        A = await StartReplicaAsync(environment);
        B = await StartReplicaAsync(environment);

        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(Balancer);
        builder.Services.AddReverseProxy().LoadFromMemory(
            [
                new RouteConfig
                {
                    RouteId = "portal",
                    ClusterId = "replicas",
                    Match = new RouteMatch { Path = "{**all}" },
                    // The replicas check Origin against Host: they must see the public host, not their own.
                    Transforms = [new Dictionary<string, string> { ["RequestHeaderOriginalHost"] = "true" }],
                },
            ],
            [
                new ClusterConfig
                {
                    ClusterId = "replicas",
                    LoadBalancingPolicy = "RoundRobin",
                    // A Blazor circuit lives in one process: its tab must keep reaching it.
                    SessionAffinity = new SessionAffinityConfig { Enabled = true, Policy = "Cookie", AffinityKeyName = ".vinr.replica" },
                    Destinations = new Dictionary<string, DestinationConfig>
                    {
                        ["a"] = new() { Address = A },
                        ["b"] = new() { Address = B },
                    },
                },
            ]);
        _balancer = builder.Build();
        _balancer.MapReverseProxy(proxy =>
        {
            proxy.UseSessionAffinity();
            proxy.UseLoadBalancing();
            proxy.Use(async (context, next) =>
            {
                await next();
                if (context.Features.Get<IReverseProxyFeature>()?.ProxiedDestination is { } destination)
                {
                    Forwarded.AddOrUpdate(destination.DestinationId, 1, (_, n) => n + 1);
                }
            });
        });
        await _balancer.StartAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (_balancer is not null)
        {
            await _balancer.DisposeAsync();
        }
        foreach (var (process, _) in _processes)
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
            }
            process.Dispose();
        }
        await _cluster.DisposeAsync();
    }

    public static HttpClient Browser(string baseAddress) =>
        new(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true }) { BaseAddress = new Uri(baseAddress) };

    public static HttpClient Api(string baseAddress)
    {
        var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = new Uri(baseAddress) };
        client.DefaultRequestHeaders.Add("X-Api-Key", PortalFactory.DemoKey);
        return client;
    }

    private async Task<string> StartReplicaAsync(Dictionary<string, string> environment)
    {
        var url = $"http://127.0.0.1:{PostgresCluster.FreePort()}";
        var replica = Start(new(environment) { ["ASPNETCORE_URLS"] = url });
        using var probe = new HttpClient { BaseAddress = new Uri(url) };
        for (var attempt = 0; ; attempt++)
        {
            Assert.False(replica.Process.HasExited, $"the replica on {url} exited: {replica.Output}");
            try
            {
                if ((await probe.GetAsync("/readyz")).IsSuccessStatusCode)
                {
                    return url;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            Assert.True(attempt < 600, $"the replica on {url} was not ready after a minute: {replica.Output}");
            await Task.Delay(100);
        }
    }

    private (Process Process, StringBuilder Output) Start(Dictionary<string, string> environment, string arguments = "")
    {
        var info = new ProcessStartInfo("dotnet", $"Vinr.Portal.dll {arguments}")
        {
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var (key, value) in environment)
        {
            info.Environment[key] = value;
        }
        var output = new StringBuilder();
        var process = new Process { StartInfo = info };
        process.OutputDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        process.ErrorDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _processes.Add((process, output));
        return (process, output);
    }
}
