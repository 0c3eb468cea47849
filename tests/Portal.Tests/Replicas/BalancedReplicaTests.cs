using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Vinr.Portal.Api.Features.Customers;
using Vinr.Portal.Api.Features.Invoices;
using Vinr.Portal.Api.Features.PaymentMethods;
using Vinr.Portal.Api.Features.Subscriptions;
using Vinr.Portal.Api.Features.Webhooks;
using Vinr.Portal.Api.Infrastructure;
using Vinr.Portal.Tests.Support;

namespace Vinr.Portal.Tests.Replicas;

/// <summary>
/// Two real processes on one PostgreSQL database behind YARP: what one replica starts the other
/// finishes, the database decides every race, and the balancer keeps a customer on their replica.
/// </summary>
public sealed class BalancedReplicaTests(BalancedReplicas replicas) : IClassFixture<BalancedReplicas>
{
    private static readonly string[] Redeemed = ["303"];

    [Fact]
    public async Task A_link_minted_through_one_replica_redeems_through_the_other_and_the_cookie_works_on_both()
    {
        using var throughA = replicas.Api(replicas.A);
        var session = await CreateSessionAsync(throughA);
        var path = Links.PathOf(session);
        using var browserOnB = BalancedReplicas.Browser(replicas.B);

        var form = Links.FormToken(await (await browserOnB.GetAsync(path)).Content.ReadAsStringAsync());
        using var redeemed = await Links.PostFormAsync(browserOnB, path, form, origin: replicas.B);
        var cookie = Links.SetCookie(redeemed, "vinr_portal")!.Split(';')[0];
        using var onA = replicas.Api(replicas.A);
        using var portalOnA = new HttpRequestMessage(HttpMethod.Get, "/");
        portalOnA.Headers.Add("Cookie", cookie);

        Assert.Equal(HttpStatusCode.SeeOther, redeemed.StatusCode);
        Assert.Equal(session.GetProperty("url").GetString()!.Split("/session/")[0], replicas.Balancer);
        Assert.Equal(HttpStatusCode.OK, (await onA.SendAsync(portalOnA)).StatusCode);
    }

    [Fact]
    public async Task Through_the_balancer_fifty_concurrent_continues_reach_both_replicas_and_exactly_one_wins()
    {
        using var api = replicas.Api(replicas.Balancer);
        var path = Links.PathOf(await CreateSessionAsync(api));
        var browsers = Enumerable.Range(0, 50).Select(_ => BalancedReplicas.Browser(replicas.Balancer)).ToList();
        var before = replicas.Forwarded.ToDictionary();

        // Each browser opens the page (round robin, then pinned by the affinity cookie) and all press Continue at once.
        var forms = await Task.WhenAll(browsers.Select(async b => Links.FormToken(await (await b.GetAsync(path)).Content.ReadAsStringAsync())));
        var results = await Task.WhenAll(browsers.Select((b, i) => Links.PostFormAsync(b, path, forms[i], origin: replicas.Balancer)));

        var statuses = results.Select(r => ((int)r.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(Redeemed, statuses.Where(s => s == "303"));
        Assert.All(statuses.Where(s => s != "303"), s => Assert.Equal("404", s));
        foreach (var replica in new[] { "a", "b" })
        {
            Assert.True(replicas.Forwarded.GetValueOrDefault(replica) - before.GetValueOrDefault(replica) >= 40,
                $"replica {replica} served {replicas.Forwarded.GetValueOrDefault(replica) - before.GetValueOrDefault(replica)} of 100 requests");
        }
        browsers.ForEach(b => b.Dispose());
    }

    [Fact]
    public async Task An_idempotent_create_retried_on_the_other_replica_replays_the_first_answer()
    {
        using var throughA = replicas.Api(replicas.A);
        using var throughB = replicas.Api(replicas.B);
        var key = $"retry-{Guid.NewGuid():N}";

        using var first = await throughA.SendAsync(CreateRequest(key));
        using var retried = await throughB.SendAsync(CreateRequest(key));

        var a = await first.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        var b = await retried.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, retried.StatusCode);
        Assert.Equal(a.GetProperty("id").GetString(), b.GetProperty("id").GetString());
        Assert.Equal("true", retried.Headers.GetValues("Idempotent-Replayed").Single());
    }

    [Fact]
    public async Task A_customer_stays_on_one_replica_through_the_balancer_and_sees_their_portal()
    {
        using var api = replicas.Api(replicas.Balancer);
        var path = Links.PathOf(await CreateSessionAsync(api));
        using var browser = BalancedReplicas.Browser(replicas.Balancer);
        var form = Links.FormToken(await (await browser.GetAsync(path)).Content.ReadAsStringAsync());
        using var redeemed = await Links.PostFormAsync(browser, path, form, origin: replicas.Balancer);
        var before = replicas.Forwarded.ToDictionary();

        var pages = new List<HttpResponseMessage>();
        for (var i = 0; i < 6; i++)
        {
            pages.Add(await browser.GetAsync("/"));
        }

        Assert.Equal(HttpStatusCode.SeeOther, redeemed.StatusCode);
        Assert.All(pages, page => Assert.Equal(HttpStatusCode.OK, page.StatusCode));
        Assert.Contains("Jane Cooper", await pages[^1].Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var served = new[] { "a", "b" }.Select(r => replicas.Forwarded.GetValueOrDefault(r) - before.GetValueOrDefault(r)).ToList();
        Assert.Contains(6, served);
        Assert.Contains(0, served);
    }

    [Fact]
    public async Task Both_replicas_run_the_billing_clock_and_the_deliverer_and_each_renewal_and_each_delivery_happens_once()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        using var api = replicas.Api(replicas.Balancer);
        await Features.Webhooks.WebhookApi.CreateEndpointAsync(api, receiver.Url, "invoice.created", "invoice.paid", "customer.subscription.updated");
        // Twenty subscriptions whose period ended a minute ago: both clocks (every second) find them due at once.
        var since = DateTimeOffset.UtcNow.AddSeconds(-1);
        var due = await AddSubscriptionsDueAsync(20);

        var events = await WaitForAsync(async db =>
        {
            var created = (await db.Events.AsNoTracking().Where(e => e.Created >= since).Select(e => new { e.Id, e.Data }).ToListAsync())
                .Where(e => due.Any(customer => e.Data.Contains(customer, StringComparison.Ordinal))).Select(e => e.Id).ToList();
            var delivered = await db.WebhookDeliveries.AsNoTracking().CountAsync(d => created.Contains(d.EventId) && d.Status == DeliveryStatus.Succeeded);
            return created.Count == due.Count * 3 && delivered == created.Count ? created : null;
        });

        await using var db = replicas.OpenDatabase();
        var invoices = await db.Invoices.AsNoTracking().Where(i => due.Contains(i.CustomerId)).ToListAsync(TestContext.Current.CancellationToken);
        Assert.Equal(due.Count * 2, invoices.Count); // the one before, and the renewal's
        Assert.All(invoices, i => Assert.Equal(InvoiceStatus.Paid, i.Status));
        Assert.All(await db.Subscriptions.AsNoTracking().Where(s => due.Contains(s.CustomerId)).ToListAsync(TestContext.Current.CancellationToken),
            s => Assert.True(s.CurrentPeriodEnd > DateTimeOffset.UtcNow.AddDays(27), $"{s.Id} ends {s.CurrentPeriodEnd}"));
        Assert.All(await db.WebhookDeliveries.AsNoTracking().Where(d => events.Contains(d.EventId)).ToListAsync(TestContext.Current.CancellationToken),
            d => Assert.Equal(1, d.Attempts));
        var posted = receiver.Requests.Select(r => JsonDocument.Parse(r.Body).RootElement.GetProperty("id").GetString()!).ToList();
        Assert.Equal(events.Order(), posted.Order());
    }

    /// <summary>Customers of the demo merchant with a working card, on Pro monthly, whose period ended a minute ago.</summary>
    private async Task<List<string>> AddSubscriptionsDueAsync(int count)
    {
        await using var db = replicas.OpenDatabase();
        var pro = await db.Prices.AsNoTracking().FirstAsync(p => p.MerchantId == PortalFactory.DemoMerchant && p.Nickname == "Pro monthly");
        var start = DateTimeOffset.UtcNow.AddMinutes(-1).AddMonths(-1);
        var customers = new List<string>();
        for (var i = 0; i < count; i++)
        {
            var customer = new Customer { Id = Ids.New("cust"), MerchantId = PortalFactory.DemoMerchant, Name = $"Due {i}", Created = start };
            var card = new PaymentMethod
            {
                Id = Ids.New("pm"), MerchantId = PortalFactory.DemoMerchant, CustomerId = customer.Id, Brand = "visa", Last4 = "4242",
                ExpMonth = 12, ExpYear = start.Year + 3, Fingerprint = "f", ProcessorReference = "testcard_succeeds_due", Created = start,
            };
            customer.DefaultPaymentMethodId = card.Id;
            var subscription = new Subscription
            {
                Id = Ids.New("sub"), MerchantId = PortalFactory.DemoMerchant, CustomerId = customer.Id, PriceId = pro.Id, Status = SubscriptionStatus.Active,
                CurrentPeriodStart = start, CurrentPeriodEnd = start.AddMonths(1), BillingCycleAnchor = start, Created = start,
            };
            var invoice = new Invoice
            {
                Id = Ids.New("in"), MerchantId = PortalFactory.DemoMerchant, CustomerId = customer.Id, SubscriptionId = subscription.Id, Number = $"DUE-{Ids.RandomBase62(8)}",
                Status = InvoiceStatus.Paid, Currency = pro.Currency, Subtotal = pro.UnitAmount, Total = pro.UnitAmount, AmountDue = pro.UnitAmount, AmountPaid = pro.UnitAmount,
                PeriodStart = start, PeriodEnd = start.AddMonths(1), Created = start,
            };
            db.AddRange(customer, card, subscription, invoice);
            customers.Add(customer.Id);
        }
        await db.SaveChangesAsync();
        return customers;
    }

    /// <summary>Asks the database until <paramref name="condition"/> answers (a minute at most: the clocks look every second).</summary>
    private async Task<T> WaitForAsync<T>(Func<Api.Infrastructure.Data.BillingDbContext, Task<T?>> condition)
        where T : class
    {
        for (var attempt = 0; ; attempt++)
        {
            await using (var db = replicas.OpenDatabase())
            {
                if (await condition(db) is { } done)
                {
                    return done;
                }
            }
            Assert.True(attempt < 600, $"not done after a minute; replica a: {replicas.OutputOf("a")} replica b: {replicas.OutputOf("b")}");
            await Task.Delay(100);
        }
    }

    private static HttpRequestMessage CreateRequest(string idempotencyKey)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/v1/billing-portal/sessions")
        {
            Content = new FormUrlEncodedContent([new("customer", PortalFactory.DemoCustomer), new("return_url", "https://example.com/account")]),
        };
        request.Headers.Add("Idempotency-Key", idempotencyKey);
        return request;
    }

    private static async Task<JsonElement> CreateSessionAsync(HttpClient api)
    {
        using var response = await api.SendAsync(CreateRequest($"create-{Guid.NewGuid():N}"));
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(response.IsSuccessStatusCode, body.ToString());
        return body;
    }
}
