using Bunit;
using Microsoft.EntityFrameworkCore;
using MudBlazor;
using Vinr.Portal.Api.Features.BillingPortal.Configurations;
using Vinr.Portal.Api.Features.Subscriptions;
using Vinr.Portal.Components.Pages.Subscriptions;
using Vinr.Portal.Tests.Support;

namespace Vinr.Portal.Tests.Components.Pages.Subscriptions;

public sealed class CancelSubscriptionPageTests : PortalComponentTest
{
    private IRenderedComponent<CancelSubscriptionPage> RenderCancel()
    {
        Render<MudPopoverProvider>();
        return RenderInPortal<CancelSubscriptionPage>(AccessFor(), parameters: p => p.Add(c => c.SubscriptionId, DemoSubscriptionId));
    }

    [Fact]
    public void Cancel_at_period_end_says_until_when_and_offers_the_configured_reasons()
    {
        ConfigureFeatures(f => f.SubscriptionCancel.ReasonOptions = ["too_expensive", "other"]);

        var page = RenderCancel();

        page.WaitForAssertion(() => Assert.Contains("stays active until", page.Find("[data-testid=cancel-statement]").TextContent, StringComparison.Ordinal));
        Assert.Contains("It’s too expensive", page.Markup, StringComparison.Ordinal);
        Assert.Contains("Other reason", page.Markup, StringComparison.Ordinal);
        Assert.DoesNotContain("I don’t use it enough", page.Markup, StringComparison.Ordinal);
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
    public void In_french_the_statement_and_the_reasons_are_french()
    {
        ConfigureFeatures(f => f.SubscriptionCancel.ReasonOptions = ["too_expensive", "other"]);
        Render<MudPopoverProvider>();

        var page = RenderInPortal<CancelSubscriptionPage>(AccessFor(), culture: "fr", parameters: p => p.Add(c => c.SubscriptionId, DemoSubscriptionId));

        page.WaitForAssertion(() => Assert.Contains("reste actif jusqu’au", page.Find("[data-testid=cancel-statement]").TextContent, StringComparison.Ordinal));
        Assert.Contains("C’est trop cher", page.Markup, StringComparison.Ordinal);
        Assert.Contains("Autre raison", page.Markup, StringComparison.Ordinal);
        Assert.Contains("par mois", page.Find(".cancel-plan").TextContent, StringComparison.Ordinal);
        Assert.Equal("Résilier l’abonnement", page.Find("[data-testid=confirm-cancel]").TextContent.Trim());
    }

    [Fact]
    public async Task Ending_now_asks_first_and_keeping_it_changes_nothing()
    {
        ConfigureFeatures(f => f.SubscriptionCancel.Mode = CancelMode.Immediately);
        var dialogs = Render<MudDialogProvider>();
        var page = RenderCancel();
        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-testid=confirm-cancel]")));

        // The click's handler waits for the customer's answer: answer first, then see the click through.
        var confirming = page.Find("[data-testid=confirm-cancel]").ClickAsync(new());

        dialogs.WaitForAssertion(() => Assert.Contains("End your subscription now?", dialogs.Markup, StringComparison.Ordinal));
        await dialogs.FindAll("button").Single(b => b.TextContent.Contains("Keep my subscription", StringComparison.Ordinal)).ClickAsync(new());
        await confirming;
        dialogs.WaitForAssertion(() => Assert.DoesNotContain("End your subscription now?", dialogs.Markup, StringComparison.Ordinal));
        await using var db = await DbFactory.CreateDbContextAsync();
        var subscription = await db.Subscriptions.SingleAsync(s => s.Id == DemoSubscriptionId);
        Assert.Equal(SubscriptionStatus.Active, subscription.Status);
        Assert.False(subscription.CancelAtPeriodEnd);
    }

    [Fact]
    public void A_subscription_already_set_to_cancel_cannot_be_cancelled_again()
    {
        ChangeDemoSubscription(s => s.CancelAtPeriodEnd = true);

        var page = RenderCancel();

        page.WaitForAssertion(() => Assert.Contains("cannot be cancelled here", page.Markup, StringComparison.Ordinal));
        Assert.Empty(page.FindAll("[data-testid=confirm-cancel]"));
    }
}
