using System.Threading.RateLimiting;

namespace Vinr.Portal.Sessions;

/// <summary>
/// Bounds redemption attempts per client address and per session (each a fixed window a minute).
/// A session succeeds at most once, so what this really bounds is failures. Per process: with N
/// replicas the ceiling is N times as high, which still stops a brute-force loop cold.
/// </summary>
public sealed class LinkAttemptLimiter : IDisposable
{
    private readonly PartitionedRateLimiter<(string Client, string Session)> _limiter;

    public LinkAttemptLimiter(int perClientPerMinute, int perSessionPerMinute)
    {
        var perClient = PartitionedRateLimiter.Create<(string Client, string Session), string>(key =>
            RateLimitPartition.GetFixedWindowLimiter(key.Client, _ => Window(perClientPerMinute)));
        var perSession = PartitionedRateLimiter.Create<(string Client, string Session), string>(key =>
            RateLimitPartition.GetFixedWindowLimiter(key.Session, _ => Window(perSessionPerMinute)));
        _limiter = PartitionedRateLimiter.CreateChained(perClient, perSession);
    }

    /// <summary>Whether this attempt may go ahead; if not, how long to wait.</summary>
    public bool TryAttempt(string client, string session, out TimeSpan retryAfter)
    {
        using var lease = _limiter.AttemptAcquire((client, session));
        retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromMinutes(1);
        return lease.IsAcquired;
    }

    public void Dispose() => _limiter.Dispose();

    private static FixedWindowRateLimiterOptions Window(int permits) => new()
    {
        PermitLimit = permits,
        Window = TimeSpan.FromMinutes(1),
        QueueLimit = 0,
    };
}
