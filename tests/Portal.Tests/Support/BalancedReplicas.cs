using System.Collections.Concurrent;
using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Vinr.Portal.Api.Infrastructure.Data;
using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.Model;

namespace Vinr.Portal.Tests.Support;

/// <summary>
/// Production's topology on loopback: a throwaway PostgreSQL cluster, the <c>migrate</c> command, two
/// processes of the built app (Production environment) on two ports ("a" and "b"), and YARP in front
/// with cookie session affinity, health checks, the original Host passed on, and the replicas trusting
/// its X-Forwarded-*. Shared by the API tests and the browser journeys (linked into Portal.E2E).
/// </summary>
public sealed class BalancedReplicas : IAsyncLifetime
{
    private readonly PostgresCluster _cluster = new();
    private readonly Dictionary<string, Replica> _replicas = [];
    private readonly List<Process> _processes = [];
    private Dictionary<string, string> _environment = [];
    private WebApplication? _balancer;

    private sealed record Replica(string Url, Process Process, StringBuilder Output);

    public string Balancer { get; private set; } = "";

    public string A => _replicas["a"].Url;

    public string B => _replicas["b"].Url;

    /// <summary>The demo merchant's test key, made up for this run (the replicas seed it).</summary>
    public string ApiKey { get; } = $"sk_test_{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16))}";

    /// <summary>Requests the balancer sent to each replica ("a", "b").</summary>
    public ConcurrentDictionary<string, int> Forwarded { get; } = new();

    public async ValueTask InitializeAsync()
    {
        await _cluster.InitializeAsync();
        Balancer = $"http://127.0.0.1:{PostgresCluster.FreePort()}";
        _environment = new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["Database__Provider"] = "Postgres",
            ["Database__ConnectionString"] = _cluster.ConnectionString("vinr"),
            ["Payments__FingerprintKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            ["Portal__PublicBaseUrl"] = Balancer,
            ["Network__KnownProxies__0"] = "127.0.0.1",
            ["Demo__Seed"] = "true",
            ["Demo__ApiKey"] = ApiKey,
            ["Demo__PrintLinkOnStartup"] = "false",
            ["Logging__LogLevel__Default"] = "Warning",
            // The race test presses one genuine link's Continue 50 times from one address.
            ["Portal__RedeemAttemptsPerSessionPerMinute"] = "1000",
            ["Portal__RedeemAttemptsPerClientPerMinute"] = "1000",
            // Both clocks look every second, so a test sees them race without waiting a minute.
            ["Billing__ClockSeconds"] = "1",
            ["Webhooks__PollSeconds"] = "1",
        };
        var migrate = Start(_environment, "migrate");
        await migrate.Process.WaitForExitAsync();
        Assert.True(migrate.Process.ExitCode == 0, $"migrate failed: {migrate.Output}");
        // One at a time: the first seeds the demo merchant, the second finds it.
        await StartReplicaAsync("a", $"http://127.0.0.1:{PostgresCluster.FreePort()}");
        await StartReplicaAsync("b", $"http://127.0.0.1:{PostgresCluster.FreePort()}");

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
                    // A Blazor circuit lives in one process: its tab must keep reaching it. When that process is
                    // gone, the tab is sent to another (the default "Redistribute"), which knows the portal
                    // session (it is in the database) but not the circuit: the page reloads there.
                    SessionAffinity = new SessionAffinityConfig { Enabled = true, Policy = "Cookie", AffinityKeyName = ".vinr.replica" },
                    HealthCheck = new HealthCheckConfig
                    {
                        Active = new ActiveHealthCheckConfig
                        {
                            Enabled = true, Interval = TimeSpan.FromSeconds(1), Timeout = TimeSpan.FromSeconds(1), Policy = "ConsecutiveFailures", Path = "/readyz",
                        },
                        Passive = new PassiveHealthCheckConfig { Enabled = true, Policy = "TransportFailureRate", ReactivationPeriod = TimeSpan.FromSeconds(5) },
                    },
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
            proxy.UsePassiveHealthChecks();
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
        foreach (var process in _processes)
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

    /// <summary>What a crash does: the replica's process is gone at once, mid-request, its connections dropped.</summary>
    public async Task KillAsync(string replica)
    {
        var process = _replicas[replica].Process;
        process.Kill(entireProcessTree: true);
        await process.WaitForExitAsync();
    }

    /// <summary>Starts a killed replica again on its address; the balancer's health check brings it back in.</summary>
    public Task RestartAsync(string replica) => StartReplicaAsync(replica, _replicas[replica].Url);

    /// <summary>What a replica wrote to its console (Warning and above unless a test raised the level).</summary>
    public string OutputOf(string replica)
    {
        var output = _replicas[replica].Output;
        lock (output)
        {
            return output.ToString();
        }
    }

    /// <summary>The shared database, as a test sets it up and checks it: every merchant's rows, outside the app's ownership guard.</summary>
    public PostgresBillingDbContext OpenDatabase() =>
        new(new DbContextOptionsBuilder<PostgresBillingDbContext>().UseNpgsql(_cluster.ConnectionString("vinr")).Options);

    /// <summary>A connection of the test's own to the shared database (to hold a lock, to watch the replicas' sessions).</summary>
    public string ConnectionString => _cluster.ConnectionString("vinr");

    public static HttpClient Browser(string baseAddress) =>
        new(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true }) { BaseAddress = new Uri(baseAddress) };

    public HttpClient Api(string baseAddress)
    {
        var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = new Uri(baseAddress) };
        client.DefaultRequestHeaders.Add("X-Api-Key", ApiKey);
        return client;
    }

    private async Task StartReplicaAsync(string name, string url)
    {
        var (process, output) = Start(new(_environment) { ["ASPNETCORE_URLS"] = url });
        _replicas[name] = new Replica(url, process, output);
        using var probe = new HttpClient { BaseAddress = new Uri(url) };
        for (var attempt = 0; ; attempt++)
        {
            Assert.False(process.HasExited, $"replica {name} on {url} exited: {OutputOf(name)}");
            try
            {
                if ((await probe.GetAsync("/readyz")).IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            Assert.True(attempt < 600, $"replica {name} on {url} was not ready after a minute: {OutputOf(name)}");
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
        _processes.Add(process);
        return (process, output);
    }
}
