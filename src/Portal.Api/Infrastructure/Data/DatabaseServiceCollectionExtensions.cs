using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Vinr.Portal.Api.Infrastructure.Data;

public static class DatabaseServiceCollectionExtensions
{
    /// <summary>
    /// A pooled <see cref="IDbContextFactory{BillingDbContext}"/> for the configured provider, and a
    /// scoped <see cref="BillingDbContext"/> for the few framework pieces (the key ring) that want one.
    /// </summary>
    public static IServiceCollection AddBillingDatabase(this IServiceCollection services)
    {
        services.AddOptions<DatabaseOptions>().BindConfiguration(DatabaseOptions.Section).ValidateDataAnnotations().ValidateOnStart();

        services.AddPooledDbContextFactory<SqliteBillingDbContext>((sp, options) =>
            options.UseSqlite(SqliteConnectionString(sp), sqlite => sqlite.MigrationsHistoryTable("__migrations"))
                .AddInterceptors(new SqlitePragmas(), new SqliteWriteGate(), OwnershipGuard.Instance));
        services.AddPooledDbContextFactory<PostgresBillingDbContext>((sp, options) =>
            options.UseNpgsql(sp.GetRequiredService<IOptions<DatabaseOptions>>().Value.ConnectionString,
                npgsql => npgsql.MigrationsHistoryTable("__migrations")).AddInterceptors(OwnershipGuard.Instance));

        services.AddSingleton<IDbContextFactory<BillingDbContext>>(sp =>
            sp.GetRequiredService<IOptions<DatabaseOptions>>().Value.Provider switch
            {
                DatabaseProvider.Postgres => new BillingDbContextFactory<PostgresBillingDbContext>(sp.GetRequiredService<IDbContextFactory<PostgresBillingDbContext>>()),
                _ => new BillingDbContextFactory<SqliteBillingDbContext>(sp.GetRequiredService<IDbContextFactory<SqliteBillingDbContext>>()),
            });
        services.AddScoped(sp => sp.GetRequiredService<IDbContextFactory<BillingDbContext>>().CreateDbContext());
        services.AddSingleton<DatabaseMigrator>();
        services.AddHostedService(sp => sp.GetRequiredService<DatabaseMigrator>());
        services.AddHostedService<SqliteCheckpointer>();
        return services;
    }

    private static string SqliteConnectionString(IServiceProvider sp)
    {
        var builder = new SqliteConnectionStringBuilder(sp.GetRequiredService<IOptions<DatabaseOptions>>().Value.ConnectionString);
        if (!Path.IsPathRooted(builder.DataSource) && builder.DataSource != ":memory:")
        {
            builder.DataSource = Path.Combine(sp.GetRequiredService<IHostEnvironment>().ContentRootPath, builder.DataSource);
        }
        return builder.ToString();
    }

    /// <summary>Hands out the provider's context as the provider-neutral base type.</summary>
    private sealed class BillingDbContextFactory<TContext>(IDbContextFactory<TContext> inner) : IDbContextFactory<BillingDbContext>
        where TContext : BillingDbContext
    {
        public BillingDbContext CreateDbContext() => inner.CreateDbContext();

        public async Task<BillingDbContext> CreateDbContextAsync(CancellationToken cancellationToken = default) =>
            await inner.CreateDbContextAsync(cancellationToken);
    }
}
