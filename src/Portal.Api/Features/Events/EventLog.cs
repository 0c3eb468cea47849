using System.Text.Json;
using Vinr.Portal.Api.Infrastructure;
using Vinr.Portal.Api.Infrastructure.Data;
using Vinr.Portal.Api.Infrastructure.Http;

namespace Vinr.Portal.Api.Features.Events;

/// <summary>Adds an event to the caller's unit of work, so it commits (or not) with the change it describes.</summary>
public static class EventLog
{
    public static Event Add(BillingDbContext db, string merchantId, bool livemode, string type, object data,
        string source, DateTimeOffset now, string? portalSessionId = null)
    {
        var entry = new Event
        {
            Id = Ids.New("evt"),
            MerchantId = merchantId,
            Livemode = livemode,
            Type = type,
            Data = JsonSerializer.Serialize(data, data.GetType(), ApiJson.Options),
            Source = source,
            PortalSessionId = portalSessionId,
            Created = now,
        };
        db.Events.Add(entry);
        return entry;
    }
}
