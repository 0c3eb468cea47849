using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Vinr.Portal.Api.Features.BillingPortal.Configurations;
using Vinr.Portal.Api.Features.BillingPortal.Portal;
using Vinr.Portal.Api.Features.Customers;
using Vinr.Portal.Api.Features.Events;
using Vinr.Portal.Api.Features.Subscriptions;
using Vinr.Portal.Api.Infrastructure;
using Vinr.Portal.Api.Infrastructure.Data;
using Vinr.Portal.Api.Infrastructure.Http;

namespace Vinr.Portal.Api.Features.BillingPortal.Sessions;

/// <summary>
/// A portal session's whole life: minted by the merchant, its link inspected (changing nothing),
/// redeemed once, checked on every request and every minute in an open tab, ended by "Return".
/// </summary>
public sealed class PortalSessions(
    IDbContextFactory<BillingDbContext> dbFactory,
    SessionLinks links,
    PortalBaseUrl baseUrl,
    IOptions<PortalSessionOptions> options,
    TimeProvider time)
{
    // Before a session is open, only its link (a Data Protection payload naming it) or its cookie's
    // credential (checked in constant time below) says whose it is: these lookups cross merchants.
    private const string ByVerifiedLink = "the session named by a verified link token";
    private const string ByCredential = "the session named by a portal cookie, checked against its access key";

    // A create's two reads, compiled once: no expression tree built, evaluated and looked up in the
    // plan cache per request (about a fifth of a create's allocations). The filters are OwnedBy's.
    // Instance fields: a compiled query serves one EF model, and every host (each test's too) has its own.
    private readonly Func<BillingDbContext, string, bool, string, CancellationToken, Task<Customer?>> _customerById =
        EF.CompileAsyncQuery((BillingDbContext db, string merchantId, bool livemode, string id, CancellationToken _) =>
            db.Customers.AsNoTracking().Where(c => c.MerchantId == merchantId && c.Livemode == livemode).FirstOrDefault(c => c.Id == id));

    /// <summary>The active configuration named, or the merchant's default when none is.</summary>
    private readonly Func<BillingDbContext, string, bool, string?, CancellationToken, Task<PortalConfiguration?>> _activeConfiguration =
        EF.CompileAsyncQuery((BillingDbContext db, string merchantId, bool livemode, string? id, CancellationToken _) =>
            db.PortalConfigurations.AsNoTracking().Where(c => c.MerchantId == merchantId && c.Livemode == livemode)
                .FirstOrDefault(c => c.Active && (id == null ? c.IsDefault : c.Id == id)));

    /// <summary>Sliding the idle timeout writes at most this often per session.</summary>
    private static readonly TimeSpan SlideGranularity = TimeSpan.FromSeconds(30);

    public async Task<SessionObject> CreateAsync(ApiCaller caller, CreateSessionRequest request, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var customer = await _customerById(db, caller.MerchantId, caller.Livemode, request.Customer, cancellationToken)
            ?? throw new ApiException(ApiError.NoSuch("customer", "customer", request.Customer));
        var configuration = await _activeConfiguration(db, caller.MerchantId, caller.Livemode, request.Configuration, cancellationToken)
            ?? throw (request.Configuration is { } configurationId
                ? new ApiException(ApiError.NoSuch("configuration", "billing portal configuration", configurationId))
                : new ApiException(new ApiError(400, ApiError.InvalidRequest, "configuration_missing",
                    $"You have no default billing portal configuration in {(caller.Livemode ? "live" : "test")} mode. Create one, or pass configuration.")));
        var returnUrl = request.ReturnUrl ?? configuration.DefaultReturnUrl
            ?? throw new ApiException(ApiError.Missing("return_url"));
        if (request.Flow is { } flow)
        {
            await CheckFlowAsync(db, new CustomerScope(caller.MerchantId, caller.Livemode, customer.Id), configuration, flow, cancellationToken);
        }

        var now = time.GetUtcNow();
        var session = new PortalSession
        {
            Id = Ids.New("bps"),
            MerchantId = caller.MerchantId,
            Livemode = caller.Livemode,
            CustomerId = customer.Id,
            ConfigurationId = configuration.Id,
            ReturnUrl = returnUrl,
            Locale = request.Locale,
            Flow = request.Flow,
            Created = now,
            // Whole seconds, so the expires_at the merchant reads is exactly the instant the link dies.
            ExpiresAt = DateTimeOffset.FromUnixTimeSeconds((now + options.Value.LinkLifetime).ToUnixTimeSeconds()),
        };
        db.PortalSessions.Add(session);
        var created = ToObject(session, request.ExpandCustomer ? CustomerObject.From(customer) : customer.Id, now);
        // The event never carries the link: it is a bearer secret.
        EventLog.Add(db, Actor.Api(caller) with { PortalSessionId = session.Id }, EventTypes.SessionCreated, created, now);
        await db.SaveChangesAsync(cancellationToken);

        var url = $"{baseUrl.Value}/session/{session.Id}/{links.Mint(session.Id, session.Livemode, session.ExpiresAt)}";
        return created with { Url = url };
    }

    public async Task<SessionObject?> GetAsync(ApiCaller caller, string id, bool expandCustomer, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var found = await (
                from s in db.PortalSessions.OwnedBy(caller).AsNoTracking()
                join c in db.Customers.OwnedBy(caller).AsNoTracking() on s.CustomerId equals c.Id
                where s.Id == id
                select new { Session = s, Customer = c })
            .FirstOrDefaultAsync(cancellationToken);
        return found is null ? null : ToObject(found.Session, expandCustomer ? CustomerObject.From(found.Customer) : found.Customer.Id, time.GetUtcNow());
    }

    /// <summary>Ends the session for good: an unused link stops working, an open portal loses access within a minute.</summary>
    public async Task<SessionObject?> ExpireAsync(ApiCaller caller, string id, CancellationToken cancellationToken)
    {
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            var now = time.GetUtcNow();
            await db.PortalSessions.OwnedBy(caller)
                .Where(s => s.Id == id && s.EndedAt == null && s.ExpiredAt == null)
                .ExecuteUpdateAsync(s => s.SetProperty(x => x.ExpiredAt, now), cancellationToken);
        }
        return await GetAsync(caller, id, expandCustomer: false, cancellationToken);
    }

    public PortalSessionStatus StatusOf(PortalSession session, DateTimeOffset now)
    {
        if (session.EndedAt is not null)
        {
            return PortalSessionStatus.Ended;
        }
        if (session.ExpiredAt is not null)
        {
            return PortalSessionStatus.Expired;
        }
        if (session.OpenedAt is not { } opened)
        {
            return now < session.ExpiresAt ? PortalSessionStatus.Unused : PortalSessionStatus.Expired;
        }
        var lastSeen = session.LastSeenAt ?? opened;
        return now < opened + options.Value.AbsoluteLifetime && now < lastSeen + options.Value.IdleTimeout
            ? PortalSessionStatus.Active
            : PortalSessionStatus.Expired;
    }

    /// <summary>
    /// What the link's GET page shows. Reads only. A token that does not verify reveals nothing;
    /// one that verifies for a used or expired session may show the way back to the merchant.
    /// </summary>
    public async Task<LinkInspection> InspectLinkAsync(string sessionId, string token, CancellationToken cancellationToken)
    {
        if (!links.TryRead(sessionId, token, out _))
        {
            return LinkInspection.Invalid;
        }
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var found = await (
                from s in db.PortalSessions.AcrossMerchants(ByVerifiedLink).AsNoTracking()
                join c in db.Customers.AcrossMerchants(ByVerifiedLink).AsNoTracking() on s.CustomerId equals c.Id
                join m in db.Merchants.AsNoTracking() on s.MerchantId equals m.Id
                join k in db.PortalConfigurations.AcrossMerchants(ByVerifiedLink).AsNoTracking() on s.ConfigurationId equals k.Id
                where s.Id == sessionId
                select new { Session = s, c.Name, c.Email, Merchant = m.Name, Configuration = k })
            .FirstOrDefaultAsync(cancellationToken);
        if (found is null)
        {
            return LinkInspection.Invalid;
        }
        var branding = PortalBranding.From(found.Merchant, found.Configuration);
        return StatusOf(found.Session, time.GetUtcNow()) == PortalSessionStatus.Unused
            ? new LinkInspection(LinkState.Redeemable, branding, found.Name, MaskEmail(found.Email), found.Session.ReturnUrl, found.Configuration.RefreshUrl, found.Session.Locale)
            : new LinkInspection(LinkState.Unavailable, branding, null, null, found.Session.ReturnUrl, found.Configuration.RefreshUrl, found.Session.Locale);
    }

    /// <summary>
    /// Redeems the link once: one conditional UPDATE decides, so of any number of concurrent attempts
    /// on any number of replicas exactly one wins. Returns the credential for the portal cookie and
    /// the page to open: the portal home, or a deep link's task.
    /// </summary>
    public async Task<Redemption?> RedeemAsync(string sessionId, string token, CancellationToken cancellationToken)
    {
        if (!links.TryRead(sessionId, token, out var livemode))
        {
            return null;
        }
        var accessKey = RandomNumberGenerator.GetBytes(32);
        var accessKeyHash = SHA256.HashData(accessKey);
        var now = time.GetUtcNow();

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var won = await db.PortalSessions.AcrossMerchants(ByVerifiedLink)
            .Where(s => s.Id == sessionId && s.Livemode == livemode && s.OpenedAt == null && s.EndedAt == null && s.ExpiredAt == null && s.ExpiresAt > now)
            .ExecuteUpdateAsync(s => s
                .SetProperty(x => x.OpenedAt, now)
                .SetProperty(x => x.LastSeenAt, now)
                .SetProperty(x => x.AccessKeyHash, accessKeyHash), cancellationToken);
        if (won != 1)
        {
            return null;
        }
        var session = await db.PortalSessions.AcrossMerchants(ByVerifiedLink).AsNoTracking().FirstAsync(s => s.Id == sessionId, cancellationToken);
        EventLog.Add(db, new Actor(session, "portal", session.Id), EventTypes.SessionOpened, ToObject(session, session.CustomerId, now), now);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new Redemption($"{session.Id}.{WebEncoders.Base64UrlEncode(accessKey)}", session.Flow?.StartPath ?? "/");
    }

    /// <summary>
    /// The customer finished the deep link's task: from now on the whole portal is theirs (or the
    /// merchant's confirmation, or their site). Returns what <c>after_completion</c> asks for; null when
    /// the session has no flow or finished it already.
    /// </summary>
    public async Task<AfterCompletion?> CompleteFlowAsync(PortalAccess access, CancellationToken cancellationToken)
    {
        if (access.ActiveFlow is not { } flow)
        {
            return null;
        }
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var now = time.GetUtcNow();
        var finished = await db.PortalSessions.OwnedBy(access).Where(s => s.Id == access.SessionId && s.FlowCompletedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.FlowCompletedAt, now), cancellationToken);
        return finished == 1 ? flow.AfterCompletion : null;
    }

    /// <summary>
    /// A deep link must lead somewhere the customer can act: its subscription is theirs and allows the
    /// task, a confirm flow's price and seats are a change the configuration allows. Checked with the
    /// same policies the portal applies, and refused citing the <c>flow_data</c> parameter at fault.
    /// </summary>
    private async Task CheckFlowAsync(BillingDbContext db, CustomerScope customer, PortalConfiguration configuration, PortalFlow flow,
        CancellationToken cancellationToken)
    {
        var path = $"flow_data[{PortalFlow.NameOf(flow.Type)}]";
        var features = configuration.Features;
        if (flow.Type == FlowType.PaymentMethodUpdate)
        {
            if (!features.PaymentMethodUpdate)
            {
                throw new ApiException(ApiError.Invalid("flow_data[type]",
                    $"Configuration {configuration.Id} does not let customers update their payment methods: turn features[payment_method_update] on, or use another flow."));
            }
            return;
        }
        var subscription = await db.Subscriptions.OwnedBy(customer).AsNoTracking().Include(s => s.Price!).ThenInclude(p => p.Product)
            .FirstOrDefaultAsync(s => s.Id == flow.SubscriptionId, cancellationToken)
            ?? throw new ApiException(ApiError.NoSuch($"{path}[subscription]", "subscription", flow.SubscriptionId!));
        var current = CurrentPlan.Of(subscription);
        var problem = flow.Type switch
        {
            FlowType.SubscriptionCancel => CancellationPolicy.Refusal(features.SubscriptionCancel, current.Status, current.CancelAtPeriodEnd),
            FlowType.SubscriptionUpdate => PlanChangePolicy.Refusal(features.SubscriptionUpdate, current.Status, current.CancelAtPeriodEnd),
            _ => await ConfirmRefusalAsync(db, customer, features, current, flow, cancellationToken),
        };
        if (flow.RetentionCouponId is { } couponId && !await db.Coupons.OwnedBy(customer).AnyAsync(c => c.Id == couponId && !c.Deleted, cancellationToken))
        {
            throw new ApiException(ApiError.NoSuch($"{path}[retention][coupon_offer][coupon]", "coupon", couponId));
        }
        if (problem is not null)
        {
            var param = problem.Field is "price" or "quantity" ? $"{path}[items][0][{problem.Field}]" : $"{path}[subscription]";
            throw new ApiException(ApiError.Invalid(param, $"Subscription {subscription.Id} cannot take this flow: {problem.Message}"));
        }
    }

    private async Task<Problem?> ConfirmRefusalAsync(BillingDbContext db, CustomerScope customer, PortalFeatures features, CurrentPlan current, PortalFlow flow,
        CancellationToken cancellationToken)
    {
        var target = await db.Prices.OwnedBy(customer).AsNoTracking().Include(p => p.Product)
            .FirstOrDefaultAsync(p => p.Id == flow.PriceId && p.Active, cancellationToken);
        var balance = await db.Customers.OwnedBy(customer).Select(c => c.Balance).FirstAsync(cancellationToken);
        return PlanChangePolicy.Decide(features.SubscriptionUpdate, current, target is null ? null : PlanOption.Of(target), flow.Quantity ?? 1, balance,
            time.GetUtcNow()).Problem;
    }

    /// <summary>
    /// The portal access a cookie's credential grants now, or <c>null</c>. <paramref name="active"/>
    /// slides the idle timeout (a request, or clicks in an open tab).
    /// </summary>
    public async Task<PortalAccess?> CheckAccessAsync(string credential, bool active, CancellationToken cancellationToken)
    {
        if (!TryParseCredential(credential, out var sessionId, out var keyHash))
        {
            return null;
        }
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var session = await db.PortalSessions.AcrossMerchants(ByCredential).AsNoTracking().FirstOrDefaultAsync(s => s.Id == sessionId, cancellationToken);
        var now = time.GetUtcNow();
        if (session?.AccessKeyHash is null || !CryptographicOperations.FixedTimeEquals(session.AccessKeyHash, keyHash)
            || StatusOf(session, now) != PortalSessionStatus.Active)
        {
            return null;
        }
        if (active && now - (session.LastSeenAt ?? now) >= SlideGranularity)
        {
            await db.PortalSessions.OwnedBy(session).Where(s => s.Id == sessionId && s.EndedAt == null)
                .ExecuteUpdateAsync(s => s.SetProperty(x => x.LastSeenAt, now), cancellationToken);
        }
        return new PortalAccess(session.Id, session.MerchantId, session.Livemode, session.CustomerId,
            session.ConfigurationId, session.ReturnUrl, session.Locale, session.Flow, session.FlowCompletedAt is not null);
    }

    /// <summary>"Return to merchant": ends the session (a replayed cookie then gets nothing) and says where to go.</summary>
    public async Task<string?> EndAsync(string credential, CancellationToken cancellationToken)
    {
        var access = await CheckAccessAsync(credential, active: false, cancellationToken);
        if (access is null)
        {
            return null;
        }
        var now = time.GetUtcNow();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var ended = await db.PortalSessions.OwnedBy(access).Where(s => s.Id == access.SessionId && s.EndedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.EndedAt, now), cancellationToken);
        if (ended == 1)
        {
            var session = await db.PortalSessions.OwnedBy(access).AsNoTracking().FirstAsync(s => s.Id == access.SessionId, cancellationToken);
            EventLog.Add(db, Actor.Portal(access), EventTypes.SessionEnded, ToObject(session, session.CustomerId, now), now);
            await db.SaveChangesAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
        return access.ReturnUrl;
    }

    /// <summary>
    /// Ends every session of <paramref name="customer"/> still in use, each with its event, inside the
    /// caller's transaction: a deleted customer's open portal stops at its next request, and its unused links stop working.
    /// </summary>
    public async Task EndAllAsync(BillingDbContext db, Actor actor, Customer customer, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var open = await db.PortalSessions.OwnedBy(customer.AsScope()).Where(s => s.EndedAt == null && s.ExpiredAt == null).ToListAsync(cancellationToken);
        foreach (var session in open)
        {
            session.EndedAt = now;
            EventLog.Add(db, actor, EventTypes.SessionEnded, ToObject(session, session.CustomerId, now), now);
        }
    }

    /// <param name="customer">The customer's id, or its <see cref="CustomerObject"/> when expanded.</param>
    private SessionObject ToObject(PortalSession s, object customer, DateTimeOffset now) => new(
        s.Id,
        SessionObject.ObjectName,
        customer,
        Url: null,
        s.ReturnUrl,
        s.Created.ToUnixTimeSeconds(),
        s.ExpiresAt.ToUnixTimeSeconds(),
        s.Livemode,
        s.Locale,
        s.ConfigurationId,
        s.Flow is { } flow ? FlowObject.From(flow) : null,
        StatusOf(s, now),
        s.OpenedAt?.ToUnixTimeSeconds());

    private static bool TryParseCredential(string credential, out string sessionId, out byte[] keyHash)
    {
        sessionId = "";
        keyHash = [];
        var dot = credential.IndexOf('.', StringComparison.Ordinal);
        if (dot <= 0)
        {
            return false;
        }
        try
        {
            keyHash = SHA256.HashData(WebEncoders.Base64UrlDecode(credential[(dot + 1)..]));
        }
        catch (FormatException)
        {
            return false;
        }
        sessionId = credential[..dot];
        return true;
    }

    /// <summary><c>jane.cooper@example.com</c> → <c>j•••@example.com</c>: enough to recognise, not to harvest.</summary>
    public static string? MaskEmail(string? email)
    {
        var at = email?.IndexOf('@', StringComparison.Ordinal) ?? -1;
        return at <= 0 ? null : $"{email![0]}•••{email[at..]}";
    }
}

/// <summary>What the link's page may show, in the session's <c>locale</c> when it set one.</summary>
public sealed record LinkInspection(
    LinkState State,
    PortalBranding? Branding,
    string? CustomerName,
    string? MaskedEmail,
    string? ReturnUrl,
    string? RefreshUrl,
    string? Locale = null)
{
    public static readonly LinkInspection Invalid = new(LinkState.Invalid, null, null, null, null, null);
}

public enum LinkState
{
    /// <summary>Intact and unused: show Continue.</summary>
    Redeemable,

    /// <summary>Ours, but used, expired or revoked: show the way back.</summary>
    Unavailable,

    /// <summary>Not a link we minted (or unreadable): show nothing about anyone.</summary>
    Invalid,
}

/// <summary>A redeemed link: the portal cookie's credential, and the page the customer lands on.</summary>
public sealed record Redemption(string Credential, string StartPath);
