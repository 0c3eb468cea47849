using Vinr.Portal.Api.Infrastructure.Data;

namespace Vinr.Portal.Api.Features.BillingPortal.Sessions;

/// <summary>
/// What a redeemed portal session may see: one customer of one merchant, in one mode. Every portal
/// query is scoped by it, never by an id the browser sends.
/// </summary>
public sealed record PortalAccess(
    string SessionId,
    string MerchantId,
    bool Livemode,
    string CustomerId,
    string ConfigurationId,
    string ReturnUrl,
    string? Locale,
    PortalFlow? Flow = null,
    bool FlowCompleted = false) : ICustomerScope
{
    /// <summary>The deep link's task while it is not done: the portal shows only it.</summary>
    public PortalFlow? ActiveFlow => FlowCompleted ? null : Flow;

    /// <summary>
    /// The only pages a deep-linked session may show: its task's page (and the confirmation it may end
    /// on) until the task is done, then only the merchant's confirmation when it asked for one. Null:
    /// the whole portal.
    /// </summary>
    public IReadOnlyList<string>? ConfinedTo => (Flow, FlowCompleted) switch
    {
        ({ } flow, false) => [flow.StartPath.Split('?')[0], PortalFlow.ConfirmationPath],
        ({ AfterCompletion.Type: AfterCompletionType.HostedConfirmation }, true) => [PortalFlow.ConfirmationPath],
        _ => null,
    };
}
