using System.Collections.Concurrent;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace Vinr.Portal.E2E;

/// <summary>
/// What every page and state must pass: axe-core's WCAG 2.2 A/AA rules at 1280 and 360 px (in the
/// dark theme the colour rules again), and no sideways scrolling at 360 and 320 px. Any violation fails,
/// naming rule, nodes, width and theme.
/// </summary>
public static class Accessibility
{
    private static readonly RunOnlyOptions EveryRule = new() { Type = "tag", Values = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"] };

    // The themes differ only in colour: the dark pass runs the rules that read colours, the light pass all of them.
    private static readonly RunOnlyOptions ColourRules = new() { Type = "rule", Values = ["color-contrast", "link-in-text-block"] };

    /// <summary>
    /// <c>VINR_SCREENSHOTS=1</c>: every checked state is also saved at each width and theme, to be
    /// looked at; otherwise the journeys' own screenshots suffice and the suite stays fast.
    /// </summary>
    private static readonly bool Gallery = Environment.GetEnvironmentVariable("VINR_SCREENSHOTS") == "1";

    // States already checked in this run: the desktop and phone runs of one journey, or two journeys
    // passing the same page in the same state, are checked once (each check covers every width and theme).
    private static readonly ConcurrentDictionary<string, bool> Checked = new();

    // The page's address without ids, its language, its colours, and what it shows: headings, dialogs, alerts, invalid fields.
    private const string StateScript = """
        () => location.pathname.replace(/[a-z]+_[A-Za-z0-9]{6,}/g, ':id') + '|' + document.documentElement.lang + '|' +
          getComputedStyle(document.documentElement).getPropertyValue('--portal-accent') + (document.body.getAttribute('style') ?? '') + '|' +
          [...document.querySelectorAll('h1, h2, h3, [role=dialog], [role=alert], [aria-invalid=true], dialog[open]')]
            .filter(e => e.getClientRects().length > 0)
            .map(e => e.tagName + ':' + (e.getAttribute('role') ?? '') + ':' + (e.textContent ?? '').trim().replace(/\d+/g, '#').slice(0, 60))
            .join(';')
        """;

    /// <summary>
    /// Checks the page as it is now in both themes at desktop and phone widths (and 320 px for
    /// overflow), then puts the viewport and colour scheme back as they were. A state this run has
    /// already checked is not checked again. <paramref name="screenshot"/> names the gallery shots
    /// (<c>{name}-{width}-{theme}.png</c>), taken when <c>VINR_SCREENSHOTS=1</c>.
    /// </summary>
    public static async Task AssertEverywhereAsync(IPage page, string? screenshot = null)
    {
        var state = await page.EvaluateAsync<string>(StateScript);
        var shoot = Gallery && screenshot is not null;
        if (!Checked.TryAdd(state, true) && !shoot)
        {
            return;
        }
        var original = page.ViewportSize!;
        try
        {
            foreach (var width in new[] { 1280, 360, 320 })
            {
                await page.SetViewportSizeAsync(width, original.Height);
                await AssertNoSidewaysScrollAsync(page);
                if (width == 320)
                {
                    continue; // axe at the two widths the issue names; 320 px is checked for overflow
                }
                foreach (var scheme in new[] { ColorScheme.Light, ColorScheme.Dark })
                {
                    await page.EmulateMediaAsync(new PageEmulateMediaOptions { ColorScheme = scheme });
                    await AssertNoViolationsAsync(page, scheme == ColorScheme.Light ? EveryRule : ColourRules, $"{width} px, {scheme}");
                    if (shoot)
                    {
                        await BrowserFixture.ScreenshotAsync(page, $"{screenshot}-{width}-{scheme.ToString().ToLowerInvariant()}");
                    }
                }
            }
        }
        finally
        {
            await page.EmulateMediaAsync(new PageEmulateMediaOptions { ColorScheme = ColorScheme.Light });
            await page.SetViewportSizeAsync(original.Width, original.Height);
        }
    }

    /// <summary>axe's <paramref name="rules"/> at the current width and theme.</summary>
    private static async Task AssertNoViolationsAsync(IPage page, RunOnlyOptions rules, string where)
    {
        // Mid-fade, a snackbar's blended colours fail contrast though its settled colours pass: judge the settled page.
        // MudBlazor moves a snackbar between its opening and shown states from a server-side timer, so between two
        // CSS animations none may be running while it is still translucent: wait for full opacity too.
        await page.WaitForFunctionAsync("""
            () => document.getAnimations().every(a => a.playState !== 'running')
              && [...document.querySelectorAll('.mud-snackbar')].every(s => getComputedStyle(s).opacity === '1')
            """);
        var results = await page.RunAxe(new AxeRunOptions { RunOnly = rules });
        var violations = results.Violations.Select(v =>
            $"{v.Id} ({v.Impact}): {v.Help} at {string.Join(", ", v.Nodes.Select(n => $"{n.Target} {n.Html} {string.Join(" ", (n.Any ?? []).Select(c => c.Message))}"))}");
        Assert.True(results.Violations.Length == 0, $"{page.Url} {where}:\n{string.Join("\n", violations)}");
    }

    /// <summary>The page is no wider than the screen: a phone would scroll it sideways, or zoom it out to fit.</summary>
    public static async Task AssertNoSidewaysScrollAsync(IPage page)
    {
        var width = page.ViewportSize!.Width;
        // The layout settles on the next frame after a resize.
        await page.EvaluateAsync("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))");
        var scrollWidth = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth");
        if (scrollWidth > width)
        {
            // Name the culprits: the innermost elements that reach past the screen's right edge.
            var wide = await page.EvaluateAsync<string>("""
                w => [...document.body.querySelectorAll('*')].filter(e => Math.max(e.getBoundingClientRect().right, e.getBoundingClientRect().left + e.scrollWidth) > w
                    && ![...e.children].some(c => Math.max(c.getBoundingClientRect().right, c.getBoundingClientRect().left + c.scrollWidth) > w)).slice(0, 5)
                    .map(e => e.outerHTML.slice(0, 160)).join('\n')
                """, width);
            Assert.Fail($"{page.Url} is {scrollWidth} px wide on a {width} px screen:\n{wide}");
        }
    }
}
