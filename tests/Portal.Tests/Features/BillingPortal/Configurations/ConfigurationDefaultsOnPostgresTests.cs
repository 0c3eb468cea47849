using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Vinr.Portal.Api.Features.BillingPortal.Configurations;
using Vinr.Portal.Api.Infrastructure;
using Vinr.Portal.Tests.Support;
using static Vinr.Portal.Tests.Features.BillingPortal.Configurations.ConfigurationApi;

namespace Vinr.Portal.Tests.Features.BillingPortal.Configurations;

/// <summary>
/// PostgreSQL runs read committed, where two "make me the default" requests can both clear the old default:
/// the switch must still end with exactly one, across replicas, with every request answered.
/// </summary>
public sealed class ConfigurationDefaultsOnPostgresTests(PostgresCluster cluster) : IClassFixture<PostgresCluster>
{
    [Fact]
    public async Task Twenty_concurrent_switches_across_two_replicas_end_with_exactly_one_default()
    {
        using var replicas = new PostgresReplicas(cluster, "configurations");
        var (a, b) = (replicas.A, replicas.B);
        using var api = a.CreateApiClient();
        var candidates = new List<string>();
        for (var i = 0; i < 20; i++)
        {
            candidates.Add((await CreateAsync(api, Form(("name", $"Candidate {i}")))).Id());
        }

        var responses = await Task.WhenAll(candidates.Select(async (id, i) =>
        {
            using var client = (i % 2 == 0 ? a : b).CreateApiClient();
            return await client.PostAsync($"{Endpoint}/{id}", Form(("is_default", "true")));
        }));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        var defaults = await a.WithDbAsync(db => db.PortalConfigurations
            .Where(c => c.MerchantId == PortalFactory.DemoMerchant && !c.Livemode && c.IsDefault).Select(c => c.Id).ToListAsync());
        Assert.Single(defaults);
        Assert.Contains(defaults[0], candidates);
    }

    [Fact]
    public async Task The_filtered_unique_index_refuses_a_second_default_on_postgres_too()
    {
        using var replica = PostgresReplicas.Single(cluster, "configurations_index");

        var error = await Assert.ThrowsAsync<DbUpdateException>(() => replica.WithDbAsync(db =>
        {
            db.PortalConfigurations.Add(new PortalConfiguration
            {
                Id = Ids.New("bpc"), MerchantId = PortalFactory.DemoMerchant, IsDefault = true, Created = replica.Time.GetUtcNow(),
            });
            return db.SaveChangesAsync();
        }));
        var definition = await replica.WithDbAsync(db => db.Database
            .SqlQuery<string>($"SELECT indexdef AS \"Value\" FROM pg_indexes WHERE indexname = 'IX_PortalConfigurations_OneDefault'").SingleAsync());

        Assert.Contains("23505", error.InnerException!.Message, StringComparison.Ordinal);
        Assert.Equal("CREATE UNIQUE INDEX \"IX_PortalConfigurations_OneDefault\" ON public.\"PortalConfigurations\" USING btree (\"MerchantId\", \"Livemode\") WHERE (\"IsDefault\" = true)", definition);
    }
}
