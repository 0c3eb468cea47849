using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Vinr.Portal.Api.Infrastructure.Data;

namespace Vinr.Portal.Tests.Infrastructure.Data;

/// <summary>
/// SQLite's per-connection settings hold on every open, whether the native connection is new or
/// pooled: they are applied once per native handle, not on every open.
/// </summary>
public sealed class SqliteConnectionTests : IDisposable
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"vinr-pragmas-{Guid.NewGuid():N}.db");

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task The_settings_hold_on_every_open_of_a_pooled_or_a_fresh_native_connection(bool pooling)
    {
        var options = new DbContextOptionsBuilder<SqliteBillingDbContext>()
            .UseSqlite($"Data Source={_path};Pooling={pooling}").AddInterceptors(new SqlitePragmas()).Options;
        var seen = new List<(long Synchronous, long BusyTimeout, long AutoCheckpoint)>();
        for (var open = 0; open < 3; open++)
        {
            await using var db = new SqliteBillingDbContext(options);
            await db.Database.OpenConnectionAsync(TestContext.Current.CancellationToken);
            var connection = db.Database.GetDbConnection();
            seen.Add((await PragmaAsync(connection, "synchronous"), await PragmaAsync(connection, "busy_timeout"), await PragmaAsync(connection, "wal_autocheckpoint")));
        }

        Assert.All(seen, s => Assert.Equal((1L, 5000L, 0L), s)); // synchronous=NORMAL
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        foreach (var file in Directory.GetFiles(Path.GetDirectoryName(_path)!, Path.GetFileName(_path) + "*"))
        {
            File.Delete(file);
        }
    }

    private static async Task<long> PragmaAsync(DbConnection connection, string name)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = $"PRAGMA {name}";
        return (long)(await command.ExecuteScalarAsync(TestContext.Current.CancellationToken))!;
    }
}
