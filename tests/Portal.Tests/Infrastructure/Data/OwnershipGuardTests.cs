using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Vinr.Portal.Api.Features.BillingPortal.Sessions;
using Vinr.Portal.Api.Features.Customers;
using Vinr.Portal.Api.Features.Demo;
using Vinr.Portal.Api.Features.Invoices;
using Vinr.Portal.Api.Features.Products;
using Vinr.Portal.Api.Infrastructure.Data;
using Vinr.Portal.Api.Infrastructure.Http;

namespace Vinr.Portal.Tests.Infrastructure.Data;

/// <summary>
/// One tenant scope: every table that belongs to a merchant is marked, and a query that reaches one
/// without <see cref="Ownership.OwnedBy{T}"/> never runs. The app's every query runs under this guard
/// in all other tests too.
/// </summary>
public sealed class OwnershipGuardTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);
    private static readonly ApiCaller Demo = new(DemoSeeder.MerchantId, Livemode: false);

    private readonly SqliteConnection _connection = new("Data Source=:memory:");
    private readonly DbContextOptions<SqliteBillingDbContext> _guarded;

    public OwnershipGuardTests()
    {
        _connection.Open();
        _guarded = new DbContextOptionsBuilder<SqliteBillingDbContext>().UseSqlite(_connection).AddInterceptors(OwnershipGuard.Instance).Options;
        using var db = new SqliteBillingDbContext(new DbContextOptionsBuilder<SqliteBillingDbContext>().UseSqlite(_connection).Options);
        db.Database.Migrate();
        DemoSeeder.Seed(db, "sk_test_AcmeDemo4eC39HqLyjWDarjtT1zdp7dc", Now);
        db.Customers.Add(new Customer { Id = "cust_neighbour", MerchantId = DemoSeeder.MerchantId, Name = "Neighbour", Created = Now });
        db.SaveChanges();
    }

    private SqliteBillingDbContext Guarded() => new(_guarded);

    [Fact]
    public void Every_table_with_a_merchant_is_owned_and_every_table_with_a_customer_is_the_customers()
    {
        using var db = Guarded();

        var entities = db.Model.GetEntityTypes().Where(e => !e.IsOwned()).Select(e => e.ClrType).ToList();

        var unmarked = entities.Where(t => t.GetProperty(nameof(IOwned.MerchantId)) is not null && !typeof(IOwned).IsAssignableFrom(t)).ToList();
        var customerRowsUnmarked = entities.Where(t => t.GetProperty(nameof(ICustomerScope.CustomerId)) is not null && !typeof(ICustomerOwned).IsAssignableFrom(t)).ToList();
        Assert.True(unmarked.Count == 0, $"Mark these IOwned so OwnershipGuard covers them: {string.Join(", ", unmarked.Select(t => t.Name))}");
        Assert.True(customerRowsUnmarked.Count == 0, $"Mark these ICustomerOwned so a portal session sees only its customer's: {string.Join(", ", customerRowsUnmarked.Select(t => t.Name))}");
        Assert.Contains(typeof(Invoice), entities.Where(typeof(ICustomerOwned).IsAssignableFrom));
    }

    [Fact]
    public void A_query_on_an_owned_table_without_the_scope_never_runs()
    {
        using var db = Guarded();

        var unscoped = Assert.Throws<InvalidOperationException>(() => db.Invoices.Where(i => i.Number == "ACME-0001").ToList());
        var halfJoined = Assert.Throws<InvalidOperationException>(() =>
            (from c in db.Customers.OwnedBy(Demo) join i in db.Invoices on c.Id equals i.CustomerId select i.Id).ToList());
        var inASubquery = Assert.Throws<InvalidOperationException>(() =>
            db.Customers.OwnedBy(Demo).Where(c => db.Subscriptions.Any(s => s.CustomerId == c.Id)).ToList());
        var bulkUpdate = Assert.Throws<InvalidOperationException>(() =>
            db.Prices.Where(p => p.Active).ExecuteUpdate(p => p.SetProperty(x => x.Active, false)));

        Assert.Contains("Invoice", unscoped.Message, StringComparison.Ordinal);
        Assert.Contains("Invoice", halfJoined.Message, StringComparison.Ordinal);
        Assert.Contains("Subscription", inASubquery.Message, StringComparison.Ordinal);
        Assert.Contains("Price", bulkUpdate.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Scoped_and_explicitly_cross_merchant_queries_run()
    {
        using var db = Guarded();

        Assert.Equal(12, db.Invoices.OwnedBy(Demo).Count());
        Assert.Equal(12, (from c in db.Customers.OwnedBy(Demo) join i in db.Invoices.OwnedBy(Demo) on c.Id equals i.CustomerId select i.Id).Count());
        Assert.Equal(6, db.Prices.AsNoTracking().OwnedBy(Demo).Where(p => p.Active).OrderBy(p => p.UnitAmount).Count());
        Assert.NotEmpty(db.Subscriptions.AcrossMerchants("a test of the escape hatch").ToList());
        Assert.Empty(db.Merchants.Where(m => m.Id == "acct_nobody").ToList()); // merchants are the tenants, not owned
    }

    [Fact]
    public void A_merchants_scope_sees_neither_another_merchant_nor_the_other_mode()
    {
        using var db = Guarded();

        Assert.Empty(db.Customers.OwnedBy(new ApiCaller("acct_someone_else", Livemode: false)).ToList());
        Assert.Empty(db.Customers.OwnedBy(Demo with { Livemode = true }).ToList());
        Assert.Equal(2, db.Customers.OwnedBy(Demo).Count());
    }

    [Fact]
    public void A_portal_sessions_scope_is_its_customer_whatever_type_it_arrives_as()
    {
        using var db = Guarded();
        var access = new PortalAccess("bps_1", DemoSeeder.MerchantId, false, "cust_neighbour", "bpc_1", "https://example.com", null);
        IMerchantScope asMerchantScope = access;

        Assert.Equal(["cust_neighbour"], db.Customers.OwnedBy(asMerchantScope).Select(c => c.Id).ToList());
        Assert.Empty(db.Invoices.OwnedBy(asMerchantScope).ToList());
        Assert.Equal(12, db.Invoices.OwnedBy(new CustomerScope(DemoSeeder.MerchantId, false, DemoSeeder.CustomerId)).Count());
        // Prices are the merchant's, not a customer's: a customer's scope sees the merchant's prices.
        Assert.Equal(6, db.Set<Price>().OwnedBy(asMerchantScope).Count());
    }

    public void Dispose() => _connection.Dispose();
}
