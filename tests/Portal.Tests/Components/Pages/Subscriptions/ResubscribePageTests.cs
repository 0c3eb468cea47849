using Bunit;
using MudBlazor;
using Vinr.Portal.Api.Features.Demo;
using Vinr.Portal.Api.Features.Subscriptions;
using Vinr.Portal.Components.Pages.Overview;
using Vinr.Portal.Components.Pages.Subscriptions;
using Vinr.Portal.Tests.Support;

namespace Vinr.Portal.Tests.Components.Pages.Subscriptions;

/// <summary>Resubscribing in the portal: the overview's way in, and the page of plans.</summary>
public sealed class ResubscribePageTests : PortalComponentTest
{
    private void EndDemoSubscription() => ChangeDemoSubscription(s =>
    {
        s.Status = SubscriptionStatus.Canceled;
        s.EndedAt = Now.AddDays(-1);
    });

    private IRenderedComponent<OverviewPage> RenderOverview(string customerId = DemoSeeder.CustomerId)
    {
        var page = RenderInPortal<OverviewPage>(AccessFor(customerId));
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("[data-testid=customer]")));
        return page;
    }

    [Theory]
    [InlineData(true, SubscriptionStatus.Canceled, true)]
    [InlineData(true, SubscriptionStatus.Incomplete, true)]
    [InlineData(false, SubscriptionStatus.Canceled, false)]
    [InlineData(true, SubscriptionStatus.Active, false)]
    [InlineData(true, SubscriptionStatus.PastDue, false)]
    [InlineData(true, SubscriptionStatus.Trialing, false)]
    public void The_overview_offers_to_resubscribe_only_when_the_switch_is_on_and_nothing_is_billed(bool on, SubscriptionStatus status, bool offered)
    {
        ConfigureFeatures(f => f.Resubscribe = on);
        ChangeDemoSubscription(s => s.Status = status);

        var page = RenderOverview();

        Assert.Equal(offered, page.FindAll("[data-testid=resubscribe-offer]").Count == 1);
        Assert.Equal(offered, page.Markup.Contains("Resubscribe", StringComparison.Ordinal));
        if (offered)
        {
            Assert.Equal("resubscribe", page.Find("[data-testid=resubscribe-offer] a").GetAttribute("href"));
        }
    }

    [Fact]
    public void A_customer_who_never_subscribed_is_offered_to_start_a_subscription()
    {
        ConfigureFeatures(f => f.Resubscribe = true);
        AddPortalCustomer("cust_new");

        var page = RenderOverview("cust_new");

        Assert.Contains("You have no subscription with Acme Cloud.", page.Markup, StringComparison.Ordinal);
        Assert.Equal("Start a subscription", page.Find("[data-testid=resubscribe-offer] a").TextContent.Trim());
    }

    [Fact]
    public void The_page_lists_the_offered_plans_of_one_period_with_seats_for_per_seat_ones_and_no_current_plan()
    {
        ConfigureFeatures(f => f.Resubscribe = true);
        EndDemoSubscription();
        Render<MudPopoverProvider>();

        var page = RenderInPortal<ResubscribePage>(AccessFor());

        page.WaitForAssertion(() => Assert.Equal(3, page.FindAll("[data-testid=plan]").Count));
        Assert.Equal(["Starter", "Business", "Pro"], page.FindAll("[data-testid=plan]").Select(p => p.GetAttribute("data-plan")));
        Assert.Contains("$29.00", page.Find("[data-plan=Business]").TextContent, StringComparison.Ordinal);
        Assert.NotNull(page.Find("[data-plan=Business] input"));
        Assert.Empty(page.FindAll("[data-plan=Pro] input"));
        Assert.DoesNotContain("Current plan", page.Markup, StringComparison.Ordinal);
        Assert.Equal("Monthly", page.Find(".interval-toggle button[aria-pressed=true]").TextContent);

        page.FindAll(".interval-toggle button").Single(b => b.TextContent == "Yearly").Click();

        Assert.Contains("$290.00", page.Find("[data-plan=Business]").TextContent, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false, SubscriptionStatus.Canceled, "Starting a new subscription is not available here.")]
    [InlineData(true, SubscriptionStatus.Active, "You already have a subscription: change its plan instead.")]
    public void The_page_offers_nothing_and_says_why_when_resubscribing_is_not_allowed(bool on, SubscriptionStatus status, string why)
    {
        ConfigureFeatures(f => f.Resubscribe = on);
        ChangeDemoSubscription(s => s.Status = status);

        var page = RenderInPortal<ResubscribePage>(AccessFor());

        page.WaitForAssertion(() => Assert.Contains(why, page.Find("[data-testid=resubscribe-unavailable]").TextContent, StringComparison.Ordinal));
        Assert.Empty(page.FindAll("[data-testid=plan]"));
    }
}
