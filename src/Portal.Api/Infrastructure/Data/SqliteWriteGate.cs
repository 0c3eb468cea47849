using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Vinr.Portal.Api.Infrastructure.Data;

/// <summary>
/// One SQLite transaction at a time, queued in this process. Every transaction here is
/// <c>BEGIN IMMEDIATE</c>, so SQLite admits one anyway; without the gate the others wait inside
/// <c>sqlite3_step</c>, each blocking a thread-pool thread in SQLite's busy handler, which sleeps in
/// steps of up to 100 ms, so under 64 concurrent creates the pool starves and the tail grows. With it
/// they wait asynchronously, in order, and start the moment the lock is free. It changes no
/// semantics: whoever holds the gate is who would hold SQLite's write lock. Released on commit,
/// rollback, failure, or (a transaction disposed without either) when the connection closes; after
/// <see cref="Patience"/> a waiter goes on without it and SQLite's own busy timeout decides.
/// </summary>
internal sealed class SqliteWriteGate : DbTransactionInterceptor, IDbConnectionInterceptor, IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(5);

    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly ConditionalWeakTable<DbConnection, object> _holders = [];

    public override InterceptionResult<DbTransaction> TransactionStarting(DbConnection connection, TransactionStartingEventData eventData,
        InterceptionResult<DbTransaction> result)
    {
        if (_gate.Wait(Patience))
        {
            _holders.AddOrUpdate(connection, this);
        }
        return result;
    }

    public override async ValueTask<InterceptionResult<DbTransaction>> TransactionStartingAsync(DbConnection connection, TransactionStartingEventData eventData,
        InterceptionResult<DbTransaction> result, CancellationToken cancellationToken = default)
    {
        if (await _gate.WaitAsync(Patience, cancellationToken))
        {
            _holders.AddOrUpdate(connection, this);
        }
        return result;
    }

    public override void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => Release(eventData);

    public override Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Release(eventData);
        return Task.CompletedTask;
    }

    public override void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData) => Release(eventData);

    public override Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Release(eventData);
        return Task.CompletedTask;
    }

    public override void TransactionFailed(DbTransaction transaction, TransactionErrorEventData eventData) => Release(eventData);

    public override Task TransactionFailedAsync(DbTransaction transaction, TransactionErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        Release(eventData);
        return Task.CompletedTask;
    }

    void IDbConnectionInterceptor.ConnectionClosed(DbConnection connection, ConnectionEndEventData eventData) => Release(connection);

    Task IDbConnectionInterceptor.ConnectionClosedAsync(DbConnection connection, ConnectionEndEventData eventData)
    {
        Release(connection);
        return Task.CompletedTask;
    }

    /// <summary>No transaction of this process holds it.</summary>
    internal bool IsFree => _gate.CurrentCount == 1;

    public void Dispose() => _gate.Dispose();

    private void Release(DbContextEventData eventData)
    {
        if (eventData.Context is { } context)
        {
            Release(context.Database.GetDbConnection());
        }
    }

    private void Release(DbConnection connection)
    {
        if (_holders.Remove(connection))
        {
            _gate.Release();
        }
    }
}
