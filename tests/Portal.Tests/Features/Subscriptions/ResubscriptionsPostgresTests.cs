using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Vinr.Portal.Api.Features.Subscriptions;
using Vinr.Portal.Tests.Support;

namespace Vinr.Portal.Tests.Features.Subscriptions;

/// <summary>Resubscribing on PostgreSQL, from two replicas at once: the customer row's lock is what lets only one start.</summary>
public sealed class ResubscriptionsPostgresTests(PostgresCluster cluster) : IClassFixture<PostgresCluster>
{
    [Fact]
    public async Task Of_six_concurrent_confirmations_across_two_replicas_one_starts_a_subscription()
    {
        using var replicas = new PostgresReplicas(cluster, "vinr_resubscribe");
        var (a, b) = (replicas.A, replicas.B);
        var s = await TestData.SubscriberAsync(a, status: SubscriptionStatus.Canceled, features: f => f.Resubscribe = true);
        var business = await a.WithDbAsync(db => db.Prices.Where(p => p.Nickname == "Business monthly").Select(p => p.Id).SingleAsync());
        var now = a.Time.GetUtcNow();

        // Six previews a second apart, so that each is its own charge and goes as far as the commit.
        var outcomes = await Task.WhenAll(Enumerable.Range(0, 6).Select(i => Task.Run(() =>
            (i % 2 == 0 ? a : b).Services.GetRequiredService<Resubscriptions>().ConfirmAsync(s.Access, business, 2, now.AddSeconds(-i), CancellationToken.None))));

        Assert.Single(outcomes, o => o.Succeeded);
        Assert.All(outcomes.Where(o => !o.Succeeded), o => Assert.Equal(ResubscribePolicy.AlreadySubscribed, o.Problem));
        Assert.Equal(1, await a.WithDbAsync(db => db.Subscriptions.CountAsync(x => x.CustomerId == s.Access.CustomerId && x.Status == SubscriptionStatus.Active)));
        Assert.Equal(1, await a.WithDbAsync(db => db.Invoices.CountAsync(x => x.CustomerId == s.Access.CustomerId)));
        Assert.Equal(3, await a.WithDbAsync(db => db.Events.CountAsync(e => e.PortalSessionId == s.Access.SessionId)));
    }
}
