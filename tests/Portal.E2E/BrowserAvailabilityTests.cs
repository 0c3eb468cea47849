namespace Vinr.Portal.E2E;

/// <summary>
/// The one test that fails when no Chromium can be found (the journeys are then skipped), so a
/// fresh machine reports one failure with what to install rather than a launch error per journey.
/// </summary>
public sealed class BrowserAvailabilityTests
{
    [Fact]
    public async Task A_browser_is_available()
    {
        var lookup = await Chromium.LookUpAsync();

        Assert.True(lookup.Options is not null, lookup.Problem);
    }
}
