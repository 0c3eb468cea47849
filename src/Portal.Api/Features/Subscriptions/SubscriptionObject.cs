namespace Vinr.Portal.Api.Features.Subscriptions;

/// <summary>A subscription as the API and events show it.</summary>
public sealed record SubscriptionObject(
    string Id, string Object, string Customer, SubscriptionStatus Status, string Price, long Quantity,
    long CurrentPeriodStart, long CurrentPeriodEnd, bool CancelAtPeriodEnd, long? CanceledAt, long Created, bool Livemode)
{
    public static SubscriptionObject From(Subscription s) => new(
        s.Id, "subscription", s.CustomerId, s.Status, s.PriceId, s.Quantity, s.CurrentPeriodStart.ToUnixTimeSeconds(),
        s.CurrentPeriodEnd.ToUnixTimeSeconds(), s.CancelAtPeriodEnd, s.CanceledAt?.ToUnixTimeSeconds(), s.Created.ToUnixTimeSeconds(), s.Livemode);
}
