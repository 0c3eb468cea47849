using System.Net;
using System.Net.WebSockets;
using Vinr.Portal.Tests.Support;

namespace Vinr.Portal.Tests.Security;

/// <summary>
/// Another site's page cannot open a circuit: the Blazor hub refuses a foreign Origin on negotiate
/// with a portal cookie or without, and serves the portal's own origin.
/// </summary>
public sealed class HubOriginTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    [Theory]
    [InlineData("https://evil.example", null, true, HttpStatusCode.Forbidden)]
    [InlineData("https://evil.example", null, false, HttpStatusCode.Forbidden)]
    [InlineData("null", null, true, HttpStatusCode.Forbidden)]
    [InlineData(null, "cross-site", true, HttpStatusCode.Forbidden)]
    [InlineData("http://localhost", "same-origin", true, HttpStatusCode.OK)]
    [InlineData(null, null, true, HttpStatusCode.OK)]
    public async Task Negotiate_answers_only_the_portals_own_pages(string? origin, string? fetchSite, bool withCookie, HttpStatusCode expected)
    {
        var browser = withCookie ? (await factory.OpenPortalAsync()).Browser : factory.CreateBrowser();
        using (browser)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/_blazor/negotiate?negotiateVersion=1");
            if (origin is not null)
            {
                request.Headers.Add("Origin", origin);
            }
            if (fetchSite is not null)
            {
                request.Headers.Add("Sec-Fetch-Site", fetchSite);
            }

            using var response = await browser.SendAsync(request);

            Assert.Equal(expected, response.StatusCode);
        }
    }

}

/// <summary>The upgrade itself, over a real socket.</summary>
public sealed class HubWebSocketOriginTests(KestrelPortalFactory factory) : IClassFixture<KestrelPortalFactory>
{
    [Fact]
    public async Task A_websocket_from_another_origin_is_refused_before_the_hub()
    {
        using var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;
        socket.Options.SetRequestHeader("Origin", "https://evil.example");

        await Assert.ThrowsAsync<WebSocketException>(() =>
            socket.ConnectAsync(new Uri($"ws://127.0.0.1:{factory.Port}/_blazor?id=any"), TestContext.Current.CancellationToken));

        Assert.Equal(HttpStatusCode.Forbidden, socket.HttpStatusCode);
    }
}
