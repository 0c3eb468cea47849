using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Vinr.Portal.Api.Infrastructure.Data;
using Vinr.Portal.Tests.Support;

namespace Vinr.Portal.Tests.Security;

/// <summary>
/// <c>/readyz</c> keeps a replica out of the balancer until it can serve; <c>/healthz</c> says only
/// that the process is up, so an orchestrator does not restart a replica waiting for migrations.
/// </summary>
public sealed class ReadinessTests
{
    [Fact]
    public async Task A_migrated_replica_with_a_readable_key_ring_is_ready()
    {
        using var factory = new PortalFactory();
        using var client = factory.CreateApiClient(key: null);

        using var ready = await client.GetAsync("/readyz");

        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal("Healthy", await ready.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_replica_whose_database_lacks_this_builds_migrations_is_alive_but_not_ready()
    {
        using var factory = new UnmigratedFactory();
        using var client = factory.CreateApiClient(key: null);

        using var ready = await client.GetAsync("/readyz");
        using var alive = await client.GetAsync("/healthz");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.Equal(HttpStatusCode.OK, alive.StatusCode);
    }

    [Fact]
    public async Task Once_migrate_has_run_the_replica_is_ready()
    {
        using var factory = new UnmigratedFactory();
        using var client = factory.CreateApiClient(key: null);
        var migrator = factory.Services.GetRequiredService<DatabaseMigrator>();

        var applied = await migrator.MigrateAsync(TestContext.Current.CancellationToken);
        var again = await migrator.MigrateAsync(TestContext.Current.CancellationToken);
        using var ready = await client.GetAsync("/readyz");

        Assert.NotEmpty(applied);
        Assert.Empty(again);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
    }

    private sealed class UnmigratedFactory : PortalFactory
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("Database:MigrateOnStartup", "false");
            builder.UseSetting("Demo:Seed", "false");
        }
    }
}
