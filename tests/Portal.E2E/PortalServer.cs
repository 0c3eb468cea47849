using Vinr.Portal.Api.Features.BillingPortal.Configurations;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Vinr.Portal.Api.Features.Customers;
using Vinr.Portal.Api.Features.Invoices;
using Vinr.Portal.Api.Features.PaymentMethods;
using Vinr.Portal.Api.Features.Subscriptions;
using Vinr.Portal.Api.Infrastructure;
using Vinr.Portal.Api.Infrastructure.Data;

namespace Vinr.Portal.E2E;

/// <summary>The real app on a free loopback port, with its own SQLite file and the demo data.</summary>
public sealed class PortalServer : WebApplicationFactory<Program>
{
    public const string DemoKey = "sk_test_AcmeDemo4eC39HqLyjWDarjtT1zdp7dc";

    private readonly string _databasePath = Path.Combine(Path.GetTempPath(), $"vinr-e2e-{Guid.NewGuid():N}.db");

    public PortalServer()
    {
        UseKestrel(0);
        StartServer();
        BaseUrl = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/');
    }

    public string BaseUrl { get; }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Database:ConnectionString", $"Data Source={_databasePath}");
        builder.UseSetting("Demo:Seed", "true");
        builder.UseSetting("Demo:PrintLinkOnStartup", "false");
        // Open tabs re-check their session every 2 s instead of every minute, so tests can watch it happen.
        builder.UseSetting("Portal:RevalidationInterval", "00:00:02");
        // Many journeys add cards from one browser address within the hour.
        builder.UseSetting("Payments:CardAttemptsPerSessionPerHour", "1000");
        // Small enough for TabLimitJourneyTests to reach; no other journey opens more than one tab per session.
        builder.UseSetting("Portal:CircuitsPerSession", "2");
        // Every category at Debug, into the capture SecretsInLogs searches after each test.
        foreach (var category in new[] { "Default", "Microsoft.AspNetCore", "Microsoft.AspNetCore.HttpLogging.HttpLoggingMiddleware", "Microsoft.EntityFrameworkCore" })
        {
            builder.UseSetting($"Logging:LogLevel:{category}", "Debug");
        }
        builder.ConfigureLogging(logging =>
        {
            logging.ClearProviders();
            logging.AddProvider(SecretsInLogs.Logs);
        });
        builder.ConfigureServices(services => services.AddTransient<IStartupFilter, CookieLearner>());
        SecretsInLogs.Learn(DemoKey, "the API key");
    }

    /// <summary>Learns every cookie value the app sets, so SecretsInLogs finds it if it is ever logged.</summary>
    private sealed class CookieLearner : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use(async (context, following) =>
            {
                context.Response.OnStarting(() =>
                {
                    foreach (var cookie in context.Response.Headers.SetCookie)
                    {
                        if (cookie?.Split(';')[0].Split('=', 2) is [var name, var value])
                        {
                            SecretsInLogs.Learn(value, $"the cookie {name}");
                            SecretsInLogs.Learn(Uri.UnescapeDataString(value), $"the cookie {name}");
                        }
                    }
                    return Task.CompletedTask;
                });
                await following(context);
            });
            next(app);
        };
    }

    /// <summary>What the merchant's backend does: mint a session for a customer, returning to the merchant's site by default.</summary>
    /// <param name="parameters">More of the create request's parameters, as a form sends them (<c>flow_data[type]</c>, <c>configuration</c>).</param>
    public async Task<JsonElement> CreateSessionAsync(string customer = "cust_8aZ2", string? returnUrl = null, params (string Key, string Value)[] parameters)
    {
        returnUrl ??= await MerchantSite.UrlAsync();
        using var api = CreateApiClient();
        var response = await api.PostAsync("/v1/billing-portal/sessions", new FormUrlEncodedContent(
            [new("customer", customer), new("return_url", returnUrl), .. parameters.Select(p => KeyValuePair.Create(p.Key, p.Value))]));
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(response.IsSuccessStatusCode, body.ToString());
        SecretsInLogs.Learn(body.GetProperty("url").GetString()!.Split('/')[^1], "a link token");
        return body;
    }

    /// <summary>
    /// A fresh customer of the demo merchant on Pro monthly with a Visa ending 4242, so each test
    /// starts from its own state. Past due: the latest invoice is open and its charge failed.
    /// </summary>
    public async Task<string> CreateCustomerAsync(bool pastDue = false, string cardReference = "testcard_succeeds_e2e")
    {
        await using var db = OpenDatabase();
        return await AddCustomerAsync(db, pastDue, cardReference);
    }

    /// <inheritdoc cref="CreateCustomerAsync"/>
    public static async Task<string> AddCustomerAsync(BillingDbContext db, bool pastDue = false, string cardReference = "testcard_succeeds_e2e")
    {
        var now = DateTimeOffset.UtcNow;
        var merchant = "acct_AcmeCloudDemo";
        var pro = await db.Prices.FirstAsync(p => p.MerchantId == merchant && p.Nickname == "Pro monthly");
        var customerId = Ids.New("cust");
        var card = new PaymentMethod
        {
            Id = Ids.New("pm"),
            MerchantId = merchant,
            CustomerId = customerId,
            Brand = "visa",
            Last4 = "4242",
            ExpMonth = 12,
            ExpYear = now.Year + 2,
            Fingerprint = "e2e",
            ProcessorReference = cardReference,
            Created = now.AddMonths(-3),
        };
        db.Customers.Add(new Customer { Id = customerId, MerchantId = merchant, Name = "Sam Rivera", Email = "sam.rivera@example.com", DefaultPaymentMethodId = card.Id, Created = now.AddMonths(-3) });
        db.PaymentMethods.Add(card);
        var subscription = new Subscription
        {
            Id = Ids.New("sub"),
            MerchantId = merchant,
            CustomerId = customerId,
            PriceId = pro.Id,
            Status = pastDue ? SubscriptionStatus.PastDue : SubscriptionStatus.Active,
            CurrentPeriodStart = now.AddDays(-3),
            CurrentPeriodEnd = now.AddDays(-3).AddMonths(1),
            BillingCycleAnchor = now.AddDays(-3),
            Created = now.AddMonths(-3),
        };
        db.Subscriptions.Add(subscription);
        db.Invoices.Add(new Invoice
        {
            Id = Ids.New("in"),
            MerchantId = merchant,
            CustomerId = customerId,
            SubscriptionId = subscription.Id,
            Number = $"E2E-{Ids.RandomBase62(6)}",
            Status = pastDue ? InvoiceStatus.Open : InvoiceStatus.Paid,
            Currency = "usd",
            Subtotal = pro.UnitAmount,
            Total = pro.UnitAmount,
            AmountDue = pro.UnitAmount,
            AmountPaid = pastDue ? 0 : pro.UnitAmount,
            PaymentAttempts = pastDue ? 1 : 0,
            LastPaymentError = pastDue ? "Your card has insufficient funds." : null,
            PeriodStart = subscription.CurrentPeriodStart,
            PeriodEnd = subscription.CurrentPeriodEnd,
            Created = subscription.CurrentPeriodStart,
        });
        await db.SaveChangesAsync();
        return customerId;
    }

    public async Task<T> WithDbAsync<T>(Func<BillingDbContext, Task<T>> query)
    {
        await using var db = OpenDatabase();
        return await query(db);
    }

    /// <summary>A configuration of the demo merchant like its default, changed as the test needs (the default stays as it is for the other journeys).</summary>
    public Task<string> CreateConfigurationAsync(Action<PortalConfiguration> change) =>
        WithDbAsync(async db =>
        {
            var defaults = await db.PortalConfigurations.AsNoTracking().SingleAsync(c => c.MerchantId == "acct_AcmeCloudDemo" && c.IsDefault);
            var configuration = new PortalConfiguration
            {
                Id = Ids.New("bpc"), MerchantId = defaults.MerchantId, Headline = defaults.Headline, LogoUrl = defaults.LogoUrl, AccentColor = defaults.AccentColor,
                PrivacyPolicyUrl = defaults.PrivacyPolicyUrl, TermsOfServiceUrl = defaults.TermsOfServiceUrl, DefaultReturnUrl = defaults.DefaultReturnUrl,
                RefreshUrl = defaults.RefreshUrl, Features = defaults.Features, Created = DateTimeOffset.UtcNow, Updated = DateTimeOffset.UtcNow,
            };
            change(configuration);
            db.PortalConfigurations.Add(configuration);
            await db.SaveChangesAsync();
            return configuration.Id;
        });

    /// <summary>The merchant's backend calling the API with the demo key.</summary>
    public HttpClient CreateApiClient()
    {
        var api = new HttpClient { BaseAddress = new Uri(BaseUrl) };
        api.DefaultRequestHeaders.Add("X-Api-Key", DemoKey);
        return api;
    }

    /// <summary>The database as a test sets it up and checks it: every merchant's rows, outside the app's ownership guard.</summary>
    private SqliteBillingDbContext OpenDatabase() =>
        new(new DbContextOptionsBuilder<SqliteBillingDbContext>().UseSqlite($"Data Source={_databasePath}").Options);

    /// <summary>What the merchant's backend does to cut a customer off.</summary>
    public async Task ExpireSessionAsync(string sessionId)
    {
        using var api = CreateApiClient();
        (await api.PostAsync($"/v1/billing-portal/sessions/{sessionId}/expire", null)).EnsureSuccessStatusCode();
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm" })
        {
            File.Delete(_databasePath + suffix);
        }
    }
}
