using Bunit;
using MudBlazor;
using Vinr.Portal.Api.Features.BillingPortal.Configurations;
using Vinr.Portal.Api.Features.Subscriptions;
using Vinr.Portal.Components.Pages.Overview;
using Vinr.Portal.Components.Pages.Subscriptions;

namespace Vinr.Portal.Tests.Components.Pages;

public sealed class SubscriptionPagesTests : PortalComponentTest
{
    private string SubscriptionId
    {
        get
        {
            using var db = DbFactory.CreateDbContext();
            return db.Subscriptions.Single(s => s.CustomerId == Api.Features.Demo.DemoSeeder.CustomerId).Id;
        }
    }

    private IRenderedComponent<ChangePlan> RenderChangePlan()
    {
        Render<MudPopoverProvider>();
        return RenderInPortal<ChangePlan>(AccessFor(), parameters: p => p.Add(c => c.SubscriptionId, SubscriptionId));
    }

    private IRenderedComponent<CancelSubscription> RenderCancel()
    {
        Render<MudPopoverProvider>();
        return RenderInPortal<CancelSubscription>(AccessFor(), parameters: p => p.Add(c => c.SubscriptionId, SubscriptionId));
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
    public void Cancel_at_period_end_says_until_when_and_offers_the_configured_reasons()
    {
        ConfigureFeatures(f => f.SubscriptionCancel.ReasonOptions = ["too_expensive", "other"]);

        var page = RenderCancel();

        page.WaitForAssertion(() => Assert.Contains("stays active until", page.Find("[data-testid=cancel-statement]").TextContent, StringComparison.Ordinal));
        Assert.Contains("It's too expensive", page.Markup, StringComparison.Ordinal);
        Assert.Contains("Other reason", page.Markup, StringComparison.Ordinal);
        Assert.DoesNotContain("I don't use it enough", page.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public void Immediate_cancellation_says_it_ends_now_and_credits_unused_time()
    {
        ConfigureFeatures(f => f.SubscriptionCancel.Mode = CancelMode.Immediately);

        var page = RenderCancel();

        page.WaitForAssertion(() => Assert.Contains("ends now", page.Find("[data-testid=cancel-statement]").TextContent, StringComparison.Ordinal));
        Assert.Contains("credited to your account balance", page.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public void A_subscription_already_set_to_cancel_cannot_be_cancelled_again()
    {
        ChangeDemoSubscription(s => s.CancelAtPeriodEnd = true);

        var page = RenderCancel();

        page.WaitForAssertion(() => Assert.Contains("cannot be cancelled here", page.Markup, StringComparison.Ordinal));
        Assert.Empty(page.FindAll("[data-testid=confirm-cancel]"));
    }

    [Fact]
    public void The_overview_shows_a_scheduled_change_with_the_way_to_keep_the_plan()
    {
        using (var db = DbFactory.CreateDbContext())
        {
            var starter = db.Prices.Single(p => p.Nickname == "Starter monthly").Id;
            ChangeDemoSubscription(s => s.ScheduledPriceId = starter);
        }

        var page = RenderInPortal<Overview>(AccessFor());

        page.WaitForAssertion(() => Assert.Contains("Changes to Starter", page.Find("[data-testid=scheduled-change]").TextContent, StringComparison.Ordinal));
        Assert.Contains("Keep Pro", page.Find("[data-testid=scheduled-change]").TextContent, StringComparison.Ordinal);
        Assert.Contains("Next invoice $12.00", page.Find("[data-testid=renewal]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void The_overview_offers_renewal_of_a_pending_cancellation_and_no_other_plan_actions()
    {
        ChangeDemoSubscription(s => s.CancelAtPeriodEnd = true);

        var page = RenderInPortal<Overview>(AccessFor());

        page.WaitForAssertion(() => Assert.Contains("Renew subscription", page.Find("[data-testid=pending-cancellation]").TextContent, StringComparison.Ordinal));
        Assert.DoesNotContain("Change plan", page.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public void The_overview_hides_actions_the_merchant_turned_off()
    {
        ConfigureFeatures(f =>
        {
            f.SubscriptionUpdate.Enabled = false;
            f.SubscriptionCancel.Enabled = false;
        });

        var page = RenderInPortal<Overview>(AccessFor());

        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("[data-testid=subscription]")));
        Assert.DoesNotContain("Change plan", page.Markup, StringComparison.Ordinal);
        Assert.DoesNotContain("Cancel subscription", page.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public void A_past_due_overview_links_to_the_payment_methods_page()
    {
        ChangeDemoSubscription(s => s.Status = SubscriptionStatus.PastDue);
        using (var db = DbFactory.CreateDbContext())
        {
            var latest = db.Invoices.OrderByDescending(i => i.Created).First();
            latest.Status = Api.Features.Invoices.InvoiceStatus.Open;
            latest.LastPaymentError = "Your card has insufficient funds.";
            db.SaveChanges();
        }

        var page = RenderInPortal<Overview>(AccessFor());

        page.WaitForAssertion(() => Assert.Contains("insufficient funds", page.Find("[data-testid=past-due]").TextContent, StringComparison.Ordinal));
        Assert.Equal("/payment-methods", page.Find("[data-testid=past-due] a").GetAttribute("href"));
    }
}
