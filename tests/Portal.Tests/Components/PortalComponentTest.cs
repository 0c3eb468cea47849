using System.Globalization;
using Bunit;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;
using Vinr.Portal.Api.Features.BillingPortal.Portal;
using Vinr.Portal.Api.Features.BillingPortal.Sessions;
using Vinr.Portal.Api.Features.Customers;
using Vinr.Portal.Api.Features.Demo;
using Vinr.Portal.Api.Infrastructure.Data;

namespace Vinr.Portal.Tests.Components;

/// <summary>
/// The one base for component tests: MudBlazor registered once, and a real (in-memory SQLite)
/// billing database with the demo data, migrated the way the app migrates it.
/// </summary>
public abstract class PortalComponentTest : BunitContext
{
    protected static readonly DateTimeOffset Now = new(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);
    private readonly SqliteConnection _connection = new("Data Source=:memory:");

    protected PortalComponentTest()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
        _connection.Open();
        DbFactory = new InMemoryFactory(new DbContextOptionsBuilder<SqliteBillingDbContext>().UseSqlite(_connection).Options);
        using (var db = DbFactory.CreateDbContext())
        {
            db.Database.Migrate();
            DemoSeeder.Seed(db, "sk_test_AcmeDemo4eC39HqLyjWDarjtT1zdp7dc", Now);
            db.SaveChanges();
        }
        Services.AddSingleton<IDbContextFactory<BillingDbContext>>(DbFactory);
        Services.AddSingleton(TimeProvider.System);
        Services.AddSingleton<PortalQueries>();
        Services.AddSingleton<CustomerDetails>();
    }

    protected IDbContextFactory<BillingDbContext> DbFactory { get; }

    protected PortalAccess AccessFor(string customerId = DemoSeeder.CustomerId)
    {
        using var db = DbFactory.CreateDbContext();
        var configuration = db.PortalConfigurations.Single(c => c.MerchantId == DemoSeeder.MerchantId && c.IsDefault);
        return new PortalAccess("bps_test", DemoSeeder.MerchantId, false, customerId, configuration.Id, "https://example.com/account", null);
    }

    protected IRenderedComponent<TComponent> RenderInPortal<TComponent>(PortalAccess access, string culture = "en")
        where TComponent : Microsoft.AspNetCore.Components.IComponent
    {
        var branding = Services.GetRequiredService<PortalQueries>().GetBrandingAsync(access).GetAwaiter().GetResult();
        return Render<TComponent>(parameters => parameters
            .AddCascadingValue(access)
            .AddCascadingValue(branding)
            .AddCascadingValue(CultureInfo.GetCultureInfo(culture)));
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        _connection.Dispose();
    }

    private sealed class InMemoryFactory(DbContextOptions<SqliteBillingDbContext> options) : IDbContextFactory<BillingDbContext>
    {
        public BillingDbContext CreateDbContext() => new SqliteBillingDbContext(options);
    }
}
