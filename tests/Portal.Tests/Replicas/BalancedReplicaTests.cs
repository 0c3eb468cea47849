using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Vinr.Portal.Tests.Support;

namespace Vinr.Portal.Tests.Replicas;

/// <summary>
/// Two real processes on one PostgreSQL database behind YARP: what one replica starts the other
/// finishes, the database decides every race, and the balancer keeps a customer on their replica.
/// </summary>
public sealed class BalancedReplicaTests(BalancedReplicas replicas) : IClassFixture<BalancedReplicas>
{
    private static readonly string[] Redeemed = ["303"];

    [Fact]
    public async Task A_link_minted_through_one_replica_redeems_through_the_other_and_the_cookie_works_on_both()
    {
        using var throughA = BalancedReplicas.Api(replicas.A);
        var session = await CreateSessionAsync(throughA);
        var path = Links.PathOf(session);
        using var browserOnB = BalancedReplicas.Browser(replicas.B);

        var form = Links.FormToken(await (await browserOnB.GetAsync(path)).Content.ReadAsStringAsync());
        using var redeemed = await Links.PostFormAsync(browserOnB, path, form, origin: replicas.B);
        var cookie = Links.SetCookie(redeemed, "vinr_portal")!.Split(';')[0];
        using var onA = BalancedReplicas.Api(replicas.A);
        using var portalOnA = new HttpRequestMessage(HttpMethod.Get, "/");
        portalOnA.Headers.Add("Cookie", cookie);

        Assert.Equal(HttpStatusCode.SeeOther, redeemed.StatusCode);
        Assert.Equal(session.GetProperty("url").GetString()!.Split("/session/")[0], replicas.Balancer);
        Assert.Equal(HttpStatusCode.OK, (await onA.SendAsync(portalOnA)).StatusCode);
    }

    [Fact]
    public async Task Through_the_balancer_fifty_concurrent_continues_reach_both_replicas_and_exactly_one_wins()
    {
        using var api = BalancedReplicas.Api(replicas.Balancer);
        var path = Links.PathOf(await CreateSessionAsync(api));
        var browsers = Enumerable.Range(0, 50).Select(_ => BalancedReplicas.Browser(replicas.Balancer)).ToList();
        var before = replicas.Forwarded.ToDictionary();

        // Each browser opens the page (round robin, then pinned by the affinity cookie) and all press Continue at once.
        var forms = await Task.WhenAll(browsers.Select(async b => Links.FormToken(await (await b.GetAsync(path)).Content.ReadAsStringAsync())));
        var results = await Task.WhenAll(browsers.Select((b, i) => Links.PostFormAsync(b, path, forms[i], origin: replicas.Balancer)));

        var statuses = results.Select(r => ((int)r.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(Redeemed, statuses.Where(s => s == "303"));
        Assert.All(statuses.Where(s => s != "303"), s => Assert.Equal("404", s));
        foreach (var replica in new[] { "a", "b" })
        {
            Assert.True(replicas.Forwarded.GetValueOrDefault(replica) - before.GetValueOrDefault(replica) >= 40,
                $"replica {replica} served {replicas.Forwarded.GetValueOrDefault(replica) - before.GetValueOrDefault(replica)} of 100 requests");
        }
        browsers.ForEach(b => b.Dispose());
    }

    [Fact]
    public async Task An_idempotent_create_retried_on_the_other_replica_replays_the_first_answer()
    {
        using var throughA = BalancedReplicas.Api(replicas.A);
        using var throughB = BalancedReplicas.Api(replicas.B);
        var key = $"retry-{Guid.NewGuid():N}";

        using var first = await throughA.SendAsync(CreateRequest(key));
        using var retried = await throughB.SendAsync(CreateRequest(key));

        var a = await first.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        var b = await retried.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, retried.StatusCode);
        Assert.Equal(a.GetProperty("id").GetString(), b.GetProperty("id").GetString());
        Assert.Equal("true", retried.Headers.GetValues("Idempotent-Replayed").Single());
    }

    [Fact]
    public async Task A_customer_stays_on_one_replica_through_the_balancer_and_sees_their_portal()
    {
        using var api = BalancedReplicas.Api(replicas.Balancer);
        var path = Links.PathOf(await CreateSessionAsync(api));
        using var browser = BalancedReplicas.Browser(replicas.Balancer);
        var form = Links.FormToken(await (await browser.GetAsync(path)).Content.ReadAsStringAsync());
        using var redeemed = await Links.PostFormAsync(browser, path, form, origin: replicas.Balancer);
        var before = replicas.Forwarded.ToDictionary();

        var pages = new List<HttpResponseMessage>();
        for (var i = 0; i < 6; i++)
        {
            pages.Add(await browser.GetAsync("/"));
        }

        Assert.Equal(HttpStatusCode.SeeOther, redeemed.StatusCode);
        Assert.All(pages, page => Assert.Equal(HttpStatusCode.OK, page.StatusCode));
        Assert.Contains("Jane Cooper", await pages[^1].Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var served = new[] { "a", "b" }.Select(r => replicas.Forwarded.GetValueOrDefault(r) - before.GetValueOrDefault(r)).ToList();
        Assert.Contains(6, served);
        Assert.Contains(0, served);
    }

    private static HttpRequestMessage CreateRequest(string idempotencyKey)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/v1/billing-portal/sessions")
        {
            Content = new FormUrlEncodedContent([new("customer", PortalFactory.DemoCustomer), new("return_url", "https://example.com/account")]),
        };
        request.Headers.Add("Idempotency-Key", idempotencyKey);
        return request;
    }

    private static async Task<JsonElement> CreateSessionAsync(HttpClient api)
    {
        using var response = await api.SendAsync(CreateRequest($"create-{Guid.NewGuid():N}"));
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(response.IsSuccessStatusCode, body.ToString());
        return body;
    }
}
