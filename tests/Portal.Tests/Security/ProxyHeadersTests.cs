using System.Net;
using Microsoft.AspNetCore.Hosting;
using Vinr.Portal.Tests.Support;

namespace Vinr.Portal.Tests.Security;

/// <summary>
/// A client cannot choose the address its attempts count against by sending X-Forwarded-For: it is
/// believed only from a configured proxy. Three attempts per client, a fourth from "another" address.
/// </summary>
public sealed class ProxyHeadersTests
{
    [Fact]
    public async Task X_forwarded_for_from_an_unconfigured_peer_is_ignored()
    {
        using var factory = new LimitedFactory(trustLoopback: false);

        var statuses = await AttemptsFromFourAddressesAsync(factory);

        Assert.Equal([HttpStatusCode.NotFound, HttpStatusCode.NotFound, HttpStatusCode.NotFound, HttpStatusCode.TooManyRequests], statuses);
    }

    [Fact]
    public async Task X_forwarded_for_from_a_configured_proxy_names_the_client()
    {
        using var factory = new LimitedFactory(trustLoopback: true);

        var statuses = await AttemptsFromFourAddressesAsync(factory);

        Assert.All(statuses, status => Assert.Equal(HttpStatusCode.NotFound, status));
    }

    private static async Task<List<HttpStatusCode>> AttemptsFromFourAddressesAsync(PortalFactory factory)
    {
        using var client = factory.CreateApiClient(key: null);
        var statuses = new List<HttpStatusCode>();
        foreach (var address in new[] { "203.0.113.1", "203.0.113.1", "203.0.113.1", "203.0.113.2" })
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/session/bps_unknown/garbage");
            request.Headers.Add("X-Forwarded-For", address);
            using var response = await client.SendAsync(request);
            statuses.Add(response.StatusCode);
        }
        return statuses;
    }

    private sealed class LimitedFactory(bool trustLoopback) : KestrelPortalFactory
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("Portal:RedeemAttemptsPerClientPerMinute", "3");
            if (trustLoopback)
            {
                builder.UseSetting("Network:KnownProxies:0", "127.0.0.1");
            }
        }
    }
}
