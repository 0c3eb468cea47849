using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Vinr.Portal.Api.Features.Events;
using Vinr.Portal.Api.Features.Webhooks;
using Vinr.Portal.Api.Infrastructure;
using Vinr.Portal.Tests.Support;
using static Vinr.Portal.Tests.Features.Webhooks.WebhookApi;

namespace Vinr.Portal.Tests.Features.Webhooks;

/// <summary>Deliveries to a real HTTP receiver on loopback, with the test clock moving the retries.</summary>
public sealed class WebhookDeliveryTests(WebhookFactory factory) : IClassFixture<WebhookFactory>
{
    private const string SessionCreated = "billing_portal.session.created";

    /// <summary>A fresh merchant with an endpoint at the receiver, so other tests' events never reach it.</summary>
    private async Task<(TestData.MerchantKit Merchant, HttpClient Api, JsonElement Endpoint)> SetUpAsync(WebhookReceiver receiver, params string[] events)
    {
        var merchant = await TestData.AddMerchantAsync(factory, livemode: false);
        var api = factory.CreateApiClient(merchant.Key);
        return (merchant, api, await CreateEndpointAsync(api, receiver.Url, events));
    }

    /// <summary>Something happens: a portal session is created, and its event written. Returns the event id.</summary>
    private async Task<string> HappenAsync(TestData.MerchantKit merchant, HttpClient api)
    {
        await factory.CreateSessionAsync(merchant.CustomerId, key: merchant.Key);
        return (await OkAsync(await api.GetAsync($"/v1/events?type={SessionCreated}&limit=1"))).DataIds()[0];
    }

    private Task<WebhookDelivery> DeliveryAsync(string eventId) =>
        factory.WithDbAsync(db => db.WebhookDeliveries.AsNoTracking().SingleAsync(d => d.EventId == eventId));

    private static string EventIdOf(WebhookReceiver.Received received) => JsonDocument.Parse(received.Body).RootElement.GetProperty("id").GetString()!;

    [Fact]
    public async Task An_event_arrives_signed_so_that_VINRs_and_Stripes_verifiers_accept_it()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var (merchant, api, endpoint) = await SetUpAsync(receiver, SessionCreated);
        var secret = endpoint.GetProperty("secret").GetString()!;
        var eventId = await HappenAsync(merchant, api);

        await factory.DeliverAsync();

        var received = Assert.Single(receiver.Requests);
        Assert.Equal(eventId, EventIdOf(received));
        Assert.Equal(received.VinrSignature, received.StripeSignature);
        Assert.StartsWith("application/json", received.ContentType);
        Assert.StartsWith("VINR-Webhooks/", received.UserAgent);
        Assert.True(WebhookSignature.Verify(received.Body, received.VinrSignature, secret, TimeSpan.FromMinutes(5), factory.Time.GetUtcNow()));
        Assert.False(WebhookSignature.Verify(received.Body, received.VinrSignature, "whsec_other", TimeSpan.FromMinutes(5), factory.Time.GetUtcNow()));
        // Stripe.net checks the signature's age against a "now" it is given (else the system clock); the
        // class's other tests move this factory's clock by days, so it is given the factory's.
        var parsed = Stripe.EventUtility.ConstructEvent(received.Body, received.StripeSignature, secret, tolerance: 300,
            utcNow: factory.Time.GetUtcNow().ToUnixTimeSeconds(), throwOnApiVersionMismatch: false);
        Assert.Equal(eventId, parsed.Id);
        Assert.Equal(SessionCreated, parsed.Type);
        Assert.False(parsed.Livemode);

        var attempts = await OkAsync(await api.GetAsync($"/v1/events/{eventId}/attempts"));
        var attempt = Assert.Single(attempts.GetProperty("data").EnumerateArray());
        Assert.Equal(200, attempt.GetProperty("status_code").GetInt32());
        Assert.True(attempt.GetProperty("succeeded").GetBoolean());
        Assert.Equal(endpoint.Id(), attempt.GetProperty("webhook_endpoint").GetString());
        Assert.Equal(0, (await OkAsync(await api.GetAsync($"/v1/events/{eventId}"))).GetProperty("pending_webhooks").GetInt32());
        Assert.Single((await OkAsync(await api.GetAsync($"{Endpoints}/{endpoint.Id()}/attempts"))).DataIds());

        await factory.DeliverAsync();
        Assert.Single(receiver.Requests);
    }

    [Fact]
    public async Task A_receiver_that_fails_five_times_gets_the_same_event_once_more_with_growing_waits()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Answer = call => call < 5 ? 500 : 200;
        var (merchant, api, _) = await SetUpAsync(receiver);
        var eventId = await HappenAsync(merchant, api);

        var waits = new List<TimeSpan>();
        for (var i = 0; i < 6; i++)
        {
            await factory.DeliverAsync();
            Assert.Equal(i + 1, receiver.Requests.Count);
            var delivery = await DeliveryAsync(eventId);
            if (i < 5)
            {
                Assert.Equal(DeliveryStatus.Pending, delivery.Status);
                waits.Add(delivery.NextAttemptAt - factory.Time.GetUtcNow());
                // Not yet due: a run a second early sends nothing.
                factory.Time.SetUtcNow(delivery.NextAttemptAt.AddSeconds(-1));
                await factory.DeliverAsync();
                Assert.Equal(i + 1, receiver.Requests.Count);
                factory.Time.SetUtcNow(delivery.NextAttemptAt);
            }
            else
            {
                Assert.Equal(DeliveryStatus.Succeeded, delivery.Status);
            }
        }

        Assert.All(receiver.Requests, r => Assert.Equal(eventId, EventIdOf(r)));
        Assert.All(waits.Zip(waits.Skip(1)), pair => Assert.True(pair.Second > pair.First, $"{pair.Second} after {pair.First}"));
        var attempts = (await OkAsync(await api.GetAsync($"/v1/events/{eventId}/attempts?limit=100"))).GetProperty("data").EnumerateArray().ToList();
        Assert.Equal(6, attempts.Count);
        Assert.True(attempts[0].GetProperty("succeeded").GetBoolean());
        Assert.All(attempts.Skip(1), a => Assert.Equal(500, a.GetProperty("status_code").GetInt32()));
        Assert.All(attempts.Skip(1), a => Assert.Equal("The endpoint answered HTTP 500.", a.GetProperty("error").GetString()));
        await factory.DeliverAsync();
        Assert.Equal(6, receiver.Requests.Count);
    }

    [Fact]
    public async Task After_three_days_of_failures_delivery_stops_and_the_endpoint_is_marked_failing_until_a_success()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Answer = _ => 503;
        var (merchant, api, endpoint) = await SetUpAsync(receiver);
        var eventId = await HappenAsync(merchant, api);
        var created = factory.Time.GetUtcNow();
        await factory.DeliverAsync();

        for (var i = 0; i < 60 && (await DeliveryAsync(eventId)).Status == DeliveryStatus.Pending; i++)
        {
            factory.Time.SetUtcNow((await DeliveryAsync(eventId)).NextAttemptAt);
            await factory.DeliverAsync();
        }

        Assert.Equal(DeliveryStatus.Failed, (await DeliveryAsync(eventId)).Status);
        Assert.InRange(factory.Time.GetUtcNow(), created.AddDays(2.5), created.AddDays(3));
        var count = receiver.Requests.Count;
        Assert.InRange(count, 12, 30);
        var failing = await OkAsync(await api.GetAsync($"{Endpoints}/{endpoint.Id()}"));
        Assert.True(failing.GetProperty("failing").GetBoolean());
        Assert.Equal("enabled", failing.GetProperty("status").GetString());
        factory.Time.Advance(TimeSpan.FromDays(1));
        await factory.DeliverAsync();
        Assert.Equal(count, receiver.Requests.Count);

        receiver.Answer = _ => 204;
        await HappenAsync(merchant, api);
        await factory.DeliverAsync();
        Assert.Equal(count + 1, receiver.Requests.Count);
        Assert.False((await OkAsync(await api.GetAsync($"{Endpoints}/{endpoint.Id()}"))).GetProperty("failing").GetBoolean());
    }

    [Fact]
    public async Task A_deliverer_killed_mid_delivery_loses_nothing_and_its_lease_keeps_others_off_until_it_expires()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var inFlight = new TaskCompletionSource();
        var never = new TaskCompletionSource();
        receiver.Hold = () =>
        {
            inFlight.TrySetResult();
            return never.Task;
        };
        var (merchant, api, _) = await SetUpAsync(receiver);
        var eventId = await HappenAsync(merchant, api);

        using (var kill = new CancellationTokenSource())
        {
            var run = factory.Deliverer.DeliverDueAsync(factory.Time.GetUtcNow(), kill.Token);
            await inFlight.Task.WaitAsync(TimeSpan.FromSeconds(30));
            kill.Cancel();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
        }
        receiver.Hold = null;
        never.TrySetResult();
        Assert.Single(receiver.Requests);
        Assert.NotNull((await DeliveryAsync(eventId)).LockedUntil);

        // While the dead deliverer's lease holds, no one else sends it, whatever the number of runs.
        await Task.WhenAll(factory.DeliverAsync(), factory.DeliverAsync());
        factory.Time.Advance(WebhookDeliverer.Lease - TimeSpan.FromSeconds(1));
        await factory.DeliverAsync();
        Assert.Single(receiver.Requests);

        factory.Time.Advance(TimeSpan.FromSeconds(2));
        await factory.DeliverAsync();
        Assert.Equal(2, receiver.Requests.Count);
        Assert.All(receiver.Requests, r => Assert.Equal(eventId, EventIdOf(r)));
        Assert.Equal(DeliveryStatus.Succeeded, (await DeliveryAsync(eventId)).Status);
    }

    [Fact]
    public async Task Two_hosts_on_one_database_delivering_at_once_send_each_event_once()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Hold = () => Task.Delay(20);
        var (merchant, api, _) = await SetUpAsync(receiver);
        for (var i = 0; i < 8; i++)
        {
            await factory.CreateSessionAsync(merchant.CustomerId, key: merchant.Key);
        }
        var events = (await OkAsync(await api.GetAsync("/v1/events?limit=100"))).DataIds();
        Assert.Equal(8, events.Count);
        using var other = new SecondHost(factory.DatabasePath, factory.Time);
        var now = factory.Time.GetUtcNow();

        await Task.WhenAll(Enumerable.Range(0, 6).Select(i => Task.Run(() =>
            (i % 2 == 0 ? factory.Deliverer : other.Deliverer).DeliverDueAsync(now, CancellationToken.None))));

        var received = receiver.Requests.Select(EventIdOf).ToList();
        Assert.True(received.Count == received.Distinct().Count(), $"duplicates: {string.Join(", ", received.Order())}");
        Assert.Equal(events.Order(), received.Order());
    }

    [Fact]
    public async Task Only_enabled_endpoints_that_want_the_type_and_existed_before_the_event_receive_it()
    {
        await using var wants = await WebhookReceiver.StartAsync();
        await using var other = await WebhookReceiver.StartAsync();
        await using var off = await WebhookReceiver.StartAsync();
        await using var late = await WebhookReceiver.StartAsync();
        var (merchant, api, _) = await SetUpAsync(wants, SessionCreated);
        await CreateEndpointAsync(api, other.Url, "invoice.paid");
        var disabled = await CreateEndpointAsync(api, off.Url);
        await OkAsync(await api.PostAsync($"{Endpoints}/{disabled.Id()}", Form(("disabled", "true"))));

        var eventId = await HappenAsync(merchant, api);
        factory.Time.Advance(TimeSpan.FromSeconds(1));
        var lateEndpoint = await CreateEndpointAsync(api, late.Url);
        await factory.DeliverAsync();

        Assert.Single(wants.Requests);
        Assert.Empty(other.Requests);
        Assert.Empty(off.Requests);
        Assert.Empty(late.Requests);

        // A resend names any enabled endpoint, even one made after the event, and keeps the event's id.
        await OkAsync(await api.PostAsync($"/v1/events/{eventId}/resend", Form(("webhook_endpoint", lateEndpoint.Id()))));
        await factory.DeliverAsync();
        Assert.Equal(eventId, EventIdOf(Assert.Single(late.Requests)));
        Assert.Single(wants.Requests);

        // Without one, it goes again to every endpoint that had it.
        var resent = await OkAsync(await api.PostAsync($"/v1/events/{eventId}/resend", Form()));
        Assert.Equal(eventId, resent.Id());
        Assert.Equal(2, resent.GetProperty("pending_webhooks").GetInt32());
        await factory.DeliverAsync();
        Assert.Equal(2, wants.Requests.Count);
        Assert.Equal(2, late.Requests.Count);
        Assert.Empty(off.Requests);

        await AssertErrorAsync(await api.PostAsync($"/v1/events/{eventId}/resend", Form(("webhook_endpoint", disabled.Id()))), 400, "action_not_allowed", "webhook_endpoint");
        await AssertErrorAsync(await api.PostAsync($"/v1/events/{eventId}/resend", Form(("webhook_endpoint", "we_missing"))), 404, "resource_missing", "webhook_endpoint");
        await AssertErrorAsync(await api.PostAsync("/v1/events/evt_missing/resend", Form()), 404, "resource_missing", "id");
        await AssertErrorAsync(await api.PostAsync($"/v1/events/{eventId}/resend", Form(("now", "true"))), 400, "parameter_unknown", "now");
        using var demo = factory.CreateApiClient();
        await AssertErrorAsync(await demo.PostAsync($"/v1/events/{eventId}/resend", Form()), 404, "resource_missing", "id");
        await AssertErrorAsync(await demo.GetAsync($"/v1/events/{eventId}/attempts"), 404, "resource_missing", "id");
    }

    [Fact]
    public async Task A_live_endpoint_whose_name_now_points_at_a_private_address_is_refused_at_connect()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var live = await TestData.AddMerchantAsync(factory, livemode: true);
        var now = factory.Time.GetUtcNow();
        var (_, protectedSecret) = factory.Services.GetRequiredService<WebhookSecrets>().Mint();
        var eventId = Ids.New("evt");
        // As if DNS changed after create: the row holds a URL the create check would refuse today.
        await factory.WithDbAsync(async db =>
        {
            db.WebhookEndpoints.Add(new WebhookEndpoint
            {
                Id = Ids.New("we"), MerchantId = live.MerchantId, Livemode = true, Url = receiver.Url.Replace("127.0.0.1", "localhost"),
                EnabledEvents = ["*"], ProtectedSecret = protectedSecret, Created = now.AddMinutes(-1),
            });
            db.Events.Add(new Event { Id = eventId, MerchantId = live.MerchantId, Livemode = true, Type = "customer.updated", Data = "{}", Source = "api", Created = now });
            await db.SaveChangesAsync();
        });

        await factory.DeliverAsync();

        Assert.Empty(receiver.Requests);
        using var api = factory.CreateApiClient(live.Key);
        var attempt = Assert.Single((await OkAsync(await api.GetAsync($"/v1/events/{eventId}/attempts"))).GetProperty("data").EnumerateArray());
        Assert.False(attempt.GetProperty("succeeded").GetBoolean());
        Assert.Equal(JsonValueKind.Null, attempt.GetProperty("status_code").ValueKind);
        Assert.Contains("private, loopback or reserved", attempt.GetProperty("error").GetString());
    }

    /// <summary>A second process on the first one's SQLite file (which it leaves in place), sharing its clock.</summary>
    private sealed class SecondHost(string databasePath, TimeProvider time) : WebApplicationFactory<Program>
    {
        public WebhookDeliverer Deliverer => Services.GetRequiredService<WebhookDeliverer>();

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseSetting("Database:ConnectionString", $"Data Source={databasePath}");
            builder.UseSetting("Demo:Seed", "false");
            builder.UseSetting("Demo:PrintLinkOnStartup", "false");
            builder.UseSetting("Webhooks:PollSeconds", "3600");
            builder.ConfigureServices(services => services.Replace(ServiceDescriptor.Singleton(time)));
        }
    }

    [Fact]
    public async Task A_burst_of_events_no_endpoint_wants_is_fanned_out_in_one_drain_not_a_batch_per_poll()
    {
        var merchant = await TestData.AddMerchantAsync(factory, livemode: false);
        var now = factory.Time.GetUtcNow();
        await factory.WithDbAsync(async db =>
        {
            db.Events.AddRange(Enumerable.Range(0, WebhookDeliverer.BatchSize + 50).Select(i => new Event
            {
                Id = Ids.New("evt"), MerchantId = merchant.MerchantId, Type = "customer.updated", Data = "{}", Source = "api", Created = now,
            }));
            await db.SaveChangesAsync();
        });

        // What the webhook clock does on each poll: run again while a run did a full batch.
        var runs = 0;
        while (await factory.Deliverer.DeliverDueAsync(now, CancellationToken.None) >= WebhookDeliverer.BatchSize)
        {
            runs++;
        }

        var waiting = await factory.WithDbAsync(db => db.Events.CountAsync(e => e.MerchantId == merchant.MerchantId && !e.FannedOut));
        Assert.Equal(0, waiting);
        Assert.InRange(runs, 1, 10);
    }
}
