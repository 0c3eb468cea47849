using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace Vinr.Portal.E2E;

/// <summary>axe-core in the page: WCAG 2.1 A and AA rules; any violation fails, naming rule and nodes.</summary>
public static class Accessibility
{
    public static async Task AssertNoViolationsAsync(IPage page)
    {
        // Mid-fade, a snackbar's blended colours fail contrast though its settled colours pass: judge the settled page.
        await page.WaitForFunctionAsync("() => document.getAnimations().every(a => a.playState !== 'running')");
        var results = await page.RunAxe(new AxeRunOptions
        {
            RunOnly = new RunOnlyOptions { Type = "tag", Values = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] },
        });
        var violations = results.Violations.Select(v =>
            $"{v.Id} ({v.Impact}): {v.Help} at {string.Join(", ", v.Nodes.Select(n => n.Target?.ToString()))}");
        Assert.True(results.Violations.Length == 0, $"{page.Url}:\n{string.Join("\n", violations)}");
    }
}
