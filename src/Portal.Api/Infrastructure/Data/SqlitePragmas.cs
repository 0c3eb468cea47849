using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;
using SQLitePCL;

namespace Vinr.Portal.Api.Infrastructure.Data;

/// <summary>
/// Per-connection settings. The bundled SQLite defaults to <c>synchronous=FULL</c> even in WAL mode
/// (about 7k commits/s instead of 40k); <c>NORMAL</c> is durable across process crashes in WAL.
/// <c>busy_timeout</c> lets SQLite itself wait for the write lock, backing off in milliseconds;
/// otherwise Microsoft.Data.Sqlite retries a busy statement on a coarse sleep (100+ ms tails).
/// <c>wal_autocheckpoint=0</c>: the commit that crosses 1000 pages would otherwise checkpoint inside
/// a request (about 100 ms); <see cref="SqliteCheckpointer"/> does it in the background instead.
/// The settings live as long as the native connection, which Microsoft.Data.Sqlite pools across
/// opens, so they are set once per native handle, not on every open (EF opens for every query).
/// </summary>
internal sealed class SqlitePragmas : DbConnectionInterceptor
{
    private const string Pragmas = "PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000; PRAGMA wal_autocheckpoint=0;";

    private readonly ConditionalWeakTable<sqlite3, object> _configured = [];

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        if (IsNew(connection))
        {
            using var command = connection.CreateCommand();
            command.CommandText = Pragmas;
            command.ExecuteNonQuery();
        }
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        if (IsNew(connection))
        {
            await using var command = connection.CreateCommand();
            command.CommandText = Pragmas;
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    private bool IsNew(DbConnection connection) =>
        connection is not SqliteConnection { Handle: { } handle } || _configured.TryAdd(handle, this);
}
