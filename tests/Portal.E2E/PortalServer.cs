using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

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
    }

    /// <summary>What the merchant's backend does: mint a session for a customer.</summary>
    public async Task<JsonElement> CreateSessionAsync(string customer = "cust_8aZ2", string returnUrl = "https://example.com/account")
    {
        using var api = new HttpClient { BaseAddress = new Uri(BaseUrl) };
        api.DefaultRequestHeaders.Add("X-Api-Key", DemoKey);
        var response = await api.PostAsync("/v1/billing-portal/sessions", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["customer"] = customer,
            ["return_url"] = returnUrl,
        }));
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    /// <summary>What the merchant's backend does to cut a customer off.</summary>
    public async Task ExpireSessionAsync(string sessionId)
    {
        using var api = new HttpClient { BaseAddress = new Uri(BaseUrl) };
        api.DefaultRequestHeaders.Add("X-Api-Key", DemoKey);
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
