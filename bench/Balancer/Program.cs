// YARP in front of the replicas, configured as README "Running in production" says and as
// tests/Portal.Tests/Support/BalancedReplicas.cs runs it: round robin, cookie affinity (a circuit lives in
// one process), WebSockets passed through (YARP's default), the original Host passed on (the replicas
// compare Origin with it), X-Forwarded-* set (YARP's default), health checks on /readyz.
// Usage: dotnet Balancer.dll <listen url> <replica url>...
using Yarp.ReverseProxy.Configuration;

var builder = WebApplication.CreateSlimBuilder();
builder.WebHost.UseUrls(args[0]);
builder.Logging.SetMinimumLevel(LogLevel.Warning); // a line per proxied request would cost the benchmark
builder.Services.AddReverseProxy().LoadFromMemory(
    [
        new RouteConfig
        {
            RouteId = "portal",
            ClusterId = "replicas",
            Match = new RouteMatch { Path = "{**all}" },
            Transforms = [new Dictionary<string, string> { ["RequestHeaderOriginalHost"] = "true" }],
        },
    ],
    [
        new ClusterConfig
        {
            ClusterId = "replicas",
            LoadBalancingPolicy = "RoundRobin",
            SessionAffinity = new SessionAffinityConfig { Enabled = true, Policy = "Cookie", AffinityKeyName = ".vinr.replica" },
            HealthCheck = new HealthCheckConfig
            {
                Active = new ActiveHealthCheckConfig
                {
                    Enabled = true, Interval = TimeSpan.FromSeconds(5), Timeout = TimeSpan.FromSeconds(2), Policy = "ConsecutiveFailures", Path = "/readyz",
                },
                Passive = new PassiveHealthCheckConfig { Enabled = true, Policy = "TransportFailureRate", ReactivationPeriod = TimeSpan.FromSeconds(5) },
            },
            Destinations = args[1..].Select((url, i) => (url, i)).ToDictionary(d => $"replica{d.i}", d => new DestinationConfig { Address = d.url }),
        },
    ]);
var app = builder.Build();
app.MapReverseProxy();
app.Run();
