using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Vinr.Portal.Api.Infrastructure.Data;

// Used only by `dotnet ef migrations add`; no database is contacted.
internal sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteBillingDbContext>
{
    public SqliteBillingDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqliteBillingDbContext>()
            .UseSqlite("Data Source=design.db", sqlite => sqlite.MigrationsHistoryTable("__migrations")).Options);
}

internal sealed class PostgresDesignTimeFactory : IDesignTimeDbContextFactory<PostgresBillingDbContext>
{
    public PostgresBillingDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresBillingDbContext>()
            .UseNpgsql("Host=localhost", npgsql => npgsql.MigrationsHistoryTable("__migrations")).Options);
}
