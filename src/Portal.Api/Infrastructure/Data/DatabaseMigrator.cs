using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Vinr.Portal.Api.Infrastructure.Data;

/// <summary>
/// Applies migrations before the server accepts requests (hosted services start before Kestrel),
/// and turns a SQLite file to WAL once: the mode is stored in the file.
/// </summary>
internal sealed class DatabaseMigrator(IDbContextFactory<BillingDbContext> dbFactory, IOptions<DatabaseOptions> options) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!options.Value.MigrateOnStartup)
        {
            return;
        }
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (db is SqliteBillingDbContext)
        {
            await db.Database.OpenConnectionAsync(cancellationToken);
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
        }
        await db.Database.MigrateAsync(cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
