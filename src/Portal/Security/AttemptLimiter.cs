using System.Threading.RateLimiting;

namespace Vinr.Portal.Security;

/// <summary>
/// Bounds attempts per client address and per subject (a link's session, a portal session adding
/// cards), each a fixed window. Per process: with N replicas the ceiling is N times as high, which
/// still stops a brute-force or card-testing loop cold.
/// </summary>
public sealed class AttemptLimiter : IDisposable
{
    /// <summary>Keys for the two instances the host registers.</summary>
    public const string Links = "links";
    public const string Cards = "cards";

    private readonly PartitionedRateLimiter<(string Client, string Subject)> _limiter;

    public AttemptLimiter(int perClient, int perSubject, TimeSpan window)
    {
        var byClient = PartitionedRateLimiter.Create<(string Client, string Subject), string>(key =>
            RateLimitPartition.GetFixedWindowLimiter(key.Client, _ => Window(perClient, window)));
        var bySubject = PartitionedRateLimiter.Create<(string Client, string Subject), string>(key =>
            RateLimitPartition.GetFixedWindowLimiter(key.Subject, _ => Window(perSubject, window)));
        _limiter = PartitionedRateLimiter.CreateChained(byClient, bySubject);
    }

    /// <summary>Whether this attempt may go ahead; if not, how long to wait.</summary>
    public bool TryAttempt(string client, string subject, out TimeSpan retryAfter)
    {
        using var lease = _limiter.AttemptAcquire((client, subject));
        retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromMinutes(1);
        return lease.IsAcquired;
    }

    /// <summary>Seconds for a <c>Retry-After</c> header.</summary>
    public static string Seconds(TimeSpan wait) =>
        ((int)Math.Ceiling(wait.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);

    public void Dispose() => _limiter.Dispose();

    private static FixedWindowRateLimiterOptions Window(int permits, TimeSpan window) => new()
    {
        PermitLimit = permits,
        Window = window,
        QueueLimit = 0,
    };
}
