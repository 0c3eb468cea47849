using System.ComponentModel.DataAnnotations;

namespace Vinr.Portal.Api.Features.Subscriptions;

/// <summary>The <c>Billing</c> section's cadence (its <c>Dunning</c> part is <see cref="DunningOptions"/>).</summary>
public sealed class BillingClockOptions
{
    public const string Section = "Billing";

    /// <summary>How often each replica's billing clock looks for periods that ended and retries that are due (real seconds).</summary>
    [Range(1, 3600)]
    public int ClockSeconds { get; set; } = 60;
}
