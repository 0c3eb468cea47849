using Vinr.Portal.Api.Features.BillingPortal.Sessions;

namespace Vinr.Portal.Tests.Features.BillingPortal.Sessions;

public sealed class PortalAccessTests
{
    private static PortalAccess With(PortalFlow? flow, bool completed) =>
        new("bps_1", "acct_1", false, "cust_1", "bpc_1", "https://example.com", null, flow, completed);

    private static PortalFlow Cancel(AfterCompletion after) => new(FlowType.SubscriptionCancel, after, "sub_1");

    [Fact]
    public void A_session_without_a_deep_link_sees_the_whole_portal()
    {
        Assert.Null(With(null, false).ConfinedTo);
        Assert.Null(With(null, false).ActiveFlow);
    }

    [Fact]
    public void A_deep_link_confines_the_session_to_its_task_until_it_is_done()
    {
        var open = With(Cancel(AfterCompletion.Homepage), completed: false);
        var done = With(Cancel(AfterCompletion.Homepage), completed: true);

        Assert.Equal(["/subscriptions/sub_1/cancel", PortalFlow.ConfirmationPath], open.ConfinedTo);
        Assert.NotNull(open.ActiveFlow);
        Assert.Null(done.ConfinedTo);
        Assert.Null(done.ActiveFlow);
    }

    [Fact]
    public void After_a_hosted_confirmation_only_the_confirmation_remains()
    {
        var done = With(Cancel(new AfterCompletion(AfterCompletionType.HostedConfirmation, CustomMessage: "See you soon")), completed: true);

        Assert.Equal([PortalFlow.ConfirmationPath], done.ConfinedTo);
    }

    [Theory]
    [InlineData(FlowType.PaymentMethodUpdate, "/payment-methods")]
    [InlineData(FlowType.SubscriptionCancel, "/subscriptions/sub_1/cancel")]
    [InlineData(FlowType.SubscriptionUpdate, "/subscriptions/sub_1/plan")]
    [InlineData(FlowType.SubscriptionUpdateConfirm, "/subscriptions/sub_1/plan?price=price_2&quantity=3")]
    public void Each_flow_starts_on_its_own_page(FlowType type, string path)
    {
        var flow = new PortalFlow(type, AfterCompletion.Homepage, type == FlowType.PaymentMethodUpdate ? null : "sub_1", "price_2", 3);

        Assert.Equal(path, flow.StartPath);
    }
}
