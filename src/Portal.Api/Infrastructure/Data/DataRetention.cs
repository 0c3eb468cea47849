using System.ComponentModel.DataAnnotations;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Vinr.Portal.Api.Features.Webhooks;
using Vinr.Portal.Api.Infrastructure.Http;

namespace Vinr.Portal.Api.Infrastructure.Data;

/// <summary>How long rows that no longer serve anyone are kept (<c>Retention</c>).</summary>
public sealed class RetentionOptions
{
    public const string Section = "Retention";

    /// <summary>Portal sessions after their creation (a session is usable for at most its link's 24 h and 12 h after opening).</summary>
    [Range(typeof(TimeSpan), "2.00:00:00", "3650.00:00:00")]
    public TimeSpan Sessions { get; set; } = TimeSpan.FromDays(30);

    /// <summary>Webhook deliveries that succeeded or were given up on (the attempts, which merchants list, stay).</summary>
    [Range(typeof(TimeSpan), "1.00:00:00", "3650.00:00:00")]
    public TimeSpan FinishedDeliveries { get; set; } = TimeSpan.FromDays(7);
}

/// <summary>What one purge removed.</summary>
public sealed record PurgeResult(int Sessions, int IdempotencyRecords, int Deliveries, int Challenges = 0);

/// <summary>
/// Removes expired portal sessions, idempotency records past their 24-hour replay window and finished
/// webhook deliveries past retention, and 3-D Secure challenges a day after they expired (past any replay of
/// their charge's idempotency key). Each is one DELETE with a cut-off, so any number of replicas may
/// run it at once.
/// </summary>
public sealed class DataRetention(IDbContextFactory<BillingDbContext> dbFactory, IOptions<RetentionOptions> options)
{
    private const string Why = "retention removes every merchant's expired rows";

    public async Task<PurgeResult> PurgeAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var sessionCutoff = now - options.Value.Sessions;
        var replayCutoff = now - Idempotency.Window;
        var deliveryCutoff = now - options.Value.FinishedDeliveries;
        var sessions = await db.PortalSessions.AcrossMerchants(Why).Where(s => s.Created < sessionCutoff).ExecuteDeleteAsync(cancellationToken);
        var records = await db.IdempotencyRecords.AcrossMerchants(Why).Where(r => r.Created < replayCutoff).ExecuteDeleteAsync(cancellationToken);
        var deliveries = await db.WebhookDeliveries.AcrossMerchants(Why)
            .Where(d => d.Status != DeliveryStatus.Pending && d.Created < deliveryCutoff).ExecuteDeleteAsync(cancellationToken);
        var challengeCutoff = now - Idempotency.Window;
        var challenges = await db.CardAuthentications.AcrossMerchants(Why).Where(a => a.Expires < challengeCutoff).ExecuteDeleteAsync(cancellationToken);
        return new PurgeResult(sessions, records, deliveries, challenges);
    }
}

/// <summary>Runs <see cref="DataRetention"/> hourly, at real time; the cut-offs come from the injected clock.</summary>
internal sealed class RetentionClock(DataRetention retention, TimeProvider time, ILogger<RetentionClock> logger) : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromHours(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval);
        do
        {
            try
            {
                var purged = await retention.PurgeAsync(time.GetUtcNow(), stoppingToken);
                if (purged is not { Sessions: 0, IdempotencyRecords: 0, Deliveries: 0, Challenges: 0 })
                {
                    logger.LogInformation("Retention removed {Sessions} sessions, {Records} idempotency records, {Deliveries} webhook deliveries and {Challenges} challenges",
                        purged.Sessions, purged.IdempotencyRecords, purged.Deliveries, purged.Challenges);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogError(e, "Retention run failed; retrying in {Interval}", Interval);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
