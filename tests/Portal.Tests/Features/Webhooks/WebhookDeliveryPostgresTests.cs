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
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Hold = () => Task.Delay(20);
        var merchant = await TestData.AddMerchantAsync(a, livemode: false);
        using var api = a.CreateApiClient(merchant.Key);
        var endpoint = await CreateEndpointAsync(api, receiver.Url);
        a.Time.Advance(TimeSpan.FromSeconds(1));
        for (var i = 0; i < 10; i++)
        {
            await (i % 2 == 0 ? a : b).CreateSessionAsync(merchant.CustomerId, key: merchant.Key);
        }
        var events = (await OkAsync(await api.GetAsync("/v1/events?limit=100"))).DataIds();
        Assert.Equal(10, events.Count);
        var now = a.Time.GetUtcNow();

        await Task.WhenAll(Enumerable.Range(0, 6).Select(i => Task.Run(() =>
            (i % 2 == 0 ? a : b).Services.GetRequiredService<WebhookDeliverer>().DeliverDueAsync(now, CancellationToken.None))));

        var received = receiver.Requests.Select(r => JsonDocument.Parse(r.Body).RootElement.GetProperty("id").GetString()!).ToList();
        Assert.Equal(events.Order(), received.Order());
        var secret = endpoint.GetProperty("secret").GetString()!;
        Assert.All(receiver.Requests, r => Assert.True(WebhookSignature.Verify(r.Body, r.VinrSignature, secret, TimeSpan.FromMinutes(5), now)));
        Assert.Equal(10, await a.WithDbAsync(db => db.WebhookAttempts.CountAsync(x => x.EndpointId == endpoint.Id() && x.Succeeded)));
    }
}
