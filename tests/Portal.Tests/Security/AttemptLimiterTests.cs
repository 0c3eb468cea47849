using Vinr.Portal.Security;

namespace Vinr.Portal.Tests.Security;

public sealed class AttemptLimiterTests
{
    [Fact]
    public void One_client_is_limited_across_sessions()
    {
        using var limiter = new AttemptLimiter(perClient: 3, perSubject: 100, TimeSpan.FromMinutes(1));

        var allowed = Enumerable.Range(0, 4).Select(i => limiter.TryAttempt("10.0.0.1", $"bps_{i}", out _)).ToList();

        Assert.Equal([true, true, true, false], allowed);
        Assert.True(limiter.TryAttempt("10.0.0.2", "bps_9", out _));
    }

    [Fact]
    public void One_session_is_limited_across_clients()
    {
        using var limiter = new AttemptLimiter(perClient: 100, perSubject: 2, TimeSpan.FromMinutes(1));

        Assert.True(limiter.TryAttempt("a", "bps_1", out _));
        Assert.True(limiter.TryAttempt("b", "bps_1", out _));
        Assert.False(limiter.TryAttempt("c", "bps_1", out var retryAfter));
        Assert.True(retryAfter > TimeSpan.Zero);
    }
}
