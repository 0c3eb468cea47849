using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Vinr.Portal.Api.Features.Events;
using Vinr.Portal.Api.Infrastructure;
using Vinr.Portal.Api.Infrastructure.Data;
using Vinr.Portal.Api.Infrastructure.Http;

namespace Vinr.Portal.Api.Features.Webhooks;

/// <summary>
/// Sends events to endpoints, from the events table as an outbox (ADR webhooks-outbox). A run fans out
/// new events into one delivery row per matching endpoint, then leases due deliveries one by one with a
/// conditional UPDATE and POSTs each. Any number of deliverers (threads, processes, replicas) may run:
/// a delivery is sent by the one holding its lease, and a lease a killed process held simply expires.
/// </summary>
public sealed class WebhookDeliverer(
    IDbContextFactory<BillingDbContext> dbFactory, WebhookSecrets secrets, IHttpClientFactory httpClients, TimeProvider time, ILogger<WebhookDeliverer> logger)
{
    public const string TestClient = "webhooks-test";
    public const string LiveClient = "webhooks-live";

    /// <summary>Longer than a POST may take (10 s total), so a lease never expires under a live attempt.</summary>
    public static readonly TimeSpan Lease = TimeSpan.FromMinutes(2);

    internal const int BatchSize = 100;

    /// <summary>
    /// Fans out up to a batch of new events and sends up to a batch of deliveries due by
    /// <paramref name="now"/>. Returns the larger of the two counts: a full batch of either means more
    /// may be waiting, so the caller runs again at once. (Counting only the sends left events no
    /// endpoint wants, the commonest kind, at a batch per poll: a burst of creates outran it.)
    /// </summary>
    public async Task<int> DeliverDueAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var fannedOut = await FanOutAsync(now, cancellationToken);
        List<string> due;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            due = await Due(db, now).OrderBy(d => d.NextAttemptAt).Select(d => d.Id).Take(BatchSize).ToListAsync(cancellationToken);
        }
        var attempted = 0;
        foreach (var id in due)
        {
            if (await ClaimAsync(id, now, cancellationToken) is { } token)
            {
                await SendAsync(id, token, cancellationToken);
                attempted++;
            }
        }
        return Math.Max(fannedOut, attempted);
    }

    /// <summary>
    /// Takes the lease on a due delivery: of any number of deliverers, one sees the row change. Returns
    /// the lease's token, or null when another holds it or it is no longer due.
    /// </summary>
    internal async Task<string?> ClaimAsync(string deliveryId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var token = Ids.RandomBase62(24);
        var until = now + Lease;
        var claimed = await Due(db, now).Where(d => d.Id == deliveryId)
            .ExecuteUpdateAsync(s => s.SetProperty(d => d.LockedUntil, until).SetProperty(d => d.LockToken, token), cancellationToken);
        return claimed == 1 ? token : null;
    }

    private static IQueryable<WebhookDelivery> Due(BillingDbContext db, DateTimeOffset now) =>
        db.WebhookDeliveries.AcrossMerchants("the deliverer serves every merchant")
            .Where(d => d.Status == DeliveryStatus.Pending && d.NextAttemptAt <= now && (d.LockedUntil == null || d.LockedUntil < now));

    /// <summary>
    /// Makes the delivery rows of events not yet fanned out: each event is marked in the same transaction
    /// as its rows, by a conditional UPDATE, so two deliverers never fan one event out twice.
    /// </summary>
    private async Task<int> FanOutAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        List<Event> pending;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            pending = await db.Events.AcrossMerchants("the deliverer fans out every merchant's events").AsNoTracking()
                .Where(e => !e.FannedOut).OrderBy(e => e.Created).Take(BatchSize).ToListAsync(cancellationToken);
        }
        foreach (var e in pending)
        {
            try
            {
                await FanOutAsync(e, now, cancellationToken);
            }
            catch (DbUpdateException failure)
            {
                // A resend made a row for this event at the same moment; the next run sees it and skips it.
                logger.LogWarning(failure, "Fanning out event {EventId} failed; retrying on the next run", e.Id);
            }
        }
        return pending.Count;
    }

    private async Task FanOutAsync(Event e, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (await db.Events.OwnedBy(e).Where(x => x.Id == e.Id && !x.FannedOut).ExecuteUpdateAsync(s => s.SetProperty(x => x.FannedOut, true), cancellationToken) == 0)
        {
            return;
        }
        // Endpoints made after the event never see it, as with Stripe; a resend can still send it to one.
        var endpoints = await db.WebhookEndpoints.OwnedBy(e).AsNoTracking().Where(w => !w.Disabled && w.Created <= e.Created).ToListAsync(cancellationToken);
        var existing = await db.WebhookDeliveries.OwnedBy(e).Where(d => d.EventId == e.Id).Select(d => d.EndpointId).ToListAsync(cancellationToken);
        foreach (var endpoint in endpoints.Where(w => w.Wants(e.Type) && !existing.Contains(w.Id)))
        {
            db.WebhookDeliveries.Add(NewDelivery(e, endpoint.Id, now, e.Created + WebhookRetry.Window));
        }
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    internal static WebhookDelivery NewDelivery(Event e, string endpointId, DateTimeOffset now, DateTimeOffset giveUpAt) => new()
    {
        Id = Ids.New("whd"),
        MerchantId = e.MerchantId,
        Livemode = e.Livemode,
        EventId = e.Id,
        EndpointId = endpointId,
        Status = DeliveryStatus.Pending,
        NextAttemptAt = now,
        GiveUpAt = giveUpAt,
        Created = now,
    };

    private async Task SendAsync(string deliveryId, string token, CancellationToken cancellationToken)
    {
        WebhookDelivery delivery;
        WebhookEndpoint endpoint;
        string body;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            delivery = await db.WebhookDeliveries.AcrossMerchants("a delivery this deliverer leased").AsNoTracking().FirstAsync(d => d.Id == deliveryId, cancellationToken);
            endpoint = await db.WebhookEndpoints.OwnedBy(delivery).AsNoTracking().FirstAsync(w => w.Id == delivery.EndpointId, cancellationToken);
            var e = await db.Events.OwnedBy(delivery).AsNoTracking().FirstAsync(x => x.Id == delivery.EventId, cancellationToken);
            var pending = await db.WebhookDeliveries.OwnedBy(delivery).CountAsync(d => d.EventId == e.Id && d.Status == DeliveryStatus.Pending, cancellationToken);
            body = JsonSerializer.Serialize(EventObject.From(e, pending), ApiJson.Options);
        }

        var signature = WebhookSignature.Sign(body, secrets.Reveal(endpoint.ProtectedSecret), time.GetUtcNow());
        int? status = null;
        string? error = null;
        var stopwatch = Stopwatch.StartNew();
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, endpoint.Url) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
            request.Headers.Add("Vinr-Signature", signature);
            // The same value under Stripe's name, so Stripe's SDKs and middlewares verify VINR's webhooks unchanged.
            request.Headers.Add("Stripe-Signature", signature);
            using var response = await httpClients.CreateClient(endpoint.Livemode ? LiveClient : TestClient).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            status = (int)response.StatusCode;
            if (!response.IsSuccessStatusCode)
            {
                error = $"The endpoint answered HTTP {status}.";
            }
        }
        catch (Exception failure) when (!cancellationToken.IsCancellationRequested)
        {
            error = Trim(Describe(failure));
        }
        stopwatch.Stop();
        await RecordAsync(delivery, endpoint, token, status, error, stopwatch.ElapsedMilliseconds, cancellationToken);
    }

    /// <summary>The attempt, the delivery's next state and the endpoint's, in one transaction.</summary>
    private async Task RecordAsync(WebhookDelivery delivery, WebhookEndpoint endpoint, string token, int? status, string? error, long durationMs,
        CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var succeeded = error is null;
        var failures = delivery.Attempts + 1;
        var next = succeeded ? null : WebhookRetry.Next(now, failures, delivery.GiveUpAt, Random.Shared.NextDouble());
        var state = succeeded ? DeliveryStatus.Succeeded : next is null ? DeliveryStatus.Failed : DeliveryStatus.Pending;

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        db.WebhookAttempts.Add(new WebhookAttempt
        {
            Id = Ids.New("wha"),
            MerchantId = delivery.MerchantId,
            Livemode = delivery.Livemode,
            EventId = delivery.EventId,
            EndpointId = endpoint.Id,
            Url = endpoint.Url,
            StatusCode = status,
            Succeeded = succeeded,
            DurationMs = durationMs,
            Error = error,
            Created = now,
        });
        await db.SaveChangesAsync(cancellationToken);
        // Only while this deliverer still holds the lease: a resend or a newer lease is not overwritten.
        await db.WebhookDeliveries.OwnedBy(delivery).Where(d => d.Id == delivery.Id && d.LockToken == token).ExecuteUpdateAsync(s => s
            .SetProperty(d => d.Status, state)
            .SetProperty(d => d.Attempts, d => d.Attempts + 1)
            .SetProperty(d => d.NextAttemptAt, next ?? delivery.NextAttemptAt)
            .SetProperty(d => d.LockedUntil, (DateTimeOffset?)null)
            .SetProperty(d => d.LockToken, (string?)null), cancellationToken);
        var endpoints = db.WebhookEndpoints.OwnedBy(delivery).Where(w => w.Id == endpoint.Id);
        if (succeeded)
        {
            await endpoints.Where(w => w.FailingSince != null).ExecuteUpdateAsync(s => s.SetProperty(w => w.FailingSince, (DateTimeOffset?)null), cancellationToken);
        }
        else if (state == DeliveryStatus.Failed)
        {
            await endpoints.Where(w => w.FailingSince == null).ExecuteUpdateAsync(s => s.SetProperty(w => w.FailingSince, now), cancellationToken);
            logger.LogWarning("Gave up delivering event {EventId} to webhook endpoint {EndpointId} after {Attempts} attempts", delivery.EventId, endpoint.Id, failures);
        }
        await transaction.CommitAsync(cancellationToken);
    }

    private static string Describe(Exception failure) => failure switch
    {
        TaskCanceledException or OperationCanceledException or Polly.Timeout.TimeoutRejectedException => "Timed out waiting for the endpoint.",
        HttpRequestException { InnerException: HttpRequestException inner } => inner.Message,
        HttpRequestException http => http.InnerException is { } inner && http.Message.Length < 40 ? $"{http.Message} {inner.Message}" : http.Message,
        _ => failure.Message,
    };

    private static string Trim(string text) => text.Length <= 500 ? text : text[..497] + "...";
}
