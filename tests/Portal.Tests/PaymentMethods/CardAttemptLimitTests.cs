using System.Net;
using Microsoft.AspNetCore.Hosting;
using Vinr.Portal.Tests.Support;

namespace Vinr.Portal.Tests.PaymentMethods;

public sealed class CardAttemptLimitTests(StrictCardLimitsFactory factory) : IClassFixture<StrictCardLimitsFactory>
{
    [Fact]
    public async Task Card_testing_is_stopped_after_ten_attempts_an_hour()
    {
        var (_, browser) = await factory.OpenPortalAsync();

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 11; i++)
        {
            statuses.Add((await Cards.AddAsync(browser, Cards.Card("4000000000000002"))).StatusCode);
        }

        Assert.All(statuses.Take(10), s => Assert.Equal(HttpStatusCode.PaymentRequired, s));
        Assert.Equal(HttpStatusCode.TooManyRequests, statuses[10]);
    }
}

public sealed class StrictCardLimitsFactory : PortalFactory
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Payments:CardAttemptsPerSessionPerHour", "10");
    }
}
