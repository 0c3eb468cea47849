using Microsoft.EntityFrameworkCore;
using Vinr.Portal.Api.Features.Events;
using Vinr.Portal.Api.Infrastructure.Data;
using Vinr.Portal.Api.Infrastructure.Http;

namespace Vinr.Portal.Api.Features.Webhooks;

/// <summary>A merchant's events as the API reads them, their delivery attempts, and resending one.</summary>
public sealed class WebhookEvents(IDbContextFactory<BillingDbContext> dbFactory, TimeProvider time)
{
    public const string ListUrl = "/v1/events";

    public async Task<EventObject?> GetAsync(ApiCaller caller, string id, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var e = await db.Events.OwnedBy(caller).AsNoTracking().FirstOrDefaultAsync(x => x.Id == id, cancellationToken);
        return e is null ? null : (await ToObjectsAsync(db, caller, [e], cancellationToken))[0];
    }

    /// <summary>Newest first; <paramref name="types"/> (when any) keeps those types; <paramref name="createdGte"/>/<paramref name="createdLte"/> bound the time.</summary>
    public async Task<ListObject<EventObject>> ListAsync(ApiCaller caller, PageRequest page, IReadOnlyList<string> types, DateTimeOffset? createdGte,
        DateTimeOffset? createdLte, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var query = db.Events.OwnedBy(caller).AsNoTracking();
        if (types.Count > 0)
        {
            query = query.Where(e => types.Contains(e.Type));
        }
        if (createdGte is { } from)
        {
            query = query.Where(e => e.Created >= from);
        }
        if (createdLte is { } to)
        {
            query = query.Where(e => e.Created <= to);
        }
        var (items, hasMore) = await page.ApplyAsync(query, cancellationToken);
        return new ListObject<EventObject>("list", await ToObjectsAsync(db, caller, items, cancellationToken), hasMore, ListUrl);
    }

    /// <summary>Attempts of one event (or of one endpoint), newest first; null when the event (or endpoint) is not the caller's.</summary>
    public async Task<ListObject<WebhookAttemptObject>?> AttemptsAsync(ApiCaller caller, string? eventId, string? endpointId, PageRequest page,
        CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var query = db.WebhookAttempts.OwnedBy(caller).AsNoTracking();
        if (eventId is not null)
        {
            if (!await db.Events.OwnedBy(caller).AnyAsync(e => e.Id == eventId, cancellationToken))
            {
                return null;
            }
            query = query.Where(a => a.EventId == eventId);
        }
        if (endpointId is not null)
        {
            if (!await db.WebhookEndpoints.OwnedBy(caller).AnyAsync(e => e.Id == endpointId, cancellationToken))
            {
                throw new ApiException(ApiError.NoSuch(eventId is null ? "id" : "webhook_endpoint", "webhook endpoint", endpointId));
            }
            query = query.Where(a => a.EndpointId == endpointId);
        }
        var (items, hasMore) = await page.ApplyAsync(query, cancellationToken);
        var url = eventId is not null ? $"{ListUrl}/{eventId}/attempts" : $"{WebhookEndpoints.ListUrl}/{endpointId}/attempts";
        return new ListObject<WebhookAttemptObject>("list", [.. items.Select(WebhookAttemptObject.From)], hasMore, url);
    }

    /// <summary>
    /// Sends the event again, with the same id, to <paramref name="endpointId"/> (even one made after it,
    /// or one not subscribed to its type) or else to every endpoint it was owed to, with three more days
    /// of retries. Null when there is no such event.
    /// </summary>
    public async Task<EventObject?> ResendAsync(ApiCaller caller, string id, string? endpointId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var e = await db.Events.OwnedBy(caller).AsNoTracking().FirstOrDefaultAsync(x => x.Id == id, cancellationToken);
        if (e is null)
        {
            return null;
        }
        var now = time.GetUtcNow();
        var giveUpAt = now + WebhookRetry.Window;
        var deliveries = db.WebhookDeliveries.OwnedBy(caller).Where(d => d.EventId == id);
        if (endpointId is not null)
        {
            var endpoint = await db.WebhookEndpoints.OwnedBy(caller).AsNoTracking().FirstOrDefaultAsync(w => w.Id == endpointId, cancellationToken)
                ?? throw new ApiException(ApiError.NoSuch("webhook_endpoint", "webhook endpoint", endpointId));
            if (endpoint.Disabled)
            {
                throw new ApiException(new ApiError(400, ApiError.InvalidRequest, "action_not_allowed",
                    $"Webhook endpoint {endpointId} is disabled: enable it (disabled=false) to resend to it.", "webhook_endpoint"));
            }
            deliveries = deliveries.Where(d => d.EndpointId == endpointId);
            if (!await deliveries.AnyAsync(cancellationToken))
            {
                db.WebhookDeliveries.Add(WebhookDeliverer.NewDelivery(e, endpointId, now, giveUpAt));
                await db.SaveChangesAsync(cancellationToken);
            }
        }
        else if (!await deliveries.AnyAsync(cancellationToken))
        {
            throw new ApiException(new ApiError(400, ApiError.InvalidRequest, "action_not_allowed",
                $"Event {id} was not owed to any webhook endpoint: name one in webhook_endpoint to send it there.", "webhook_endpoint"));
        }
        // A delivery under lease keeps it: the attempt in flight is the resend, never a second one beside it.
        await deliveries.ExecuteUpdateAsync(s => s
            .SetProperty(d => d.Status, DeliveryStatus.Pending)
            .SetProperty(d => d.NextAttemptAt, now)
            .SetProperty(d => d.GiveUpAt, giveUpAt), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return (await ToObjectsAsync(db, caller, [e], cancellationToken))[0];
    }

    private static async Task<List<EventObject>> ToObjectsAsync(BillingDbContext db, ApiCaller caller, List<Event> events, CancellationToken cancellationToken)
    {
        var ids = events.Select(e => e.Id).ToList();
        var pending = await db.WebhookDeliveries.OwnedBy(caller).Where(d => ids.Contains(d.EventId) && d.Status == DeliveryStatus.Pending)
            .GroupBy(d => d.EventId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, cancellationToken);
        return [.. events.Select(e => EventObject.From(e, pending.GetValueOrDefault(e.Id)))];
    }
}
