using System.Globalization;
using Bunit;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;
using Vinr.Portal.Api.Features.BillingSettings;
using Vinr.Portal.Api.Features.BillingPortal.Configurations;
using Vinr.Portal.Api.Features.BillingPortal.Portal;
using Vinr.Portal.Api.Features.BillingPortal.Sessions;
using Vinr.Portal.Api.Features.Customers;
using Vinr.Portal.Api.Features.Demo;
using Vinr.Portal.Api.Features.Invoices;
using Vinr.Portal.Api.Infrastructure;
using Vinr.Portal.Api.Infrastructure.Data;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Vinr.Portal.Api.Features.PaymentMethods;
using Vinr.Portal.Api.Features.Subscriptions;
using Vinr.Portal.Sessions;

namespace Vinr.Portal.Tests.Support;

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
        Services.AddLocalization(o => o.ResourcesPath = "Resources");
        _connection.Open();
        // Tests set up and check data as the database's owner; the pages' services query through the app's guard.
        DbFactory = new InMemoryFactory(new DbContextOptionsBuilder<SqliteBillingDbContext>().UseSqlite(_connection).Options);
        var guarded = new InMemoryFactory(new DbContextOptionsBuilder<SqliteBillingDbContext>().UseSqlite(_connection).AddInterceptors(OwnershipGuard.Instance).Options);
        using (var db = DbFactory.CreateDbContext())
        {
            db.Database.Migrate();
            DemoSeeder.Seed(db, "sk_test_AcmeDemo4eC39HqLyjWDarjtT1zdp7dc", Now);
            db.SaveChanges();
        }
        Services.AddSingleton<IDbContextFactory<BillingDbContext>>(guarded);
        Services.AddSingleton(TimeProvider.System);
        Services.AddSingleton<PortalQueries>();
        Services.AddSingleton<TimeProvider>(new FakeTimeProvider(Now));
        Services.AddSingleton(Options.Create(new PaymentOptions { FingerprintKey = Convert.ToBase64String(new byte[32]) }));
        Services.AddSingleton<IPaymentProcessor, TestPaymentProcessor>();
        Services.AddSingleton<PortalCharges>();
        Services.AddSingleton<SubscriptionChanges>();
        Services.AddSingleton<RetentionOffers>();
        Services.AddSingleton<Resubscriptions>();
        Services.AddSingleton<CustomerCards>();
        Services.AddSingleton<InvoicePayments>();
        Services.AddSingleton(Options.Create(new DunningOptions()));
        Services.AddSingleton<DunningSettings>();
        // Pages re-check their session before an action; these tests render states, so a signed-out
        // CurrentPortal (no cookie) is enough and makes any stray action leave for /signed-out.
        AddAuthorization();
        Services.AddSingleton(Options.Create(new PortalSessionOptions { PublicBaseUrl = "https://billing.test" }));
        Services.AddSingleton<Microsoft.AspNetCore.DataProtection.IDataProtectionProvider, Microsoft.AspNetCore.DataProtection.EphemeralDataProtectionProvider>();
        Services.AddSingleton<SessionLinks>();
        Services.AddSingleton<PortalBaseUrl>();
        Services.AddSingleton<Microsoft.AspNetCore.Hosting.Server.IServer, NoServer>();
        Services.AddSingleton<PortalSessions>();
        Services.AddScoped<CurrentPortal>();
        Services.AddSingleton<InvoiceQueries>();
        Services.AddSingleton<UpcomingInvoices>();
        Services.AddSingleton<CustomerDetails>();
    }

    protected IDbContextFactory<BillingDbContext> DbFactory { get; }

    protected PortalAccess AccessFor(string customerId = DemoSeeder.CustomerId)
    {
        using var db = DbFactory.CreateDbContext();
        var configuration = db.PortalConfigurations.Single(c => c.MerchantId == DemoSeeder.MerchantId && c.IsDefault);
        return new PortalAccess("bps_test", DemoSeeder.MerchantId, false, customerId, configuration.Id, "https://example.com/account", null);
    }

    /// <summary>
    /// Renders a page as MainLayout would: with the session's access, branding, culture and features
    /// cascading, in <paramref name="culture"/>'s language (request localization sets it for the app).
    /// </summary>
    protected IRenderedComponent<TComponent> RenderInPortal<TComponent>(PortalAccess access, string culture = "en",
        Action<ComponentParameterCollectionBuilder<TComponent>>? parameters = null)
        where TComponent : Microsoft.AspNetCore.Components.IComponent
    {
        var queries = Services.GetRequiredService<PortalQueries>();
        var (branding, features) = queries.GetSettingsAsync(access).GetAwaiter().GetResult();
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(culture);
        return Render<TComponent>(builder =>
        {
            builder
                .AddCascadingValue(access)
                .AddCascadingValue(branding)
                .AddCascadingValue(features)
                .AddCascadingValue(CultureInfo.GetCultureInfo(culture));
            parameters?.Invoke(builder);
        });
    }

    /// <summary>An invoice of the demo merchant for <paramref name="customerId"/>, with one line for its total.</summary>
    protected Invoice AddInvoice(string customerId, string number, DateTimeOffset created, InvoiceStatus status = InvoiceStatus.Paid,
        long total = 4900, Action<Invoice>? change = null)
    {
        using var db = DbFactory.CreateDbContext();
        var invoice = new Invoice
        {
            Id = Ids.New("in"), MerchantId = DemoSeeder.MerchantId, CustomerId = customerId, Number = number, Status = status, Currency = "usd",
            Subtotal = total, Total = total, AmountDue = total, AmountPaid = status == InvoiceStatus.Paid ? total : 0,
            PeriodStart = created, PeriodEnd = created.AddMonths(1), Created = created, PaidAt = status == InvoiceStatus.Paid ? created.AddMinutes(1) : null,
        };
        invoice.Lines.Add(new InvoiceLine
        {
            Id = Ids.New("il"), InvoiceId = invoice.Id, Description = "Pro × 1 (monthly)", Amount = total, PeriodStart = created, PeriodEnd = created.AddMonths(1),
        });
        change?.Invoke(invoice);
        db.Invoices.Add(invoice);
        db.SaveChanges();
        return invoice;
    }

    /// <summary>Another customer of the demo merchant, with no subscription, card or invoice.</summary>
    protected void AddPortalCustomer(string id, string? name = "Other Person", string? email = null)
    {
        using var db = DbFactory.CreateDbContext();
        db.Customers.Add(new Customer { Id = id, MerchantId = DemoSeeder.MerchantId, Name = name, Email = email, Created = Now });
        db.SaveChanges();
    }

    /// <summary>Changes the demo merchant's default portal configuration, e.g. to switch a feature off.</summary>
    protected void ChangeConfiguration(Action<PortalConfiguration> change)
    {
        using var db = DbFactory.CreateDbContext();
        change(db.PortalConfigurations.Single(c => c.MerchantId == DemoSeeder.MerchantId && c.IsDefault));
        db.SaveChanges();
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        _connection.Dispose();
    }

    /// <summary>Links in component tests point at the configured public URL; nothing listens.</summary>
    private sealed class NoServer : Microsoft.AspNetCore.Hosting.Server.IServer
    {
        public Microsoft.AspNetCore.Http.Features.IFeatureCollection Features { get; } = new Microsoft.AspNetCore.Http.Features.FeatureCollection();

        public void Dispose()
        {
        }

        public Task StartAsync<TContext>(Microsoft.AspNetCore.Hosting.Server.IHttpApplication<TContext> application, CancellationToken cancellationToken)
            where TContext : notnull => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }

    /// <summary>Changes the demo merchant's default configuration's features for this test's database.</summary>
    protected void ConfigureFeatures(Action<Vinr.Portal.Api.Features.BillingPortal.Configurations.PortalFeatures> change)
    {
        using var db = DbFactory.CreateDbContext();
        var configuration = db.PortalConfigurations.Single(c => c.MerchantId == DemoSeeder.MerchantId && c.IsDefault);
        var features = configuration.Features;
        change(features);
        configuration.Features = features;
        db.Entry(configuration).ComplexProperty(c => c.Features).IsModified = true;
        db.SaveChanges();
    }

    /// <summary>The demo customer's one subscription.</summary>
    protected string DemoSubscriptionId
    {
        get
        {
            using var db = DbFactory.CreateDbContext();
            return db.Subscriptions.Single(s => s.CustomerId == DemoSeeder.CustomerId).Id;
        }
    }

    protected void ChangeDemoSubscription(Action<Vinr.Portal.Api.Features.Subscriptions.Subscription> change)
    {
        using var db = DbFactory.CreateDbContext();
        change(db.Subscriptions.Single(s => s.CustomerId == DemoSeeder.CustomerId));
        db.SaveChanges();
    }

    private sealed class InMemoryFactory(DbContextOptions<SqliteBillingDbContext> options) : IDbContextFactory<BillingDbContext>
    {
        public BillingDbContext CreateDbContext() => new SqliteBillingDbContext(options);
    }
}
