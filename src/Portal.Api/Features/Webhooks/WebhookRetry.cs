namespace Vinr.Portal.Api.Features.Webhooks;

/// <summary>
/// When a failed delivery is tried again: one minute after the first failure, doubling, capped at six
/// hours, each spread by ±10% so endpoints that failed together do not all come back together. Retries
/// stop three days after the event (<see cref="Window"/>).
/// </summary>
public static class WebhookRetry
{
    public static readonly TimeSpan First = TimeSpan.FromMinutes(1);
    public static readonly TimeSpan Cap = TimeSpan.FromHours(6);
    public static readonly TimeSpan Window = TimeSpan.FromDays(3);

    /// <param name="failures">Failed attempts so far, at least 1.</param>
    /// <param name="jitter">A number in [0, 1), random in production.</param>
    public static TimeSpan Delay(int failures, double jitter)
    {
        var doubled = First.TotalSeconds * Math.Pow(2, Math.Min(failures - 1, 30));
        var seconds = Math.Min(doubled, Cap.TotalSeconds);
        return TimeSpan.FromSeconds(seconds * (0.9 + 0.2 * jitter));
    }

    /// <summary>The next attempt, or null when it would fall after <paramref name="giveUpAt"/>: give up.</summary>
    public static DateTimeOffset? Next(DateTimeOffset now, int failures, DateTimeOffset giveUpAt, double jitter)
    {
        var next = now + Delay(failures, jitter);
        return next <= giveUpAt ? next : null;
    }
}
