using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Vinr.Portal.Api.Features.BillingPortal.Configurations;
using Vinr.Portal.Api.Features.Subscriptions;
using Vinr.Portal.Tests.Support;

namespace Vinr.Portal.Tests.Features.Invoices;

/// <summary><c>GET /v1/invoices/upcoming</c>: the next renewal's invoice, for the merchant's own customers only.</summary>
public sealed class UpcomingInvoiceApiTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    private SubscriptionChanges Changes => factory.Services.GetRequiredService<SubscriptionChanges>();

    private static string Upcoming(TestData.Subscriber s, bool withSubscription = false) =>
        $"/v1/invoices/upcoming?customer={s.Access.CustomerId}" + (withSubscription ? $"&subscription={s.SubscriptionId}" : "");

    private Task<DateTimeOffset> PeriodEndAsync(string subscriptionId) =>
        factory.WithDbAsync(db => db.Subscriptions.Where(x => x.Id == subscriptionId).Select(x => x.CurrentPeriodEnd).SingleAsync());

    private static List<string> Descriptions(JsonElement invoice) =>
        [.. invoice.GetProperty("lines").GetProperty("data").EnumerateArray().Select(l => l.GetProperty("description").GetString()!)];

    [Fact]
    public async Task A_customers_upcoming_invoice_is_the_next_period_of_their_plan_in_stripes_shape()
    {
        var s = await TestData.SubscriberAsync(factory);
        var periodEnd = (await PeriodEndAsync(s.SubscriptionId)).ToUnixTimeSeconds();
        using var api = factory.CreateApiClient();

        var invoice = await api.GetFromJsonAsync<JsonElement>(Upcoming(s));

        Assert.Equal(("invoice", "draft", s.Access.CustomerId, s.SubscriptionId, "usd"), (invoice.GetProperty("object").GetString(), invoice.GetProperty("status").GetString(),
            invoice.GetProperty("customer").GetString(), invoice.GetProperty("subscription").GetString(), invoice.GetProperty("currency").GetString()));
        Assert.False(invoice.TryGetProperty("id", out _));
        Assert.Equal((4900L, 0L, 4900L, 4900L, 0L, 4900L), (invoice.GetProperty("subtotal").GetInt64(), invoice.GetProperty("tax").GetInt64(),
            invoice.GetProperty("total").GetInt64(), invoice.GetProperty("amount_due").GetInt64(), invoice.GetProperty("amount_paid").GetInt64(),
            invoice.GetProperty("amount_remaining").GetInt64()));
        Assert.Equal((periodEnd, periodEnd, periodEnd), (invoice.GetProperty("period_start").GetInt64(), invoice.GetProperty("created").GetInt64(),
            invoice.GetProperty("next_payment_attempt").GetInt64()));
        Assert.Equal((0L, 0L), (invoice.GetProperty("starting_balance").GetInt64(), invoice.GetProperty("ending_balance").GetInt64()));
        var line = Assert.Single(invoice.GetProperty("lines").GetProperty("data").EnumerateArray());
        Assert.Equal(("line_item", "Pro (monthly)", 4900L, 1L, false), (line.GetProperty("object").GetString(), line.GetProperty("description").GetString(),
            line.GetProperty("amount").GetInt64(), line.GetProperty("quantity").GetInt64(), line.GetProperty("proration").GetBoolean()));
        Assert.Equal(periodEnd, line.GetProperty("period").GetProperty("start").GetInt64());
        Assert.Equal(invoice.GetRawText(), (await api.GetFromJsonAsync<JsonElement>(Upcoming(s, withSubscription: true))).GetRawText());
    }

    [Fact]
    public async Task Stripes_current_create_preview_gives_the_same_invoice_and_its_errors()
    {
        var s = await TestData.SubscriberAsync(factory);
        using var api = factory.CreateApiClient();
        var invoicesBefore = await factory.WithDbAsync(db => db.Invoices.CountAsync(i => i.CustomerId == s.Access.CustomerId));

        var preview = await api.PostAsync("/v1/invoices/create_preview",
            new FormUrlEncodedContent([new("customer", s.Access.CustomerId), new("subscription", s.SubscriptionId)]));
        var missing = await api.PostAsync("/v1/invoices/create_preview", new FormUrlEncodedContent([]));

        Assert.Equal(HttpStatusCode.OK, preview.StatusCode);
        Assert.Equal((await api.GetFromJsonAsync<JsonElement>(Upcoming(s, withSubscription: true))).GetRawText(),
            (await preview.Content.ReadFromJsonAsync<JsonElement>()).GetRawText());
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        var error = (await missing.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error");
        Assert.Equal(("parameter_missing", "customer"), (error.GetProperty("code").GetString(), error.GetProperty("param").GetString()));
        Assert.Equal(invoicesBefore, await factory.WithDbAsync(db => db.Invoices.CountAsync(i => i.CustomerId == s.Access.CustomerId)));
    }

    [Fact]
    public async Task Waiting_prorations_and_credit_appear_as_the_renewal_will_bill_them()
    {
        var s = await TestData.SubscriberAsync(factory, features: f => f.SubscriptionUpdate.ProrationBehavior = ProrationBehavior.CreateProrations);
        var business = await factory.WithDbAsync(db => db.Prices.Where(p => p.Nickname == "Business monthly").Select(p => p.Id).FirstAsync());
        var preview = (await Changes.PreviewAsync(s.Access, s.SubscriptionId, business, 3, CancellationToken.None)).Value!;
        await Changes.ApplyAsync(s.Access, s.SubscriptionId, business, 3, preview.ChangeAt, CancellationToken.None);
        await factory.WithDbAsync(db => db.Customers.Where(c => c.Id == s.Access.CustomerId).ExecuteUpdateAsync(c => c.SetProperty(x => x.Balance, -1000)));
        using var api = factory.CreateApiClient();

        var invoice = await api.GetFromJsonAsync<JsonElement>(Upcoming(s));

        // As an invoice's lines read: by period (the prorations began at the change), a credit before its charge.
        Assert.Equal(["Unused time on Pro", "Remaining time on Business × 3", "Business × 3 (monthly)"], Descriptions(invoice));
        Assert.Equal([true, true, false], invoice.GetProperty("lines").GetProperty("data").EnumerateArray().Select(l => l.GetProperty("proration").GetBoolean()));
        Assert.Equal(8700 + preview.Subtotal, invoice.GetProperty("total").GetInt64());
        Assert.Equal(8700 + preview.Subtotal - 1000, invoice.GetProperty("amount_due").GetInt64());
        Assert.Equal((-1000L, 0L), (invoice.GetProperty("starting_balance").GetInt64(), invoice.GetProperty("ending_balance").GetInt64()));
    }

    [Fact]
    public async Task Without_a_subscription_it_is_the_next_invoice_of_the_one_that_renews_first()
    {
        var s = await TestData.SubscriberAsync(factory);
        var sooner = await factory.WithDbAsync(async db =>
        {
            var first = await db.Subscriptions.AsNoTracking().SingleAsync(x => x.Id == s.SubscriptionId);
            var starter = await db.Prices.Where(p => p.Nickname == "Starter monthly").Select(p => p.Id).FirstAsync();
            var start = first.CurrentPeriodStart.AddDays(-5);
            var other = new Subscription
            {
                Id = Api.Infrastructure.Ids.New("sub"), MerchantId = first.MerchantId, CustomerId = first.CustomerId, PriceId = starter, Status = SubscriptionStatus.Active,
                CurrentPeriodStart = start, CurrentPeriodEnd = start.AddMonths(1), BillingCycleAnchor = start, Created = start,
            };
            db.Subscriptions.Add(other);
            await db.SaveChangesAsync();
            return other.Id;
        });
        using var api = factory.CreateApiClient();

        var next = await api.GetFromJsonAsync<JsonElement>(Upcoming(s));
        var named = await api.GetFromJsonAsync<JsonElement>(Upcoming(s, withSubscription: true));

        Assert.Equal((sooner, "Starter (monthly)"), (next.GetProperty("subscription").GetString(), Descriptions(next).Single()));
        Assert.Equal((s.SubscriptionId, "Pro (monthly)"), (named.GetProperty("subscription").GetString(), Descriptions(named).Single()));
    }

    [Fact]
    public async Task A_subscription_set_to_cancel_or_canceled_has_no_upcoming_invoice()
    {
        var cancelling = await TestData.SubscriberAsync(factory);
        await Changes.CancelAsync(cancelling.Access, cancelling.SubscriptionId, "unused", null, CancellationToken.None);
        var canceled = await TestData.SubscriberAsync(factory, status: SubscriptionStatus.Canceled);
        using var api = factory.CreateApiClient();

        foreach (var path in new[] { Upcoming(cancelling), Upcoming(cancelling, true), Upcoming(canceled), Upcoming(canceled, true) })
        {
            var response = await api.GetAsync(path);
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            var error = await response.ErrorAsync();
            Assert.Equal(("invalid_request_error", "invoice_upcoming_none"), (error.GetProperty("type").GetString(), error.GetProperty("code").GetString()));
            Assert.Contains("No upcoming invoice", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task The_customer_is_required_and_a_subscription_must_be_theirs()
    {
        var s = await TestData.SubscriberAsync(factory);
        var someoneElse = await TestData.SubscriberAsync(factory);
        using var api = factory.CreateApiClient();

        var missing = await (await api.GetAsync("/v1/invoices/upcoming")).ErrorAsync();
        var unknown = await (await api.GetAsync($"{Upcoming(s)}&limit=3")).ErrorAsync();
        var notTheirs = await api.GetAsync($"/v1/invoices/upcoming?customer={s.Access.CustomerId}&subscription={someoneElse.SubscriptionId}");
        var noSuchCustomer = await api.GetAsync("/v1/invoices/upcoming?customer=cust_DoesNotExist");

        Assert.Equal(("parameter_missing", "customer"), (missing.GetProperty("code").GetString(), missing.GetProperty("param").GetString()));
        Assert.Equal(("parameter_unknown", "limit"), (unknown.GetProperty("code").GetString(), unknown.GetProperty("param").GetString()));
        Assert.Equal(HttpStatusCode.NotFound, notTheirs.StatusCode);
        var notTheirsError = await notTheirs.ErrorAsync();
        Assert.Equal(("resource_missing", "subscription"), (notTheirsError.GetProperty("code").GetString(), notTheirsError.GetProperty("param").GetString()));
        Assert.Equal(HttpStatusCode.NotFound, noSuchCustomer.StatusCode);
        Assert.Equal("customer", (await noSuchCustomer.ErrorAsync()).GetProperty("param").GetString());
    }

    [Fact]
    public async Task Another_merchant_or_the_other_mode_finds_no_such_customer()
    {
        var s = await TestData.SubscriberAsync(factory);
        var otherMerchant = await TestData.AddMerchantAsync(factory, livemode: false);
        var demoLive = await TestData.AddMerchantAsync(factory, livemode: true, merchantId: PortalFactory.DemoMerchant);

        foreach (var key in new[] { otherMerchant.Key, demoLive.Key })
        {
            using var api = factory.CreateApiClient(key);
            var response = await api.GetAsync(Upcoming(s, withSubscription: true));
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            var error = await response.ErrorAsync();
            Assert.Equal(("resource_missing", "customer"), (error.GetProperty("code").GetString(), error.GetProperty("param").GetString()));
        }
        // Its own customer with the demo's subscription: not that customer's, so no such subscription.
        using var other = factory.CreateApiClient(otherMerchant.Key);
        var foreign = await other.GetAsync($"/v1/invoices/upcoming?customer={otherMerchant.CustomerId}&subscription={s.SubscriptionId}");
        Assert.Equal("subscription", (await foreign.ErrorAsync()).GetProperty("param").GetString());
    }

    [Fact]
    public async Task The_openapi_document_describes_it_with_its_parameters()
    {
        using var client = factory.CreateApiClient(key: null);
        var document = await client.GetFromJsonAsync<JsonElement>("/openapi/v1.json");

        var get = document.GetProperty("paths").GetProperty("/v1/invoices/upcoming").GetProperty("get");

        Assert.Equal("Retrieve a customer's upcoming invoice", get.GetProperty("summary").GetString());
        Assert.Contains("invoice_upcoming_none", get.GetProperty("description").GetString(), StringComparison.Ordinal);
        Assert.Equal(["customer", "subscription"], get.GetProperty("parameters").EnumerateArray().Select(p => p.GetProperty("name").GetString()));
        Assert.True(get.GetProperty("responses").GetProperty("200").GetProperty("content").TryGetProperty("application/json", out _));
    }
}
