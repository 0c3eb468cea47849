using System.Threading.RateLimiting;

namespace Vinr.Portal.Security;

/// <summary>
/// Bounds attempts per client address and per subject (a link's session, a portal session adding
/// cards), each a fixed window. Per process: with N replicas the ceiling is N times as high, which
/// still stops a brute-force or card-testing loop cold. A subject's budget is only spent by attempts
/// that prove they concern it (a link token that verifies), so a stranger cannot exhaust it.
/// </summary>
public sealed class AttemptLimiter : IDisposable
{
    /// <summary>Keys for the two instances the host registers.</summary>
    public const string Links = "links";
    public const string Cards = "cards";

    private readonly PartitionedRateLimiter<string> _byClient;
    private readonly PartitionedRateLimiter<string> _bySubject;

    public AttemptLimiter(int perClient, int perSubject, TimeSpan window)
    {
        _byClient = PartitionedRateLimiter.Create<string, string>(client => RateLimitPartition.GetFixedWindowLimiter(client, _ => Window(perClient, window)));
        _bySubject = PartitionedRateLimiter.Create<string, string>(subject => RateLimitPartition.GetFixedWindowLimiter(subject, _ => Window(perSubject, window)));
    }

    /// <summary>
    /// Whether this attempt may go ahead; if not, how long to wait. It counts against the client, and
    /// against <paramref name="subject"/> when given (null: the attempt could not show which it concerns).
    /// </summary>
    public bool TryAttempt(string client, string? subject, out TimeSpan retryAfter) =>
        TryAcquire(_byClient, client, out retryAfter) && (subject is null || TryAcquire(_bySubject, subject, out retryAfter));

    private static bool TryAcquire(PartitionedRateLimiter<string> limiter, string key, out TimeSpan retryAfter)
    {
        using var lease = limiter.AttemptAcquire(key);
        retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromMinutes(1);
        return lease.IsAcquired;
    }

    /// <summary>Seconds for a <c>Retry-After</c> header.</summary>
    public static string Seconds(TimeSpan wait) =>
        ((int)Math.Ceiling(wait.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);

    public void Dispose()
    {
        _byClient.Dispose();
        _bySubject.Dispose();
    }

    private static FixedWindowRateLimiterOptions Window(int permits, TimeSpan window) => new()
    {
        PermitLimit = permits,
        Window = window,
        QueueLimit = 0,
    };
}
