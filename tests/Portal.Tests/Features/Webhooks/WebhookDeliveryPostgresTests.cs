using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Vinr.Portal.Api.Features.Webhooks;
using Vinr.Portal.Tests.Support;
using static Vinr.Portal.Tests.Features.Webhooks.WebhookApi;

namespace Vinr.Portal.Tests.Features.Webhooks;

/// <summary>Two replicas on one PostgreSQL database, both delivering at once: the leases let each event through once.</summary>
public sealed class WebhookDeliveryPostgresTests(PostgresCluster cluster) : IClassFixture<PostgresCluster>
{
    [Fact]
    public async Task Two_replicas_delivering_at_once_send_each_event_once_and_both_can_sign()
    {
        using var replicas = new PostgresReplicas(cluster, "vinr_webhooks");
        var (a, b) = (replicas.A, replicas.B);
        // One clock for both replicas: each replica's own deliverer also runs in the background, on its clock.
        var start = (a.Time.GetUtcNow() > b.Time.GetUtcNow() ? a.Time.GetUtcNow() : b.Time.GetUtcNow()).AddSeconds(1);
        a.Time.SetUtcNow(start);
        b.Time.SetUtcNow(start);
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Hold = () => Task.Delay(20);
        var merchant = await TestData.AddMerchantAsync(a, livemode: false);
        using var api = a.CreateApiClient(merchant.Key);
        var endpoint = await CreateEndpointAsync(api, receiver.Url);
        a.Time.Advance(TimeSpan.FromSeconds(1));
        b.Time.Advance(TimeSpan.FromSeconds(1));
        for (var i = 0; i < 10; i++)
        {
            await (i % 2 == 0 ? a : b).CreateSessionAsync(merchant.CustomerId, key: merchant.Key);
        }
        var events = (await OkAsync(await api.GetAsync("/v1/events?limit=100"))).DataIds();
        Assert.Equal(10, events.Count);
        var now = a.Time.GetUtcNow();

        await Task.WhenAll(Enumerable.Range(0, 6).Select(i => Task.Run(() =>
            (i % 2 == 0 ? a : b).Services.GetRequiredService<WebhookDeliverer>().DeliverDueAsync(now, CancellationToken.None))));

        // A background run may still hold a lease and be mid-POST: wait for every delivery to finish.
        for (var i = 0; i < 100 && await a.WithDbAsync(db => db.WebhookDeliveries.AnyAsync(d => d.EndpointId == endpoint.Id() && d.Status == DeliveryStatus.Pending)); i++)
        {
            await Task.Delay(100);
        }
        var received = receiver.Requests.Select(r => JsonDocument.Parse(r.Body).RootElement.GetProperty("id").GetString()!).ToList();
        Assert.Equal(events.Order(), received.Order());
        var secret = endpoint.GetProperty("secret").GetString()!;
        Assert.All(receiver.Requests, r => Assert.True(WebhookSignature.Verify(r.Body, r.VinrSignature, secret, TimeSpan.FromMinutes(5), now)));
        Assert.Equal(10, await a.WithDbAsync(db => db.WebhookAttempts.CountAsync(x => x.EndpointId == endpoint.Id() && x.Succeeded)));
    }
}
