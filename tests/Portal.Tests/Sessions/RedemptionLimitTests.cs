using System.Net;
using Microsoft.AspNetCore.Hosting;
using Vinr.Portal.Tests.Support;

namespace Vinr.Portal.Tests.Sessions;

public sealed class RedemptionLimitTests(StrictLimitsFactory factory) : IClassFixture<StrictLimitsFactory>
{
    [Fact]
    public async Task Repeated_attempts_on_one_session_are_rate_limited_with_retry_after()
    {
        var session = await factory.CreateSessionAsync();
        var path = Links.PathOf(session);
        using var browser = factory.CreateBrowser();

        var responses = new List<HttpResponseMessage>();
        for (var i = 0; i < 11; i++)
        {
            responses.Add(await Links.PostFormAsync(browser, path, null));
        }

        Assert.All(responses.Take(10), r => Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode));
        var limited = responses[10];
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.True(limited.Headers.RetryAfter?.Delta > TimeSpan.Zero);
        Assert.Contains("Too many attempts", await limited.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_stranger_who_knows_only_the_session_id_cannot_lock_the_link_out()
    {
        var session = await factory.CreateSessionAsync();
        var id = session.GetProperty("id").GetString();
        using var stranger = factory.CreateBrowser();

        for (var i = 0; i < 15; i++)
        {
            using var refused = await Links.PostFormAsync(stranger, $"/session/{id}/garbage{i}", null);
            Assert.Equal(HttpStatusCode.NotFound, refused.StatusCode);
        }
        using var customer = factory.CreateBrowser();
        using var redeemed = await Links.ContinueAsync(customer, Links.PathOf(session));

        Assert.Equal(HttpStatusCode.SeeOther, redeemed.StatusCode);
    }
}

public sealed class StrictLimitsFactory : PortalFactory
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Portal:RedeemAttemptsPerSessionPerMinute", "10");
    }
}
