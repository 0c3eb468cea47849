using System.Text.Json;
using Vinr.Portal.Api.Infrastructure;
using Vinr.Portal.Api.Infrastructure.Data;
using Vinr.Portal.Api.Infrastructure.Http;

namespace Vinr.Portal.Api.Features.Events;

/// <summary>Adds an event to the caller's unit of work, so it commits (or not) with the change it describes.</summary>
public static class EventLog
{
    /// <param name="type">One of <see cref="EventTypes"/>.</param>
    /// <param name="data">The object as the API shows it.</param>
    public static Event Add(BillingDbContext db, Actor actor, string type, object data, DateTimeOffset now)
    {
        var entry = new Event
        {
            Id = Ids.New("evt"),
            MerchantId = actor.Scope.MerchantId,
            Livemode = actor.Scope.Livemode,
            Type = type,
            Data = JsonSerializer.Serialize(data, data.GetType(), ApiJson.Options),
            Source = actor.Source,
            PortalSessionId = actor.PortalSessionId,
            Flow = actor.Flow,
            RequestId = actor.RequestId,
            IdempotencyKey = actor.IdempotencyKey,
            Created = now,
        };
        db.Events.Add(entry);
        return entry;
    }
}
