using Microsoft.AspNetCore.Hosting;

namespace Vinr.Portal.Tests.Support;

/// <summary>Two replicas of the app on one PostgreSQL database of the cluster, as in production; the first migrates and seeds.</summary>
public sealed class PostgresReplicas : IDisposable
{
    public PostgresReplicas(PostgresCluster cluster, string database)
    {
        var connectionString = cluster.ConnectionString(database);
        A = new Replica(connectionString);
        _ = A.Server;
        B = new Replica(connectionString);
        _ = B.Server;
    }

    /// <summary>One replica, migrated and seeded, for a test that needs no second.</summary>
    public static PortalFactory Single(PostgresCluster cluster, string database)
    {
        var replica = new Replica(cluster.ConnectionString(database));
        _ = replica.Server;
        return replica;
    }

    public PortalFactory A { get; }

    public PortalFactory B { get; }

    public void Dispose()
    {
        B.Dispose();
        A.Dispose();
    }

    private sealed class Replica(string connectionString) : PortalFactory
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("Database:Provider", "Postgres");
            builder.UseSetting("Database:ConnectionString", connectionString);
        }
    }
}
