using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Vinr.Portal.Api.Features.PaymentMethods;

namespace Vinr.Portal.Api.Features.Subscriptions;

/// <summary>
/// Turns subscription periods as they end (<see cref="SubscriptionRenewals"/>) and retries failed
/// renewals on their schedule (<see cref="DunningRetries"/>), checking every <c>Billing:ClockSeconds</c> of real time:
/// customers on a test clock move only when their clock is advanced. It also gives back charges whose
/// process died before what they paid for committed (<see cref="PortalCharges.SettleAbandonedAsync"/>).
/// Every replica may run it: each period turns, and each retry happens, exactly once (conditional
/// updates decide), and each abandoned charge is refunded once (refunds are idempotent).
/// </summary>
internal sealed class BillingClock(SubscriptionRenewals renewals, DunningRetries retries, PortalCharges charges, TimeProvider time, IOptions<BillingClockOptions> options,
    ILogger<BillingClock> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = TimeSpan.FromSeconds(options.Value.ClockSeconds);
        // Real time for the cadence (as for the WAL checkpointer); business time from TimeProvider decides what is due.
        using var timer = new PeriodicTimer(interval);
        do
        {
            try
            {
                var now = time.GetUtcNow();
                var renewed = await renewals.RenewDueAsync(now, stoppingToken);
                var retried = await retries.RetryDueAsync(now, stoppingToken);
                await charges.SettleAbandonedAsync(now, stoppingToken);
                if (renewed > 0 || retried > 0)
                {
                    logger.LogInformation("Billing clock renewed or ended {Count} subscriptions and retried {Retried} invoices", renewed, retried);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogError(e, "Billing clock run failed; retrying in {Interval}", interval);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
