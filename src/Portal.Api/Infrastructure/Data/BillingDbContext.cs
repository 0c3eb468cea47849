using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Vinr.Portal.Api.Features.BillingPortal.Configurations;
using Vinr.Portal.Api.Features.BillingPortal.Sessions;
using Vinr.Portal.Api.Features.Customers;
using Vinr.Portal.Api.Features.Events;
using Vinr.Portal.Api.Features.Invoices;
using Vinr.Portal.Api.Features.Merchants;
using Vinr.Portal.Api.Features.PaymentMethods;
using Vinr.Portal.Api.Features.Products;
using Vinr.Portal.Api.Features.Subscriptions;
using Vinr.Portal.Api.Features.Discounts;
using Vinr.Portal.Api.Features.Tax;
using Vinr.Portal.Api.Features.TestClocks;
using Vinr.Portal.Api.Features.Webhooks;
using Vinr.Portal.Api.Infrastructure.Http;

namespace Vinr.Portal.Api.Infrastructure.Data;

/// <summary>
/// The billing database, including the Data Protection key ring so every replica shares it.
/// Each provider has a subclass only so each keeps its own migrations (see ADR 0004).
/// </summary>
public abstract class BillingDbContext(DbContextOptions options) : DbContext(options), IDataProtectionKeyContext
{
    public DbSet<Merchant> Merchants => Set<Merchant>();
    public DbSet<ApiKey> ApiKeys => Set<ApiKey>();
    public DbSet<Customer> Customers => Set<Customer>();
    public DbSet<Product> Products => Set<Product>();
    public DbSet<Price> Prices => Set<Price>();
    public DbSet<Subscription> Subscriptions => Set<Subscription>();
    public DbSet<PaymentMethod> PaymentMethods => Set<PaymentMethod>();
    public DbSet<Invoice> Invoices => Set<Invoice>();
    public DbSet<InvoiceLine> InvoiceLines => Set<InvoiceLine>();
    public DbSet<PendingInvoiceItem> PendingInvoiceItems => Set<PendingInvoiceItem>();
    public DbSet<PortalConfiguration> PortalConfigurations => Set<PortalConfiguration>();
    public DbSet<PortalSession> PortalSessions => Set<PortalSession>();
    public DbSet<Event> Events => Set<Event>();
    public DbSet<WebhookEndpoint> WebhookEndpoints => Set<WebhookEndpoint>();
    public DbSet<WebhookDelivery> WebhookDeliveries => Set<WebhookDelivery>();
    public DbSet<WebhookAttempt> WebhookAttempts => Set<WebhookAttempt>();
    public DbSet<IdempotencyRecord> IdempotencyRecords => Set<IdempotencyRecord>();
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();
    public DbSet<TestClock> TestClocks => Set<TestClock>();
    public DbSet<PendingCharge> PendingCharges => Set<PendingCharge>();
    public DbSet<TaxRate> TaxRates => Set<TaxRate>();
    public DbSet<CardAuthentication> CardAuthentications => Set<CardAuthentication>();
    public DbSet<Coupon> Coupons => Set<Coupon>();

    protected override void OnModelCreating(ModelBuilder modelBuilder) =>
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(BillingDbContext).Assembly);

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // Enums are stored by name: readable in SQL and safe to reorder in code.
        configurationBuilder.Properties<Enum>().HaveConversion<string>().HaveMaxLength(32);
    }
}

/// <summary>The embedded default: one SQLite file.</summary>
public sealed class SqliteBillingDbContext(DbContextOptions<SqliteBillingDbContext> options) : BillingDbContext(options)
{
    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        base.ConfigureConventions(configurationBuilder);
        // SQLite has no timestamp type EF can compare or order by; Unix milliseconds keep both exact.
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<UnixMillisecondsConverter>();
    }
}

/// <summary>Scale-out: N replicas on one PostgreSQL database (timestamptz natively).</summary>
public sealed class PostgresBillingDbContext(DbContextOptions<PostgresBillingDbContext> options) : BillingDbContext(options);
