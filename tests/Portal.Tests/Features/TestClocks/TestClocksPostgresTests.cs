using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Vinr.Portal.Api.Features.Events;
using Vinr.Portal.Api.Features.Invoices;
using Vinr.Portal.Api.Features.Subscriptions;
using Vinr.Portal.Tests.Support;

namespace Vinr.Portal.Tests.Features.TestClocks;

/// <summary>Two replicas on one PostgreSQL database billing the same clock's customers at once: each period turns once, each retry happens once.</summary>
public sealed class TestClocksPostgresTests(PostgresCluster cluster) : IClassFixture<PostgresCluster>
{
    private static readonly DateTimeOffset Start = new(2031, 7, 1, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Two_replicas_renewing_and_retrying_at_once_turn_each_period_once_and_make_each_attempt_once()
    {
        using var replicas = new PostgresReplicas(cluster, "vinr_clock_renewals");
        var (a, b) = (replicas.A, replicas.B);
        var first = await ClockData.SubscriberAsync(a, Start, card: "testcard_declines_t");
        var merchant = new TestData.MerchantKit(first.MerchantId, first.Key, first.Access.CustomerId);
        var others = new List<ClockData.ClockSubscriber>();
        for (var i = 0; i < 5; i++)
        {
            others.Add(await ClockData.SubscriberAsync(a, Start, card: "testcard_declines_t", merchant: merchant, clockId: first.ClockId));
        }
        var clock = await a.WithDbAsync(db => db.TestClocks.AsNoTracking().FirstAsync(c => c.Id == first.ClockId));
        var end = first.PeriodEnd;

        // Three runs on each replica at the period end, all at once.
        await Task.WhenAll(Enumerable.Range(0, 6).Select(i => Task.Run(() =>
            (i % 2 == 0 ? a : b).Services.GetRequiredService<SubscriptionRenewals>().RenewDueAsync(clock, end, CancellationToken.None))));

        var invoices = await a.WithDbAsync(db => db.Invoices.AsNoTracking().Where(x => x.MerchantId == merchant.MerchantId).ToListAsync());
        Assert.Equal(6, invoices.Count);
        Assert.All(invoices, x => Assert.Equal((InvoiceStatus.Open, 1, (DateTimeOffset?)end.AddDays(1)), (x.Status, x.PaymentAttempts, x.NextPaymentAttempt)));

        await Task.WhenAll(Enumerable.Range(0, 6).Select(i => Task.Run(() =>
            (i % 2 == 0 ? a : b).Services.GetRequiredService<DunningRetries>().RetryDueAsync(clock, end.AddDays(1), CancellationToken.None))));

        invoices = await a.WithDbAsync(db => db.Invoices.AsNoTracking().Where(x => x.MerchantId == merchant.MerchantId).ToListAsync());
        Assert.All(invoices, x => Assert.Equal((2, 1, (DateTimeOffset?)end.AddDays(3)), (x.PaymentAttempts, x.DunningRetries, x.NextPaymentAttempt)));
        Assert.Equal(12, await a.WithDbAsync(db => db.Events.CountAsync(e => e.MerchantId == merchant.MerchantId && e.Type == EventTypes.InvoicePaymentFailed)));
        Assert.Equal(6, await a.WithDbAsync(db => db.Events.CountAsync(e => e.MerchantId == merchant.MerchantId && e.Type == EventTypes.InvoiceCreated)));
    }

    [Fact]
    public async Task Of_two_advances_sent_to_two_replicas_at_once_one_runs()
    {
        using var replicas = new PostgresReplicas(cluster, "vinr_clock_advances");
        var s = await ClockData.SubscriberAsync(replicas.A, Start);
        var to = s.PeriodEnd.AddMonths(1).AddDays(1).ToUnixTimeSeconds().ToString();

        var responses = await Task.WhenAll(new[] { replicas.A, replicas.B }.Select(replica => Task.Run(async () =>
        {
            using var client = replica.CreateApiClient(s.Key);
            return await client.PostFormAsync($"/v1/test_helpers/test_clocks/{s.ClockId}/advance", ("frozen_time", to));
        })));

        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.OK);
        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.BadRequest);
        Assert.Equal(2, await replicas.A.WithDbAsync(db => db.Invoices.CountAsync(i => i.SubscriptionId == s.SubscriptionId)));
    }
}
