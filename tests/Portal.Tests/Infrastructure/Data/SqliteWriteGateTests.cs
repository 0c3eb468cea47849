using Microsoft.EntityFrameworkCore;
using Vinr.Portal.Api.Features.Merchants;
using Vinr.Portal.Api.Infrastructure.Data;

namespace Vinr.Portal.Tests.Infrastructure.Data;

/// <summary>One SQLite transaction at a time, queued in the process, and the gate always given back.</summary>
public sealed class SqliteWriteGateTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 12, 3, 12, 0, 0, TimeSpan.Zero);

    private readonly string _path = Path.Combine(Path.GetTempPath(), $"vinr-gate-{Guid.NewGuid():N}.db");
    private readonly SqliteWriteGate _gate = new();
    private readonly DbContextOptions<SqliteBillingDbContext> _options;

    public SqliteWriteGateTests()
    {
        _options = new DbContextOptionsBuilder<SqliteBillingDbContext>().UseSqlite($"Data Source={_path}")
            .AddInterceptors(new SqlitePragmas(), _gate).Options;
        using var db = new SqliteBillingDbContext(_options);
        db.Database.Migrate();
    }

    [Fact]
    public async Task A_transaction_holds_the_gate_until_it_commits_rolls_back_or_is_dropped()
    {
        await using var db = new SqliteBillingDbContext(_options);

        var committed = await db.Database.BeginTransactionAsync(TestContext.Current.CancellationToken);
        var heldWhileOpen = !_gate.IsFree;
        await committed.CommitAsync(TestContext.Current.CancellationToken);
        var freeAfterCommit = _gate.IsFree;
        await using (var rolledBack = await db.Database.BeginTransactionAsync(TestContext.Current.CancellationToken))
        {
            await rolledBack.RollbackAsync(TestContext.Current.CancellationToken);
        }
        var freeAfterRollback = _gate.IsFree;
        await using (var other = new SqliteBillingDbContext(_options))
        {
            // Disposed without commit or rollback ("return null; disposing rolls back"): the gate goes back with the connection.
            await using var dropped = await other.Database.BeginTransactionAsync(TestContext.Current.CancellationToken);
        }

        Assert.True(heldWhileOpen);
        Assert.True(freeAfterCommit);
        Assert.True(freeAfterRollback);
        Assert.True(_gate.IsFree);
    }

    [Fact]
    public async Task Forty_concurrent_writers_all_commit_and_the_gate_ends_free()
    {
        var writes = Enumerable.Range(0, 40).Select(async i =>
        {
            await using var db = new SqliteBillingDbContext(_options);
            await using var transaction = await db.Database.BeginTransactionAsync();
            db.Merchants.Add(new Merchant { Id = $"acct_gate_{i}", Name = $"Gate {i}", Created = Now });
            await db.SaveChangesAsync();
            await transaction.CommitAsync();
        });

        await Task.WhenAll(writes);

        await using var check = new SqliteBillingDbContext(_options);
        Assert.Equal(40, await check.Merchants.CountAsync(m => m.Id.StartsWith("acct_gate_"), TestContext.Current.CancellationToken));
        Assert.True(_gate.IsFree);
    }

    public void Dispose()
    {
        _gate.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm" })
        {
            File.Delete(_path + suffix);
        }
    }
}
