using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Vinr.Portal.Api.Features.PaymentMethods;
using Vinr.Portal.Api.Features.Webhooks;
using Vinr.Portal.Api.Infrastructure.Data;
using Vinr.Portal.Tests.Features.Webhooks;
using Vinr.Portal.Tests.Support;
using static Vinr.Portal.Tests.Features.Webhooks.WebhookApi;

namespace Vinr.Portal.Tests.Infrastructure.Data;

/// <summary>
/// Retention removes what serves nobody any more, and nothing else: sessions 30 days after creation,
/// idempotency records after their 24 h replay window, finished webhook deliveries after 7 days
/// (their attempts, which merchants list, stay), each measured on the test clock.
/// </summary>
public sealed class DataRetentionTests(WebhookFactory factory) : IClassFixture<WebhookFactory>
{
    [Fact]
    public async Task Each_kind_of_row_goes_at_its_own_cutoff_and_not_before()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var merchant = await TestData.AddMerchantAsync(factory, livemode: false);
        using var api = factory.CreateApiClient(merchant.Key);
        await CreateEndpointAsync(api, receiver.Url, "billing_portal.session.created");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/billing-portal/sessions")
        {
            Content = Form(("customer", merchant.CustomerId), ("return_url", "https://example.com")),
        };
        request.Headers.Add("Idempotency-Key", $"retention-{Guid.NewGuid():N}");
        var session = (await OkAsync(await api.SendAsync(request))).Id();
        await factory.DeliverAsync();
        var retention = factory.Services.GetRequiredService<DataRetention>();
        var start = factory.Time.GetUtcNow();

        factory.Time.SetUtcNow(start.AddHours(23));
        await retention.PurgeAsync(factory.Time.GetUtcNow(), CancellationToken.None);
        var afterADay = await CountsAsync(merchant.MerchantId, session);
        factory.Time.SetUtcNow(start.AddHours(25));
        await retention.PurgeAsync(factory.Time.GetUtcNow(), CancellationToken.None);
        var afterTheReplayWindow = await CountsAsync(merchant.MerchantId, session);
        factory.Time.SetUtcNow(start.AddDays(8));
        await retention.PurgeAsync(factory.Time.GetUtcNow(), CancellationToken.None);
        var afterAWeek = await CountsAsync(merchant.MerchantId, session);
        factory.Time.SetUtcNow(start.AddDays(31));
        await retention.PurgeAsync(factory.Time.GetUtcNow(), CancellationToken.None);
        var afterAMonth = await CountsAsync(merchant.MerchantId, session);

        Assert.Equal((1, 1, 1, 1), afterADay);
        Assert.Equal((1, 0, 1, 1), afterTheReplayWindow);
        Assert.Equal((1, 0, 0, 1), afterAWeek);
        Assert.Equal((0, 0, 0, 1), afterAMonth);
    }

    [Fact]
    public async Task A_3ds_challenge_goes_a_day_after_it_expired()
    {
        var customer = new CustomerScope(PortalFactory.DemoMerchant, false, $"cus_retention_{Guid.NewGuid():N}");
        var processor = factory.Services.GetRequiredService<IPaymentProcessor>();
        var attached = await processor.AttachAsync(new CardDetails(TestPaymentProcessor.AuthenticateAlways, 12, 2034, "123", "Jane", "1"), customer, CancellationToken.None);
        var retention = factory.Services.GetRequiredService<DataRetention>();
        var expires = factory.Time.GetUtcNow() + CardAuthentication.ValidFor;
        Task<bool> KeptAsync() => factory.WithDbAsync(db => db.CardAuthentications.AnyAsync(a => a.Id == attached.AuthenticationId));

        await retention.PurgeAsync(expires.AddHours(23), CancellationToken.None);
        var afterExpiry = await KeptAsync();
        await retention.PurgeAsync(expires.AddHours(25), CancellationToken.None);

        Assert.True(afterExpiry);
        Assert.False(await KeptAsync());
    }

    /// <summary>(sessions, idempotency records, deliveries, attempts) of this merchant.</summary>
    private Task<(int, int, int, int)> CountsAsync(string merchantId, string sessionId) =>
        factory.WithDbAsync(async db => (
            await db.PortalSessions.CountAsync(s => s.Id == sessionId),
            await db.IdempotencyRecords.CountAsync(r => r.MerchantId == merchantId),
            await db.WebhookDeliveries.CountAsync(d => d.MerchantId == merchantId && d.Status == DeliveryStatus.Succeeded),
            await db.WebhookAttempts.CountAsync(a => a.MerchantId == merchantId)));
}
