using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Vinr.Portal.Api.Infrastructure.Data;

/// <summary>
/// Checkpoints the SQLite write-ahead log every second, off the request path (connections turn
/// auto-checkpointing off, see <see cref="SqlitePragmas"/>). PASSIVE never blocks writers or readers.
/// </summary>
internal sealed class SqliteCheckpointer(IDbContextFactory<BillingDbContext> dbFactory, ILogger<SqliteCheckpointer> logger)
    : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await using (var probe = await dbFactory.CreateDbContextAsync(stoppingToken))
        {
            if (probe is not SqliteBillingDbContext)
            {
                return;
            }
        }
        // Real time on purpose: this is the engine's housekeeping, not a business rule, and a fake
        // clock jumping a day would fire it 86,400 times.
        using var timer = new PeriodicTimer(Interval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await using var db = await dbFactory.CreateDbContextAsync(stoppingToken);
                await db.Database.ExecuteSqlRawAsync("PRAGMA wal_checkpoint(PASSIVE);", stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "WAL checkpoint failed; retrying in {Interval}", Interval);
            }
        }
    }
}
