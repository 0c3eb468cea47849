using System.Net;
using Microsoft.AspNetCore.Hosting;
using Vinr.Portal.Tests.Support;

namespace Vinr.Portal.Tests.Infrastructure.Data;

/// <summary>Two replicas of the app on one PostgreSQL database, as in production.</summary>
public sealed class PostgresReplicaTests(PostgresCluster cluster) : IClassFixture<PostgresCluster>
{
    [Fact]
    public async Task A_link_minted_on_one_replica_is_redeemed_once_across_both_and_the_cookie_works_on_either()
    {
        using var replicas = new PostgresReplicas(cluster, "vinr");
        var (a, b) = (replicas.A, replicas.B);

        var session = await a.CreateSessionAsync();
        var path = Links.PathOf(session);
        var browsers = Enumerable.Range(0, 50).Select(i => (i % 2 == 0 ? a : b).CreateBrowser()).ToList();
        var forms = await Task.WhenAll(browsers.Select(async browser => Links.FormToken(await (await browser.GetAsync(path)).Content.ReadAsStringAsync())));

        var responses = await Task.WhenAll(browsers.Select((browser, i) => Links.PostFormAsync(browser, path, forms[i])));

        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.SeeOther);
        var winner = Array.FindIndex(responses, r => r.StatusCode == HttpStatusCode.SeeOther);
        var cookie = Links.SetCookie(responses[winner], "vinr_portal")!.Split(';')[0];
        foreach (var replica in new[] { a, b })
        {
            using var client = replica.CreateApiClient(key: null);
            var request = new HttpRequestMessage(HttpMethod.Get, "/");
            request.Headers.Add("Cookie", cookie);
            var portal = await client.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, portal.StatusCode);
            Assert.Contains("Jane Cooper", await portal.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        browsers.ForEach(browser => browser.Dispose());
    }
}
