using Microsoft.EntityFrameworkCore;
using Vinr.Portal.Api.Infrastructure.Data;

namespace Vinr.Portal.Tests.Infrastructure.Data;

/// <summary>
/// Each provider's migrations describe today's model: a model change without a migration for
/// either SQLite or PostgreSQL fails here, naming the provider (no database is needed to tell).
/// </summary>
public sealed class MigrationDriftTests
{
    [Fact]
    public void The_sqlite_migrations_match_the_model()
    {
        using var db = new SqliteBillingDbContext(new DbContextOptionsBuilder<SqliteBillingDbContext>().UseSqlite("Data Source=:memory:").Options);

        Assert.False(db.Database.HasPendingModelChanges(), "The model changed without a SQLite migration: dotnet ef migrations add <Name> --context SqliteBillingDbContext");
    }

    [Fact]
    public void The_postgres_migrations_match_the_model()
    {
        using var db = new PostgresBillingDbContext(new DbContextOptionsBuilder<PostgresBillingDbContext>().UseNpgsql("Host=unused").Options);

        Assert.False(db.Database.HasPendingModelChanges(), "The model changed without a PostgreSQL migration: dotnet ef migrations add <Name> --context PostgresBillingDbContext");
    }
}
