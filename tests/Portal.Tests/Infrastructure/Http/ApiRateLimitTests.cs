using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Vinr.Portal.Tests.Support;

namespace Vinr.Portal.Tests.Infrastructure.Http;

/// <summary>
/// The merchant API's limits, with windows of an hour so nothing refills mid-test: a key's budget
/// (told on every response), a client's wrong-key budget (spent, then refused unheard, even with the
/// right key), each 429 in the error shape with Retry-After.
/// </summary>
public sealed class ApiRateLimitTests
{
    [Fact]
    public async Task A_key_is_told_its_budget_and_refused_with_retry_after_once_it_is_spent()
    {
        using var factory = new LimitedFactory(perKey: 3);
        using var api = factory.CreateApiClient();

        var responses = new List<HttpResponseMessage>();
        for (var i = 0; i < 4; i++)
        {
            responses.Add(await api.GetAsync("/v1/customers?limit=1"));
        }

        Assert.All(responses.Take(3), r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.Equal(["2", "1", "0"], responses.Take(3).Select(r => r.Headers.GetValues("RateLimit-Remaining").Single()));
        Assert.Equal("3", responses[0].Headers.GetValues("RateLimit-Limit").Single());
        var refused = responses[3];
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.True(refused.Headers.RetryAfter?.Delta > TimeSpan.Zero);
        var error = (await JsonDocument.ParseAsync(await refused.Content.ReadAsStreamAsync())).RootElement.GetProperty("error");
        Assert.Equal("rate_limit_error", error.GetProperty("type").GetString());
        Assert.Equal("rate_limit", error.GetProperty("code").GetString());
    }

    [Fact]
    public async Task Wrong_keys_spend_a_small_budget_after_which_the_client_is_refused_unheard()
    {
        using var factory = new LimitedFactory(failedAuthentications: 5);
        using var wrong = factory.CreateApiClient(key: "sk_test_wrong_key_guess_0000000000");
        using var right = factory.CreateApiClient();

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 6; i++)
        {
            statuses.Add((await wrong.GetAsync("/v1/customers")).StatusCode);
        }
        using var afterwards = await right.GetAsync("/v1/customers");

        Assert.Equal([.. Enumerable.Repeat(HttpStatusCode.Unauthorized, 5), HttpStatusCode.TooManyRequests], statuses);
        Assert.Equal(HttpStatusCode.TooManyRequests, afterwards.StatusCode);
        Assert.True(afterwards.Headers.RetryAfter?.Delta > TimeSpan.Zero);
    }

    private sealed class LimitedFactory(int perKey = 1000, int failedAuthentications = 1000) : PortalFactory
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("Api:RateLimits:RequestsPerKey", perKey.ToString(System.Globalization.CultureInfo.InvariantCulture));
            builder.UseSetting("Api:RateLimits:FailedAuthenticationsPerClient", failedAuthentications.ToString(System.Globalization.CultureInfo.InvariantCulture));
            builder.UseSetting("Api:RateLimits:Window", "01:00:00");
            builder.UseSetting("Api:RateLimits:FailedAuthenticationWindow", "01:00:00");
        }
    }
}
