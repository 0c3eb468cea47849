using Microsoft.AspNetCore.Http;
using Vinr.Portal.Security;
using Vinr.Portal.Sessions;

namespace Vinr.Portal.Tests.Sessions;

public sealed class LinkGuardsTests
{
    private static HttpRequest Request(string? fetchSite, string? origin)
    {
        var context = new DefaultHttpContext();
        context.Request.Scheme = "https";
        context.Request.Host = new HostString("billing.vinr.test");
        if (fetchSite is not null)
        {
            context.Request.Headers["Sec-Fetch-Site"] = fetchSite;
        }
        if (origin is not null)
        {
            context.Request.Headers.Origin = origin;
        }
        return context.Request;
    }

    [Theory]
    [InlineData("same-origin", "null", true)]
    [InlineData("same-origin", null, true)]
    [InlineData("cross-site", "null", false)]
    [InlineData("same-site", "https://billing.vinr.test", false)]
    [InlineData(null, "https://billing.vinr.test", true)]
    [InlineData(null, "https://evil.test", false)]
    [InlineData(null, "null", true)]
    [InlineData(null, null, true)]
    public void A_post_counts_as_same_origin_only_when_the_browser_says_so(string? fetchSite, string? origin, bool sameOrigin)
    {
        Assert.Equal(sameOrigin, RequestOrigin.IsSameOrigin(Request(fetchSite, origin)));
    }

    [Theory]
    [InlineData("/session/bps_1/test_tok_secret", "/session/bps_1/[redacted]")]
    [InlineData("/session/bps_1/test_tok_secret/extra", "/session/bps_1/[redacted]/extra")]
    [InlineData("/invoices/in_1", "/invoices/in_1")]
    [InlineData("/v1/billing-portal/sessions/bps_1", "/v1/billing-portal/sessions/bps_1")]
    public void Link_tokens_are_redacted_from_logged_paths(string path, string logged)
    {
        Assert.Equal(logged, LinkTokenRedactor.Redact(path));
    }

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
