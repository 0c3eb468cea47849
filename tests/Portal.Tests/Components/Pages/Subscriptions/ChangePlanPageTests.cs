using Bunit;
using MudBlazor;
using Vinr.Portal.Api.Features.BillingPortal.Configurations;
using Vinr.Portal.Api.Features.Subscriptions;
using Vinr.Portal.Components.Pages.Subscriptions;
using Vinr.Portal.Tests.Support;

namespace Vinr.Portal.Tests.Components.Pages.Subscriptions;

public sealed class ChangePlanPageTests : PortalComponentTest
{
    private IRenderedComponent<ChangePlanPage> RenderChangePlan()
    {
        Render<MudPopoverProvider>();
        return RenderInPortal<ChangePlanPage>(AccessFor(), parameters: p => p.Add(c => c.SubscriptionId, DemoSubscriptionId));
    }

    [Fact]
    public void Change_plan_lists_the_offered_plans_of_the_current_interval_with_the_current_one_marked()
    {
        var page = RenderChangePlan();

        page.WaitForAssertion(() => Assert.Equal(3, page.FindAll("[data-testid=plan]").Count));
        var pro = page.Find("[data-plan=Pro]");
        Assert.Contains("Current plan", pro.TextContent, StringComparison.Ordinal);
        Assert.Contains("$49.00", pro.TextContent, StringComparison.Ordinal);
        Assert.NotNull(page.Find("[data-plan=Business] input"));
        Assert.Equal("true", page.Find(".interval-toggle button.selected").GetAttribute("aria-pressed"));
    }

    [Fact]
    public void Change_plan_says_so_when_the_merchant_turned_it_off()
    {
        ConfigureFeatures(f => f.SubscriptionUpdate.Enabled = false);

        var page = RenderChangePlan();

        page.WaitForAssertion(() => Assert.Contains("Plan changes are not available", page.Markup, StringComparison.Ordinal));
        Assert.Empty(page.FindAll("[data-testid=plan]"));
    }

    [Fact]
    public void With_upgrades_only_a_cheaper_plan_stays_listed_saying_why_it_cannot_be_chosen()
    {
        ConfigureFeatures(f => f.SubscriptionUpdate.Transitions = PlanTransitions.UpgradesOnly);

        var page = RenderChangePlan();

        page.WaitForAssertion(() => Assert.Equal(3, page.FindAll("[data-testid=plan]").Count));
        var starter = page.Find("[data-plan=Starter]");
        Assert.Contains("Only upgrades are offered from Pro", starter.QuerySelector("[data-testid=unavailable]")!.TextContent, StringComparison.Ordinal);
        Assert.True(starter.QuerySelector("button")!.HasAttribute("disabled"));
        Assert.Empty(page.Find("[data-plan=Business]").QuerySelectorAll("[data-testid=unavailable]"));
    }

    [Fact]
    public async Task In_french_plans_and_periods_are_french()
    {
        Render<MudPopoverProvider>();
        var page = RenderInPortal<ChangePlanPage>(AccessFor(), culture: "fr", parameters: p => p.Add(c => c.SubscriptionId, DemoSubscriptionId));
        page.WaitForAssertion(() => Assert.Equal(3, page.FindAll("[data-testid=plan]").Count));

        Assert.Contains("Formule actuelle", page.Find("[data-plan=Pro]").TextContent, StringComparison.Ordinal);
        Assert.Contains("par poste et par mois", page.Find("[data-plan=Business]").TextContent, StringComparison.Ordinal);
        Assert.Equal("Choisir Business", page.Find("[data-plan=Business] button.choose-plan").TextContent.Trim());
        Assert.Equal("Mensuel", page.Find(".interval-toggle button.selected").TextContent);
        await page.FindAll(".interval-toggle button").Single(b => b.TextContent == "Annuel").ClickAsync(new());
        // (The preview needs a signed-in session, which component tests have not: the language journeys check it.)
        page.WaitForAssertion(() => Assert.Equal("Annuel", page.Find(".interval-toggle button.selected").TextContent));
        Assert.Contains("par an", page.Find("[data-plan=Pro]").TextContent, StringComparison.Ordinal);
        Assert.Equal("", page.Find("[role=status]").TextContent);
    }
}
