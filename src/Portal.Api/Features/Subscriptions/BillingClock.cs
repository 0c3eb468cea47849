using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Vinr.Portal.Api.Features.Subscriptions;

/// <summary>
/// Turns subscription periods as they end (<see cref="SubscriptionRenewals"/>) and retries failed
/// renewals on their schedule (<see cref="DunningRetries"/>), checking once a minute, at real time:
/// customers on a test clock move only when their clock is advanced. Every replica may run it: each
/// period turns, and each retry happens, exactly once (conditional updates decide).
/// </summary>
internal sealed class BillingClock(SubscriptionRenewals renewals, DunningRetries retries, TimeProvider time, ILogger<BillingClock> logger) : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromMinutes(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Real time for the cadence (as for the WAL checkpointer); business time from TimeProvider decides what is due.
        using var timer = new PeriodicTimer(Interval);
        do
        {
            try
            {
                var now = time.GetUtcNow();
                var renewed = await renewals.RenewDueAsync(now, stoppingToken);
                var retried = await retries.RetryDueAsync(now, stoppingToken);
                if (renewed > 0 || retried > 0)
                {
                    logger.LogInformation("Billing clock renewed or ended {Count} subscriptions and retried {Retried} invoices", renewed, retried);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogError(e, "Billing clock run failed; retrying in {Interval}", Interval);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
