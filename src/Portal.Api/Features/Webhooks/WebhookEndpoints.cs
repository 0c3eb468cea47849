using System.Net;
using System.Net.Sockets;
using System.Reflection;
using Microsoft.EntityFrameworkCore;
using Vinr.Portal.Api.Features.Events;
using Vinr.Portal.Api.Infrastructure;
using Vinr.Portal.Api.Infrastructure.Data;
using Vinr.Portal.Api.Infrastructure.Http;

namespace Vinr.Portal.Api.Features.Webhooks;

/// <summary>A merchant's webhook endpoints: create (with its secret, shown once), retrieve, update, list, delete.</summary>
public sealed class WebhookEndpoints(IDbContextFactory<BillingDbContext> dbFactory, WebhookSecrets secrets, TimeProvider time)
{
    public const string ListUrl = "/v1/webhook_endpoints";
    public const int MaxEndpointsPerMode = 16;

    /// <summary>Every type in <see cref="EventTypes"/>, read once: a type added there is accepted here.</summary>
    public static readonly IReadOnlySet<string> KnownTypes = typeof(EventTypes).GetFields(BindingFlags.Public | BindingFlags.Static)
        .Where(f => f.IsLiteral && f.FieldType == typeof(string)).Select(f => (string)f.GetRawConstantValue()!).ToHashSet(StringComparer.Ordinal);

    public static readonly string[] CreateParameters = ["url", "enabled_events", "description", "metadata"];
    public static readonly string[] UpdateParameters = [.. CreateParameters, "disabled"];

    public async Task<WebhookEndpointObject> CreateAsync(ApiCaller caller, ApiParams p, CancellationToken cancellationToken)
    {
        var url = await CheckUrlAsync(p.RequiredString("url", 2048), caller.Livemode, cancellationToken);
        var events = EnabledEvents(p) ?? throw new ApiException(ApiError.Missing("enabled_events"));
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (await db.WebhookEndpoints.OwnedBy(caller).CountAsync(cancellationToken) >= MaxEndpointsPerMode)
        {
            throw new ApiException(ApiError.Invalid("url", $"You have {MaxEndpointsPerMode} webhook endpoints in this mode, the most allowed: delete one first."));
        }
        var (secret, protectedSecret) = secrets.Mint();
        var endpoint = new WebhookEndpoint
        {
            Id = Ids.New("we"),
            MerchantId = caller.MerchantId,
            Livemode = caller.Livemode,
            Url = url,
            EnabledEvents = events,
            Description = p.Has("description") ? p.Clearable("description") : null,
            Metadata = ApplyMetadata(p, []),
            ProtectedSecret = protectedSecret,
            Created = time.GetUtcNow(),
        };
        db.WebhookEndpoints.Add(endpoint);
        await db.SaveChangesAsync(cancellationToken);
        return WebhookEndpointObject.From(endpoint, secret);
    }

    public async Task<WebhookEndpointObject?> UpdateAsync(ApiCaller caller, string id, ApiParams p, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var endpoint = await db.WebhookEndpoints.OwnedBy(caller).FirstOrDefaultAsync(e => e.Id == id, cancellationToken);
        if (endpoint is null)
        {
            return null;
        }
        if (p.String("url", 2048) is { } url)
        {
            endpoint.Url = await CheckUrlAsync(url, caller.Livemode, cancellationToken);
        }
        endpoint.EnabledEvents = EnabledEvents(p) ?? endpoint.EnabledEvents;
        if (p.Has("description"))
        {
            endpoint.Description = p.Clearable("description");
        }
        endpoint.Disabled = p.Boolean("disabled") ?? endpoint.Disabled;
        if (p.Has("metadata"))
        {
            endpoint.Metadata = ApplyMetadata(p, endpoint.Metadata);
        }
        await db.SaveChangesAsync(cancellationToken);
        return WebhookEndpointObject.From(endpoint);
    }

    public async Task<WebhookEndpointObject?> GetAsync(ApiCaller caller, string id, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var endpoint = await db.WebhookEndpoints.OwnedBy(caller).AsNoTracking().FirstOrDefaultAsync(e => e.Id == id, cancellationToken);
        return endpoint is null ? null : WebhookEndpointObject.From(endpoint);
    }

    public async Task<ListObject<WebhookEndpointObject>> ListAsync(ApiCaller caller, PageRequest page, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var (items, hasMore) = await page.ApplyAsync(db.WebhookEndpoints.OwnedBy(caller).AsNoTracking(), cancellationToken);
        return new ListObject<WebhookEndpointObject>("list", [.. items.Select(e => WebhookEndpointObject.From(e))], hasMore, ListUrl);
    }

    /// <summary>Deletes it with its pending deliveries and attempts; false when there is no such endpoint.</summary>
    public async Task<bool> DeleteAsync(ApiCaller caller, string id, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.WebhookAttempts.OwnedBy(caller).Where(a => a.EndpointId == id).ExecuteDeleteAsync(cancellationToken);
        await db.WebhookDeliveries.OwnedBy(caller).Where(d => d.EndpointId == id).ExecuteDeleteAsync(cancellationToken);
        var deleted = await db.WebhookEndpoints.OwnedBy(caller).Where(e => e.Id == id).ExecuteDeleteAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return deleted == 1;
    }

    /// <summary>
    /// An absolute https URL (http too in test mode, for a receiver on your machine) without credentials.
    /// In live mode its host must not be, or resolve to, a private or reserved address (SSRF).
    /// </summary>
    public static async Task<string> CheckUrlAsync(string url, bool livemode, CancellationToken cancellationToken)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp) || uri.Host.Length == 0)
        {
            throw new ApiException(ApiError.UrlInvalid("url", $"Invalid URL: {url} is not an absolute http(s) URL."));
        }
        if (uri.UserInfo.Length > 0)
        {
            throw new ApiException(ApiError.UrlInvalid("url", "Invalid URL: it must not carry a user name or password."));
        }
        if (livemode && uri.Scheme != Uri.UriSchemeHttps)
        {
            throw new ApiException(ApiError.UrlInvalid("url", "Invalid URL: live-mode webhook endpoints must use https."));
        }
        if (livemode)
        {
            IPAddress[] addresses;
            try
            {
                addresses = IPAddress.TryParse(uri.IdnHost, out var literal) ? [literal] : await Dns.GetHostAddressesAsync(uri.IdnHost, cancellationToken);
            }
            catch (SocketException)
            {
                // Not resolvable now: nothing to judge yet. Every delivery checks the address it connects to.
                addresses = [];
            }
            if (addresses.FirstOrDefault(EndpointAddresses.IsForbidden) is { } forbidden)
            {
                throw new ApiException(ApiError.UrlInvalid("url",
                    $"Invalid URL: {uri.Host} is or resolves to {forbidden}, a private, loopback or reserved address. Live-mode webhooks go only to public addresses."));
            }
        }
        return uri.ToString();
    }

    private static string[]? EnabledEvents(ApiParams p)
    {
        if (!p.Has("enabled_events"))
        {
            return null;
        }
        var events = p.StringList("enabled_events");
        if (events.Count == 0)
        {
            throw new ApiException(ApiError.Invalid("enabled_events", "Invalid enabled_events: name at least one event type, or * for all."));
        }
        for (var i = 0; i < events.Count; i++)
        {
            if (events[i] != "*" && !KnownTypes.Contains(events[i]))
            {
                throw new ApiException(ApiError.Invalid($"enabled_events[{i}]", $"Invalid enabled_events[{i}]: '{events[i]}' is not an event type VINR sends."));
            }
        }
        return [.. events.Distinct(StringComparer.Ordinal)];
    }

    private static Dictionary<string, string> ApplyMetadata(ApiParams p, Dictionary<string, string> stored)
    {
        if (!p.Has("metadata") || p.IsBlank("metadata"))
        {
            return p.Has("metadata") ? [] : stored;
        }
        var merged = new Dictionary<string, string>(stored, StringComparer.Ordinal);
        foreach (var (key, value) in p.Metadata()!)
        {
            if (value is null)
            {
                merged.Remove(key);
            }
            else
            {
                merged[key] = value;
            }
        }
        return merged;
    }
}
