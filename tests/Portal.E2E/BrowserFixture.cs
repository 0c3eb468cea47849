using Microsoft.Playwright;

namespace Vinr.Portal.E2E;

/// <summary>
/// Headless Chromium (see <see cref="Chromium"/> for which one) driven by Playwright, plus the app
/// under test. Shared by the tests of one class.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    private IPlaywright? _playwright;
    private IBrowser? _browser;
    private string? _noBrowser;
    private PortalServer? _server;

    /// <summary>The browser; a journey gets its pages from <see cref="NewPageAsync"/>, which skips it when there is none.</summary>
    public IBrowser Browser => _browser ?? throw new InvalidOperationException(_noBrowser);

    /// <summary>The app on SQLite, started when a journey first asks for it (the balanced journeys bring their own).</summary>
    public PortalServer Server => _server ??= new();

    /// <summary>Where screenshots go, to be looked at (and one is copied into the README).</summary>
    public static string ScreenshotDirectory { get; } = Path.Combine(AppContext.BaseDirectory, "screenshots");

    public async ValueTask InitializeAsync()
    {
        // Every expectation waits for its condition up to 15 s, not Playwright's 5 s: in CI the unit tests
        // (PostgreSQL clusters among them) share the 2 cores with these journeys, and one server round trip
        // (a country picked at phone width) was seen to take longer than 5 s twice in three runs.
        Assertions.SetDefaultExpectTimeout(15_000);
        Directory.CreateDirectory(ScreenshotDirectory);
        var lookup = await Chromium.LookUpAsync();
        if (lookup.Options is null)
        {
            _noBrowser = lookup.Problem;
            return;
        }
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(lookup.Options);
    }

    /// <summary>A fresh browser profile (no cookies), desktop or phone sized.</summary>
    /// <remarks>Every journey starts here, so without a browser every journey is skipped here, with what to install.</remarks>
    public async Task<IPage> NewPageAsync(bool phone = false)
    {
        if (_browser is null)
        {
            Assert.Skip(_noBrowser!);
        }
        // Phone: 360 px wide, the narrowest common Android width (a 390 px iPhone hid overflow at 360).
        var context = await _browser.NewContextAsync(phone
            ? new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 360, Height = 800 }, IsMobile = true, HasTouch = true, DeviceScaleFactor = 2 }
            : new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 860 } });
        // The demo merchant's privacy and terms pages are on https://example.com, not on this network:
        // answer for them. (Its account page, reached by a redirect that no route sees, is MerchantSite.)
        await context.RouteAsync("https://example.com/**", route => route.FulfillAsync(new RouteFulfillOptions
        {
            ContentType = "text/html",
            Body = MerchantSite.Page,
        }));
        return await context.NewPageAsync();
    }

    /// <summary>
    /// Saves a full-page screenshot, then checks what a person would see in it first: the page is no
    /// wider than the screen (a phone would scroll it sideways, or zoom it out to fit).
    /// </summary>
    public static async Task ScreenshotAsync(IPage page, string name)
    {
        var path = Path.Combine(ScreenshotDirectory, $"{name}.png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        await Accessibility.AssertNoSidewaysScrollAsync(page);
    }

    public async ValueTask DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }
        _playwright?.Dispose();
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
