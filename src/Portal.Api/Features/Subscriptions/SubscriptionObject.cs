namespace Vinr.Portal.Api.Features.Subscriptions;

/// <summary>A subscription as the API and events show it.</summary>
public sealed record SubscriptionObject(
    string Id, string Object, string Customer, SubscriptionStatus Status, string Price, long Quantity,
    long CurrentPeriodStart, long CurrentPeriodEnd, bool CancelAtPeriodEnd, long? CanceledAt, long? EndedAt,
    CancellationDetails CancellationDetails, ScheduledChange? ScheduledChange, long Created, bool Livemode)
{
    public static SubscriptionObject From(Subscription s) => new(
        s.Id, "subscription", s.CustomerId, s.Status, s.PriceId, s.Quantity, s.CurrentPeriodStart.ToUnixTimeSeconds(),
        s.CurrentPeriodEnd.ToUnixTimeSeconds(), s.CancelAtPeriodEnd, s.CanceledAt?.ToUnixTimeSeconds(), s.EndedAt?.ToUnixTimeSeconds(),
        new CancellationDetails(s.CancellationReason, s.CancellationFeedback),
        s.ScheduledPriceId is { } price ? new ScheduledChange(price, s.ScheduledQuantity ?? 1, s.CurrentPeriodEnd.ToUnixTimeSeconds()) : null,
        s.Created.ToUnixTimeSeconds(), s.Livemode);
}

/// <summary>Why the customer cancelled, carried in the same event as the cancellation.</summary>
public sealed record CancellationDetails(string? Reason, string? Feedback);

/// <summary>A change waiting for period end.</summary>
public sealed record ScheduledChange(string Price, long Quantity, long EffectiveAt);
