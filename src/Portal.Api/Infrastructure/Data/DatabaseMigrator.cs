using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Vinr.Portal.Api.Infrastructure.Data;

/// <summary>
/// Brings the database to this build's migrations: as the <c>migrate</c> command (a release step,
/// run once before new replicas start), or before the server accepts requests when
/// <c>Database:MigrateOnStartup</c> says so (by default, in Development only). EF Core holds a
/// database lock while it migrates, so replicas that start together migrate once and the others
/// wait. A SQLite file is turned to WAL once: the mode is stored in the file.
/// </summary>
public sealed class DatabaseMigrator(IDbContextFactory<BillingDbContext> dbFactory, IOptions<DatabaseOptions> options, IHostEnvironment environment) : IHostedService
{
    /// <summary>Applies what is pending; returns the migrations applied.</summary>
    public async Task<IReadOnlyList<string>> MigrateAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (db is SqliteBillingDbContext)
        {
            await db.Database.OpenConnectionAsync(cancellationToken);
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
        }
        var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
        await db.Database.MigrateAsync(cancellationToken);
        return pending;
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (options.Value.MigrateOnStartup ?? environment.IsDevelopment())
        {
            await MigrateAsync(cancellationToken);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
