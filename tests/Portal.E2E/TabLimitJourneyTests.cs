using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Vinr.Portal.E2E;

/// <summary>
/// One portal session holds a bounded number of open tabs (two on this test server): the next tab
/// says so kindly, and works once another tab is closed.
/// </summary>
public sealed class TabLimitJourneyTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task A_tab_beyond_the_limit_asks_to_close_one_and_works_after()
    {
        var first = await Portal.OpenAsync(fixture, await fixture.Server.CreateCustomerAsync());
        var second = await first.Context.NewPageAsync();
        await second.GotoAsync(fixture.Server.BaseUrl + "/");
        await Portal.WaitForCircuitAsync(second);

        var third = await first.Context.NewPageAsync();
        await third.GotoAsync(fixture.Server.BaseUrl + "/");
        var tooMany = third.GetByRole(AriaRole.Heading, new() { Name = "This portal is open in too many tabs", Level = 1 });
        await Expect(tooMany).ToBeVisibleAsync();
        await Accessibility.AssertEverywhereAsync(third, "too-many-tabs-en");

        // Closing a tab ends its circuit at once (Blazor's disconnect beacon), and its slot with it.
        await second.CloseAsync(new() { RunBeforeUnload = true });
        await third.GetByRole(AriaRole.Button, new() { Name = "Reload" }).ClickAsync();
        await Portal.WaitForCircuitAsync(third);
        await Expect(third.GetByRole(AriaRole.Heading, new() { Name = "Overview", Level = 1 })).ToBeVisibleAsync();
        await first.Context.CloseAsync();
    }
}
