using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Vinr.Portal.Api.Features.Subscriptions;

/// <summary>
/// Turns subscription periods as they end (<see cref="SubscriptionRenewals"/>), checking once a
/// minute. Every replica may run it: each period turns exactly once (a conditional update decides).
/// </summary>
internal sealed class BillingClock(SubscriptionRenewals renewals, TimeProvider time, ILogger<BillingClock> logger) : BackgroundService
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
                var renewed = await renewals.RenewDueAsync(time.GetUtcNow(), stoppingToken);
                if (renewed > 0)
                {
                    logger.LogInformation("Billing clock renewed or ended {Count} subscriptions", renewed);
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
