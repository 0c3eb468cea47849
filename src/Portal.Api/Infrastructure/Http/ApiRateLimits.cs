using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace Vinr.Portal.Api.Infrastructure.Http;

/// <summary>The merchant API's limits (<c>Api:RateLimits</c>), each a fixed window, per process.</summary>
public sealed class ApiRateLimitOptions
{
    public const string Section = "Api:RateLimits";

    /// <summary>Requests one merchant's key (per mode) may make per window, like Stripe's 100 per second.</summary>
    [Range(1, int.MaxValue)]
    public int RequestsPerKey { get; set; } = 100;

    /// <summary>Requests one client address may make per window, whatever key it sends.</summary>
    [Range(1, int.MaxValue)]
    public int RequestsPerClient { get; set; } = 200;

    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan Window { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Missing or wrong keys one client address may send per <see cref="FailedAuthenticationWindow"/> before it is refused unheard.</summary>
    [Range(1, int.MaxValue)]
    public int FailedAuthenticationsPerClient { get; set; } = 20;

    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan FailedAuthenticationWindow { get; set; } = TimeSpan.FromMinutes(1);
}

/// <summary>
/// Bounds the merchant API per client address (every request, and wrong keys far more tightly, so
/// guessing keys is slow) and per merchant key. Answers 429 with <c>Retry-After</c>, and tells a
/// caller its key's budget on every response (<c>RateLimit-Limit</c>, <c>-Remaining</c>, <c>-Reset</c>).
/// In memory, per replica: behind a balancer spreading one key over N replicas its ceiling is N times
/// the figure (README, "Rate limits"); what it stops, a loop, stays stopped.
/// </summary>
public sealed class ApiRateLimits : IDisposable
{
    private readonly ApiRateLimitOptions _options;
    private readonly PartitionedRateLimiter<string> _perClient;
    private readonly PartitionedRateLimiter<string> _perKey;
    private readonly PartitionedRateLimiter<string> _failedAuthentications;

    public ApiRateLimits(IOptions<ApiRateLimitOptions> options)
    {
        _options = options.Value;
        _perClient = Fixed(_options.RequestsPerClient, _options.Window);
        _perKey = Fixed(_options.RequestsPerKey, _options.Window);
        _failedAuthentications = Fixed(_options.FailedAuthenticationsPerClient, _options.FailedAuthenticationWindow);
    }

    /// <summary>Before the key is read: refuses a client over its request budget, or out of wrong-key attempts.</summary>
    public void CheckClient(HttpContext context)
    {
        var client = ClientOf(context);
        if (_failedAuthentications.GetStatistics(client)?.CurrentAvailablePermits == 0)
        {
            throw TooMany(context, _options.FailedAuthenticationWindow,
                "Too many requests with a missing or invalid API key from your address. Check the key, then retry after the time in Retry-After.");
        }
        using var lease = _perClient.AttemptAcquire(client);
        if (!lease.IsAcquired)
        {
            throw TooMany(context, RetryAfter(lease, _options.Window),
                "Too many requests from your address. Retry after the time in Retry-After, and spread requests out.");
        }
    }

    /// <summary>A missing or wrong key spends the client's small budget for those.</summary>
    public void FailedAuthentication(HttpContext context)
    {
        using var _ = _failedAuthentications.AttemptAcquire(ClientOf(context));
    }

    /// <summary>After the key: spends one of its requests and says what is left, or refuses.</summary>
    public void CheckKey(HttpContext context, ApiCaller caller)
    {
        var key = $"{caller.MerchantId}:{(caller.Livemode ? "live" : "test")}";
        using var lease = _perKey.AttemptAcquire(key);
        var headers = context.Response.Headers;
        headers["RateLimit-Limit"] = _options.RequestsPerKey.ToString(CultureInfo.InvariantCulture);
        headers["RateLimit-Remaining"] = (_perKey.GetStatistics(key)?.CurrentAvailablePermits ?? 0).ToString(CultureInfo.InvariantCulture);
        headers["RateLimit-Reset"] = Seconds(_options.Window);
        if (!lease.IsAcquired)
        {
            throw TooMany(context, RetryAfter(lease, _options.Window),
                $"Too many requests with this API key: the limit is {_options.RequestsPerKey} per {Seconds(_options.Window)} s. Retry after the time in Retry-After.");
        }
    }

    public void Dispose()
    {
        _perClient.Dispose();
        _perKey.Dispose();
        _failedAuthentications.Dispose();
    }

    private static ApiException TooMany(HttpContext context, TimeSpan retryAfter, string message)
    {
        context.Response.Headers.RetryAfter = Seconds(retryAfter);
        return new ApiException(new ApiError(429, ApiError.RateLimit, "rate_limit", message));
    }

    private static TimeSpan RetryAfter(RateLimitLease lease, TimeSpan window) =>
        lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : window;

    private static string Seconds(TimeSpan wait) => Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);

    private static string ClientOf(HttpContext context) => context.Connection.RemoteIpAddress?.ToString() ?? "unknown";

    private static PartitionedRateLimiter<string> Fixed(int permits, TimeSpan window) =>
        PartitionedRateLimiter.Create<string, string>(key => RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = permits,
            Window = window,
            QueueLimit = 0,
        }));
}
