using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Vinr.Portal.E2E;

/// <summary>
/// A keyboard-only customer (Tab, Shift+Tab, Enter, Space: no clicks) changes plan and cancels. At
/// every stop the focused control shows a visible focus indicator, and focus lands where the step
/// says: the preview's heading when it opens, the plan's button again after "Back".
/// </summary>
public sealed class KeyboardJourneyTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task A_keyboard_user_changes_plan_and_cancels_seeing_where_focus_is()
    {
        var page = await Portal.OpenAsync(fixture, await fixture.Server.CreateCustomerAsync());
        await ArriveAsync(page, "Overview");

        await TabToAsync(page, "a[href$='/plan']");
        await page.Keyboard.PressAsync("Enter");
        await ArriveAsync(page, "Change plan");

        // The period toggle: Space on "Yearly" shows the yearly plans, Shift+Tab and Space go back to monthly.
        await TabToAsync(page, ".interval-toggle button:not(.selected)");
        await page.Keyboard.PressAsync("Space");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Yearly" })).ToHaveAttributeAsync("aria-pressed", "true");
        await page.Keyboard.PressAsync("Shift+Tab");
        await AssertFocusedAsync(page, ".interval-toggle button:not(.selected)");
        await page.Keyboard.PressAsync("Space");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Monthly" })).ToHaveAttributeAsync("aria-pressed", "true");

        const string chooseBusiness = "[data-plan=Business] button.choose-plan";
        await TabToAsync(page, chooseBusiness);
        await page.Keyboard.PressAsync("Enter");
        await AssertFocusedAsync(page, "#preview-heading");
        await Expect(page.GetByTestId("change-status")).ToHaveTextAsync("Review your change");

        await TabToAsync(page, "[data-testid=preview-back]");
        await page.Keyboard.PressAsync("Enter");
        await AssertFocusedAsync(page, chooseBusiness);

        await page.Keyboard.PressAsync("Enter");
        await AssertFocusedAsync(page, "#preview-heading");
        await TabToAsync(page, "[data-testid=confirm-change]");
        await page.Keyboard.PressAsync("Enter");
        // Business with one seat costs less than Pro: it is scheduled for the period's end.
        await Expect(page.GetByText(new System.Text.RegularExpressions.Regex("^Your plan will change to Business on"))).ToBeVisibleAsync();

        await TabToAsync(page, "a[href$='/cancel']");
        await page.Keyboard.PressAsync("Enter");
        await ArriveAsync(page, "Cancel subscription");
        await TabToAsync(page, ".reasons input[type=radio]");
        await page.Keyboard.PressAsync("Space");
        await Expect(page.Locator(".reasons input[type=radio]").First).ToBeCheckedAsync();
        await TabToAsync(page, "[data-testid=confirm-cancel]");
        await page.Keyboard.PressAsync("Space");
        await Expect(page.GetByText(new System.Text.RegularExpressions.Regex("^Your subscription will end on"))).ToBeVisibleAsync();
        await Expect(page.GetByTestId("pending-cancellation")).ToBeVisibleAsync();
        await page.Context.CloseAsync();
    }

    /// <summary>
    /// A new page puts focus on its heading, so a screen reader starts there. It does so just after the
    /// page renders, and a Tab pressed before that would be overtaken: wait for it, as a person sees it.
    /// </summary>
    private static Task ArriveAsync(IPage page, string heading) =>
        Expect(page.GetByRole(AriaRole.Heading, new() { Name = heading, Level = 1 })).ToBeFocusedAsync();

    /// <summary>Presses Tab until the focused element matches <paramref name="selector"/>, then checks its focus is visible.</summary>
    private static async Task TabToAsync(IPage page, string selector)
    {
        for (var presses = 0; presses < 60; presses++)
        {
            await page.Keyboard.PressAsync("Tab");
            if (await page.EvaluateAsync<bool>("s => document.activeElement?.matches(s) ?? false", selector))
            {
                await AssertFocusVisibleAsync(page, selector);
                return;
            }
        }
        Assert.Fail($"60 presses of Tab never reached {selector}");
    }

    /// <summary>Focus lands on <paramref name="selector"/> (after a re-render, so it is waited for) and shows it.</summary>
    private static async Task AssertFocusedAsync(IPage page, string selector)
    {
        await page.WaitForFunctionAsync("s => document.activeElement?.matches(s) ?? false", selector);
        await AssertFocusVisibleAsync(page, selector);
    }

    /// <summary>
    /// The focused element shows a visible focus indicator: the outline or box-shadow of it (or of the
    /// box that draws it, up to two ancestors, e.g. a radio's circle around its transparent input)
    /// differs from the same elements unfocused. Read with transitions settled, then focus is put back.
    /// </summary>
    private static async Task AssertFocusVisibleAsync(IPage page, string selector)
    {
        var styles = await page.EvaluateAsync<string[]>("""
            async selector => {
                const settled = () => Promise.all(document.getAnimations().map(a => a.finished.catch(() => null)));
                const element = document.activeElement;
                if (!element.matches(selector)) {
                    return ['', 'moved', `focus moved away from ${selector} to ${element.outerHTML.slice(0, 160)}`];
                }
                const boxes = [element, element.parentElement, element.parentElement?.parentElement].filter(e => e);
                const read = () => boxes.map(e => {
                    const s = getComputedStyle(e);
                    return s.opacity === '0' ? '' : `${s.outlineStyle} ${s.outlineWidth} ${s.outlineColor} | ${s.boxShadow}`;
                }).join(' ; ');
                await settled();
                const focused = read();
                element.blur();
                await settled();
                const unfocused = read();
                element.focus();
                await settled();
                return [focused, unfocused, element.outerHTML.slice(0, 160)];
            }
            """, selector);
        Assert.True(styles[0] != styles[1], styles[1] == "moved" ? styles[2] : $"No visible focus on {styles[2]}: focused and unfocused both read {styles[0]}");
    }
}
