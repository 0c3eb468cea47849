using Microsoft.Playwright;

namespace Vinr.Portal.E2E;

/// <summary>
/// Debian's Chromium, headless, driven by Playwright (its own browser download does not work here),
/// plus the app under test. Shared by the tests of one class.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private IPlaywright? _playwright;

    public IBrowser Browser { get; private set; } = null!;
    public PortalServer Server { get; } = new();

    /// <summary>Where screenshots go, to be looked at (and one is copied into the README).</summary>
    public static string ScreenshotDirectory { get; } = Path.Combine(AppContext.BaseDirectory, "screenshots");

    public async ValueTask InitializeAsync()
    {
        Directory.CreateDirectory(ScreenshotDirectory);
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
    }

    /// <summary>A fresh browser profile (no cookies), desktop or phone sized.</summary>
    public async Task<IPage> NewPageAsync(bool phone = false)
    {
        // Phone: 360 px wide, the narrowest common Android width (a 390 px iPhone hid overflow at 360).
        var context = await Browser.NewContextAsync(phone
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
        var width = page.ViewportSize!.Width;
        var scrollWidth = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth");
        Assert.True(scrollWidth <= width, $"{page.Url} is {scrollWidth} px wide on a {width} px screen: see {path}");
    }

    public async ValueTask DisposeAsync()
    {
        await Browser.DisposeAsync();
        _playwright?.Dispose();
        await Server.DisposeAsync();
    }
}
