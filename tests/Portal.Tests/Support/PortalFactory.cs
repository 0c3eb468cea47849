using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Vinr.Portal.Api.Infrastructure.Data;

namespace Vinr.Portal.Tests.Support;

/// <summary>
/// The real app in memory: its own SQLite file, demo data, a clock the test moves, and every log
/// line captured at Trace level (so a leak at any level fails a test).
/// </summary>
public class PortalFactory : WebApplicationFactory<Program>
{
    public const string DemoKey = "sk_test_AcmeDemo4eC39HqLyjWDarjtT1zdp7dc";
    public const string DemoCustomer = "cust_8aZ2";
    public const string DemoMerchant = "acct_AcmeCloudDemo";

    /// <summary>The SQLite file (plus its -wal and -shm), for tests that search what was stored.</summary>
    public string DatabasePath { get; } = Path.Combine(Path.GetTempPath(), $"vinr-test-{Guid.NewGuid():N}.db");

    /// <summary>Starts at the real now: Data Protection's own expiry reads the system clock.</summary>
    public FakeTimeProvider Time { get; } = new(DateTimeOffset.UtcNow);

    public CapturedLogs Logs { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Database:ConnectionString", $"Data Source={DatabasePath}");
        builder.UseSetting("Demo:Seed", "true");
        builder.UseSetting("Demo:PrintLinkOnStartup", "false");
        // Tests share one client address and hammer links on purpose; RedemptionLimitTests use the real limits.
        builder.UseSetting("Portal:RedeemAttemptsPerClientPerMinute", "10000");
        builder.UseSetting("Portal:RedeemAttemptsPerSessionPerMinute", "10000");
        builder.UseSetting("Payments:CardAttemptsPerSessionPerHour", "10000");
        // And call the API hundreds of times a second, wrong keys included; ApiRateLimitTests use small limits.
        builder.UseSetting("Api:RateLimits:RequestsPerKey", "1000000");
        builder.UseSetting("Api:RateLimits:RequestsPerClient", "1000000");
        builder.UseSetting("Api:RateLimits:FailedAuthenticationsPerClient", "1000000");
        builder.UseSetting("Logging:LogLevel:Default", "Trace");
        builder.UseSetting("Logging:LogLevel:Microsoft.AspNetCore", "Trace");
        builder.UseSetting("Logging:LogLevel:Microsoft.EntityFrameworkCore", "Information");
        builder.ConfigureLogging(logging => logging.AddProvider(Logs));
        builder.ConfigureServices(services => services.Replace(ServiceDescriptor.Singleton<TimeProvider>(Time)));
    }

    public HttpClient CreateApiClient(string? key = DemoKey)
    {
        var client = CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = ClientOptions.BaseAddress, AllowAutoRedirect = false, HandleCookies = false });
        if (key is not null)
        {
            client.DefaultRequestHeaders.Add("X-Api-Key", key);
        }
        return client;
    }

    /// <summary>A browser-like client: keeps cookies, does not follow redirects.</summary>
    public HttpClient CreateBrowser() =>
        CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = ClientOptions.BaseAddress, AllowAutoRedirect = false, HandleCookies = true });

    /// <summary>Mints a session for the demo customer through the API, as a merchant would.</summary>
    public async Task<JsonElement> CreateSessionAsync(string customer = DemoCustomer, string returnUrl = "https://example.com/account", string key = DemoKey)
    {
        using var api = CreateApiClient(key);
        var response = await api.PostAsync("/v1/billing-portal/sessions", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["customer"] = customer,
            ["return_url"] = returnUrl,
        }));
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(response.IsSuccessStatusCode, body.ToString());
        return body;
    }

    /// <summary>A customer in the portal: a session minted, its link opened and Continue pressed.</summary>
    public async Task<(JsonElement Session, HttpClient Browser)> OpenPortalAsync(string returnUrl = "https://example.com/account", string customer = DemoCustomer)
    {
        var session = await CreateSessionAsync(customer, returnUrl);
        var browser = CreateBrowser();
        var redeemed = await Links.ContinueAsync(browser, Links.PathOf(session));
        Assert.Equal(System.Net.HttpStatusCode.SeeOther, redeemed.StatusCode);
        return (session, browser);
    }

    /// <summary>
    /// The database as a test inspects it: every merchant's rows. The app's own contexts refuse
    /// unscoped queries (<see cref="OwnershipGuard"/>); a test that sets up or checks data is not a tenant.
    /// </summary>
    public async Task<T> WithDbAsync<T>(Func<BillingDbContext, Task<T>> work)
    {
        var database = Services.GetRequiredService<IOptions<DatabaseOptions>>().Value;
        await using BillingDbContext db = database.Provider == DatabaseProvider.Postgres
            ? new PostgresBillingDbContext(new DbContextOptionsBuilder<PostgresBillingDbContext>().UseNpgsql(database.ConnectionString).Options)
            : new SqliteBillingDbContext(new DbContextOptionsBuilder<SqliteBillingDbContext>().UseSqlite(database.ConnectionString)
                .AddInterceptors(new SqlitePragmas()).Options);
        return await work(db);
    }

    public async Task WithDbAsync(Func<BillingDbContext, Task> work) =>
        await WithDbAsync(async db =>
        {
            await work(db);
            return 0;
        });

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm" })
        {
            File.Delete(DatabasePath + suffix);
        }
    }
}
