using Microsoft.Playwright;

namespace Vinr.Portal.E2E;

/// <summary>
/// Which Chromium the journeys drive, decided once per test run: the one VINR_CHROMIUM_PATH names
/// when it is set (and only that one: a configured browser that does not start is an error to
/// see, not to work around), else Debian's at /usr/bin/chromium, else Playwright's own download,
/// fetched once where its download host answers. With none of them, one test
/// (<see cref="BrowserAvailabilityTests"/>) fails with what to install and every journey is skipped
/// with the same words (<see cref="BrowserFixture.NewPageAsync"/>), instead of thirty launch errors.
/// </summary>
public static class Chromium
{
    public const string PathVariable = "VINR_CHROMIUM_PATH";
    public const string DebianPath = "/usr/bin/chromium";

    private static readonly string[] Args = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"];

    private static readonly Lazy<Task<Lookup>> Once = new(FindAsync);

    /// <summary>How to launch the browser, or (<see cref="Options"/> null) what is missing and what to do about it.</summary>
    public sealed record Lookup(BrowserTypeLaunchOptions? Options, string? Problem);

    public static Task<Lookup> LookUpAsync() => Once.Value;

    private static async Task<Lookup> FindAsync()
    {
        using var playwright = await Playwright.CreateAsync();
        var tried = new List<string>();

        if (Environment.GetEnvironmentVariable(PathVariable) is { Length: > 0 } configured)
        {
            return await TryAsync(playwright, configured, $"{PathVariable}={configured}", tried) ?? Missing(tried);
        }
        if (await TryAsync(playwright, DebianPath, DebianPath, tried) is { } debian)
        {
            return debian;
        }
        // Playwright's own Chromium: already downloaded, or downloaded now if its host answers.
        if (await TryAsync(playwright, null, "Playwright's Chromium", tried) is { } downloaded)
        {
            return downloaded;
        }
        if (await InstallPlaywrightChromiumAsync(tried))
        {
            return await TryAsync(playwright, null, "Playwright's Chromium, just downloaded", tried) ?? Missing(tried);
        }
        return Missing(tried);
    }

    /// <summary>A browser counts only once it has started and closed again.</summary>
    private static async Task<Lookup?> TryAsync(IPlaywright playwright, string? path, string label, List<string> tried)
    {
        if (path is not null && !File.Exists(path))
        {
            tried.Add($"{label}: no such file");
            return null;
        }
        var options = new BrowserTypeLaunchOptions { ExecutablePath = path, Headless = true, Args = Args };
        try
        {
            await using var browser = await playwright.Chromium.LaunchAsync(options);
            return new Lookup(options, null);
        }
        catch (PlaywrightException e)
        {
            tried.Add($"{label}: does not start ({e.Message.Split('\n')[0].Trim()})");
            return null;
        }
    }

    /// <summary>
    /// Runs "playwright install chromium" only when its download host answers within seconds: where
    /// it does not (no route out, no DNS), the installer would retry its mirrors for most of a minute.
    /// </summary>
    private static async Task<bool> InstallPlaywrightChromiumAsync(List<string> tried)
    {
        var host = Environment.GetEnvironmentVariable("PLAYWRIGHT_DOWNLOAD_HOST") is { Length: > 0 } configured ? configured : "https://cdn.playwright.dev";
        try
        {
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
            using var response = await http.SendAsync(new HttpRequestMessage(HttpMethod.Head, host));
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            tried.Add($"Playwright's download host {host}: cannot be reached ({e.Message})");
            return false;
        }
        if (Microsoft.Playwright.Program.Main(["install", "chromium"]) != 0)
        {
            tried.Add("Playwright's Chromium: \"playwright install chromium\" failed");
            return false;
        }
        return true;
    }

    private static Lookup Missing(List<string> tried) => new(null,
        "No Chromium to drive the browser journeys, so they are skipped. Install Debian's: " +
        "`apt-get update && apt-get install -y chromium` (it lands at /usr/bin/chromium), " +
        $"or set {PathVariable} to a Chromium or Chrome executable. Looked for: {string.Join("; ", tried)}.");
}
