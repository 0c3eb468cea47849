using Vinr.Portal.Api.Features.BillingPortal.Sessions;
using Vinr.Portal.Api.Infrastructure.Data;
using Vinr.Portal.Api.Infrastructure.Http;

namespace Vinr.Portal.Api.Features.Events;

/// <summary>
/// Who made a change, as its event records it: the merchant's backend (<c>api</c>), a customer in
/// the portal (<c>portal</c>, with the portal session), or the billing clock (<c>system</c>).
/// <see cref="Scope"/> is whose data the change may touch; a portal session's scope is its customer.
/// </summary>
/// <param name="Flow">The portal session's deep-link flow (<c>subscription_cancel</c>, ...), so a merchant sees which task led to the change.</param>
/// <param name="RequestId">The API request's <c>Request-Id</c> and <paramref name="IdempotencyKey"/> its key, for the event's <c>request</c>.</param>
public sealed record Actor(IMerchantScope Scope, string Source, string? PortalSessionId, string? Flow = null, string? RequestId = null, string? IdempotencyKey = null)
{
    public static Actor Portal(PortalAccess access) =>
        new(access, "portal", access.SessionId, access.Flow is { } flow ? PortalFlow.NameOf(flow.Type) : null);

    public static Actor Api(IMerchantScope caller) =>
        new(caller, "api", null, RequestId: (caller as ApiCaller)?.RequestId, IdempotencyKey: (caller as ApiCaller)?.IdempotencyKey);

    public static Actor System(IMerchantScope owner) => new(owner, "system", null);
}
