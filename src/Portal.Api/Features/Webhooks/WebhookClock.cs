using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Vinr.Portal.Api.Features.Webhooks;

/// <summary>Runs the deliverer on every replica; leases keep replicas from sending one delivery twice at once.</summary>
internal sealed class WebhookClock(WebhookDeliverer deliverer, TimeProvider time, IOptions<WebhookOptions> options, ILogger<WebhookClock> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Real time for the cadence (as the billing clock does); business time from TimeProvider decides what is due.
        var interval = TimeSpan.FromSeconds(options.Value.PollSeconds);
        using var timer = new PeriodicTimer(interval);
        do
        {
            try
            {
                // Drain: a full batch means more may be due now.
                while (await deliverer.DeliverDueAsync(time.GetUtcNow(), stoppingToken) >= WebhookDeliverer.BatchSize)
                {
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogError(e, "Webhook delivery run failed; retrying in {Interval}", interval);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
