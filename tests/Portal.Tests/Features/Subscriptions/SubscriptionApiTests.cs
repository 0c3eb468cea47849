using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Vinr.Portal.Api.Features.BillingPortal.Configurations;
using Vinr.Portal.Api.Features.Customers;
using Vinr.Portal.Api.Features.Events;
using Vinr.Portal.Api.Features.Invoices;
using Vinr.Portal.Api.Features.PaymentMethods;
using Vinr.Portal.Api.Features.Subscriptions;
using Vinr.Portal.Api.Infrastructure;
using Vinr.Portal.Tests.Support;

namespace Vinr.Portal.Tests.Features.Subscriptions;

public sealed class SubscriptionApiTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    private SubscriptionRenewals Renewals => factory.Services.GetRequiredService<SubscriptionRenewals>();
    private SubscriptionChanges Changes => factory.Services.GetRequiredService<SubscriptionChanges>();

    private static FormUrlEncodedContent Form(params (string Key, string Value)[] pairs) =>
        new(pairs.Select(p => KeyValuePair.Create(p.Key, p.Value)));

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response)
    {
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private Task<string> PriceAsync(string nickname) =>
        factory.WithDbAsync(db => db.Prices.Where(p => p.MerchantId == PortalFactory.DemoMerchant && !p.Livemode && p.Nickname == nickname).Select(p => p.Id).SingleAsync());

    /// <summary>A new demo customer, with a default card that charges (or declines), or none.</summary>
    private async Task<string> CustomerAsync(string? card = "testcard_succeeds_api")
    {
        var now = factory.Time.GetUtcNow();
        var customer = new Customer { Id = Ids.New("cust"), MerchantId = PortalFactory.DemoMerchant, Name = "Api Test", Created = now };
        await factory.WithDbAsync(async db =>
        {
            db.Customers.Add(customer);
            if (card is not null)
            {
                var pm = new PaymentMethod
                {
                    Id = Ids.New("pm"), MerchantId = PortalFactory.DemoMerchant, CustomerId = customer.Id, Brand = "visa", Last4 = "4242",
                    ExpMonth = 12, ExpYear = now.Year + 2, Fingerprint = "f", ProcessorReference = card, Created = now,
                };
                db.PaymentMethods.Add(pm);
                customer.DefaultPaymentMethodId = pm.Id;
            }
            await db.SaveChangesAsync();
        });
        return customer.Id;
    }

    private Task<List<Invoice>> InvoicesAsync(string subscriptionId) =>
        factory.WithDbAsync(db => db.Invoices.AsNoTracking().Where(i => i.SubscriptionId == subscriptionId).OrderBy(i => i.Created).ToListAsync());

    private Task<List<string>> EventTypesAsync(string id) =>
        factory.WithDbAsync(db => db.Events.Where(e => e.Data.Contains(id)).OrderBy(e => e.Created).Select(e => e.Type).ToListAsync());

    private Task<Subscription> ReloadAsync(string id) => factory.WithDbAsync(db => db.Subscriptions.AsNoTracking().SingleAsync(s => s.Id == id));

    [Fact]
    public async Task Create_without_a_trial_invoices_and_charges_the_first_period_at_once()
    {
        var customer = await CustomerAsync();
        var price = await PriceAsync("Business monthly");
        using var api = factory.CreateApiClient();

        var created = await JsonAsync(await api.PostAsync("/v1/subscriptions", Form(("customer", customer), ("items[0][price]", price), ("items[0][quantity]", "3"),
            ("metadata[plan]", "team"), ("expand[0]", "customer"), ("expand[1]", "latest_invoice"))));

        var id = created.GetProperty("id").GetString()!;
        Assert.Equal("subscription", created.GetProperty("object").GetString());
        Assert.Equal("active", created.GetProperty("status").GetString());
        Assert.Equal(customer, created.GetProperty("customer").GetProperty("id").GetString());
        var item = created.GetProperty("items").GetProperty("data")[0];
        Assert.Equal("subscription_item", item.GetProperty("object").GetString());
        Assert.Equal(price, item.GetProperty("price").GetProperty("id").GetString());
        Assert.Equal(2_900, item.GetProperty("price").GetProperty("unit_amount").GetInt64());
        Assert.Equal("month", item.GetProperty("price").GetProperty("recurring").GetProperty("interval").GetString());
        Assert.Equal(3, item.GetProperty("quantity").GetInt64());
        Assert.Equal("team", created.GetProperty("metadata").GetProperty("plan").GetString());
        var invoice = created.GetProperty("latest_invoice");
        Assert.Equal("paid", invoice.GetProperty("status").GetString());
        Assert.Equal(8_700, invoice.GetProperty("total").GetInt64());
        var start = created.GetProperty("current_period_start").GetInt64();
        Assert.Equal(factory.Time.GetUtcNow().ToUnixTimeSeconds(), start);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(start).AddMonths(1).ToUnixTimeSeconds(), created.GetProperty("current_period_end").GetInt64());
        Assert.Equal(start, created.GetProperty("billing_cycle_anchor").GetInt64());
        Assert.Equal(JsonValueKind.Null, created.GetProperty("trial_end").ValueKind);
        // One instant, so compared as a set: created with its invoice, then paid and made active.
        Assert.Equal(["customer.subscription.created", "customer.subscription.updated", "invoice.created", "invoice.paid"], (await EventTypesAsync(id)).Order());
        Assert.All(await factory.WithDbAsync(db => db.Events.Where(e => e.Data.Contains(id)).Select(e => e.Source).ToListAsync()), s => Assert.Equal("api", s));
    }

    [Fact]
    public async Task A_declined_first_charge_leaves_it_incomplete_with_its_invoice_open_until_that_invoice_is_paid()
    {
        var customer = await CustomerAsync(card: "testcard_declines_api");
        using var api = factory.CreateApiClient();

        var created = await JsonAsync(await api.PostAsync("/v1/subscriptions", Form(("customer", customer), ("items[0][price]", await PriceAsync("Pro monthly")))));
        var id = created.GetProperty("id").GetString()!;

        Assert.Equal("incomplete", created.GetProperty("status").GetString());
        var invoice = Assert.Single(await InvoicesAsync(id));
        Assert.Equal(InvoiceStatus.Open, invoice.Status);
        Assert.Equal(invoice.Id, created.GetProperty("latest_invoice").GetString());
        Assert.Contains("invoice.payment_failed", await EventTypesAsync(invoice.Id));
        // The billing clock does not renew an incomplete subscription.
        await Renewals.RenewDueAsync(factory.Time.GetUtcNow().AddMonths(2), CancellationToken.None);
        Assert.Single(await InvoicesAsync(id));

        // A working card, then the open invoice paid: active, as Stripe.
        await factory.WithDbAsync(async db =>
        {
            var now = factory.Time.GetUtcNow();
            var pm = new PaymentMethod
            {
                Id = Ids.New("pm"), MerchantId = PortalFactory.DemoMerchant, CustomerId = customer, Brand = "visa", Last4 = "4242",
                ExpMonth = 12, ExpYear = now.Year + 2, Fingerprint = "g", ProcessorReference = "testcard_succeeds_api", Created = now,
            };
            db.PaymentMethods.Add(pm);
            (await db.Customers.SingleAsync(c => c.Id == customer)).DefaultPaymentMethodId = pm.Id;
            await db.SaveChangesAsync();
        });
        var paid = await factory.Services.GetRequiredService<InvoicePayments>()
            .PayAsync(Actor.Api(new Vinr.Portal.Api.Infrastructure.Http.ApiCaller(PortalFactory.DemoMerchant, false)), invoice.Id, null, CancellationToken.None);
        Assert.NotNull(paid.Value);
        Assert.Equal(SubscriptionStatus.Active, (await ReloadAsync(id)).Status);
    }

    [Fact]
    public async Task A_customer_without_a_card_needs_a_trial()
    {
        var customer = await CustomerAsync(card: null);
        using var api = factory.CreateApiClient();

        var refused = await api.PostAsync("/v1/subscriptions", Form(("customer", customer), ("items[0][price]", await PriceAsync("Pro monthly"))));

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var error = await refused.ErrorAsync();
        Assert.Equal("customer", error.GetProperty("param").GetString());
        Assert.Contains("trial", error.GetProperty("message").GetString());
        Assert.False(await factory.WithDbAsync(db => db.Subscriptions.AnyAsync(s => s.CustomerId == customer)));
    }

    [Fact]
    public async Task A_trial_charges_nothing_until_it_ends_then_the_billing_clock_invoices_and_charges_the_first_period()
    {
        var customer = await CustomerAsync();
        using var api = factory.CreateApiClient();
        var now = factory.Time.GetUtcNow();

        var created = await JsonAsync(await api.PostAsync("/v1/subscriptions", Form(("customer", customer), ("items[0][price]", await PriceAsync("Pro monthly")),
            ("trial_period_days", "14"))));
        var id = created.GetProperty("id").GetString()!;
        var trialEnd = DateTimeOffset.FromUnixTimeSeconds(now.ToUnixTimeSeconds()).AddDays(14);

        Assert.Equal("trialing", created.GetProperty("status").GetString());
        Assert.Equal(trialEnd.ToUnixTimeSeconds(), created.GetProperty("trial_end").GetInt64());
        Assert.Equal(now.ToUnixTimeSeconds(), created.GetProperty("trial_start").GetInt64());
        Assert.Equal(trialEnd.ToUnixTimeSeconds(), created.GetProperty("current_period_end").GetInt64());
        Assert.Equal(JsonValueKind.Null, created.GetProperty("latest_invoice").ValueKind);
        Assert.Empty(await InvoicesAsync(id));

        await Renewals.RenewDueAsync(trialEnd.AddSeconds(-1), CancellationToken.None);
        Assert.Empty(await InvoicesAsync(id));

        await Renewals.RenewDueAsync(trialEnd, CancellationToken.None);
        var invoice = Assert.Single(await InvoicesAsync(id));
        var renewed = await ReloadAsync(id);
        Assert.Equal(InvoiceStatus.Paid, invoice.Status);
        Assert.Equal(4_900, invoice.AmountPaid);
        Assert.Equal(SubscriptionStatus.Active, renewed.Status);
        Assert.Equal(trialEnd, renewed.CurrentPeriodStart);
        Assert.Equal(trialEnd.AddMonths(1), renewed.CurrentPeriodEnd);
    }

    [Fact]
    public async Task Trial_end_as_a_unix_time_is_the_first_period_end()
    {
        var customer = await CustomerAsync(card: null);
        using var api = factory.CreateApiClient();
        var end = factory.Time.GetUtcNow().AddDays(3).ToUnixTimeSeconds();

        var created = await JsonAsync(await api.PostAsJsonAsync("/v1/subscriptions",
            new { customer, items = new[] { new { price = await PriceAsync("Pro monthly") } }, trial_end = end }));

        Assert.Equal("trialing", created.GetProperty("status").GetString());
        Assert.Equal(end, created.GetProperty("current_period_end").GetInt64());
        Assert.Equal(end, created.GetProperty("billing_cycle_anchor").GetInt64());
    }

    [Theory]
    [InlineData("customer", "items[0][price]=$pro", "customer")]
    [InlineData("items", "customer=$cust", "items")]
    [InlineData("price", "customer=$cust&items[0][quantity]=1", "items[0][price]")]
    [InlineData("zero quantity", "customer=$cust&items[0][price]=$biz&items[0][quantity]=0", "items[0][quantity]")]
    [InlineData("flat quantity", "customer=$cust&items[0][price]=$pro&items[0][quantity]=2", "items[0][quantity]")]
    [InlineData("two items", "customer=$cust&items[0][price]=$pro&items[1][price]=$biz", "items")]
    [InlineData("trial days", "customer=$cust&items[0][price]=$pro&trial_period_days=0", "trial_period_days")]
    [InlineData("past trial end", "customer=$cust&items[0][price]=$pro&trial_end=1000", "trial_end")]
    [InlineData("both trials", "customer=$cust&items[0][price]=$pro&trial_period_days=3&trial_end=$future", "trial_end")]
    [InlineData("expand", "customer=$cust&items[0][price]=$pro&expand[0]=price", "expand[0]")]
    [InlineData("behavior", "customer=$cust&items[0][price]=$pro&payment_behavior=error_if_incomplete", "payment_behavior")]
    [InlineData("unknown", "customer=$cust&items[0][price]=$pro&coupon=X", "coupon")]
    [InlineData("item unknown", "customer=$cust&items[0][price]=$pro&items[0][tax_rates][0]=x", "items[0][tax_rates]")]
    [InlineData("no customer", "customer=cust_nope&items[0][price]=$pro", "customer")]
    [InlineData("no price", "customer=$cust&items[0][price]=price_nope", "items[0][price]")]
    public async Task Bad_create_parameters_are_named(string _, string body, string param)
    {
        var customer = await CustomerAsync();
        body = body.Replace("$cust", customer).Replace("$pro", await PriceAsync("Pro monthly")).Replace("$biz", await PriceAsync("Business monthly"))
            .Replace("$future", factory.Time.GetUtcNow().AddDays(5).ToUnixTimeSeconds().ToString());
        using var api = factory.CreateApiClient();

        var response = await api.PostAsync("/v1/subscriptions", new StringContent(body, System.Text.Encoding.UTF8, "application/x-www-form-urlencoded"));

        Assert.True(response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.NotFound, response.StatusCode.ToString());
        Assert.Equal(param, (await response.ErrorAsync()).GetProperty("param").GetString());
        Assert.False(await factory.WithDbAsync(db => db.Subscriptions.AnyAsync(s => s.CustomerId == customer)));
    }

    [Theory]
    [InlineData("always_invoice")]
    [InlineData("create_prorations")]
    public async Task An_api_change_charges_exactly_what_the_portal_previews_for_the_same_change(string behavior)
    {
        var s = await TestData.SubscriberAsync(factory, features: f => f.SubscriptionUpdate.ProrationBehavior =
            behavior == "always_invoice" ? ProrationBehavior.AlwaysInvoice : ProrationBehavior.CreateProrations);
        var business = await PriceAsync("Business monthly");
        using var api = factory.CreateApiClient();

        var preview = (await Changes.PreviewAsync(s.Access, s.SubscriptionId, business, 3, CancellationToken.None)).Value!;
        var updated = await JsonAsync(await api.PostAsync($"/v1/subscriptions/{s.SubscriptionId}", Form(
            ("items[0][id]", SubscriptionObject.ItemId(s.SubscriptionId)), ("items[0][price]", business), ("items[0][quantity]", "3"), ("proration_behavior", behavior))));

        Assert.Equal(business, updated.GetProperty("items").GetProperty("data")[0].GetProperty("price").GetProperty("id").GetString());
        Assert.Equal(3, updated.GetProperty("quantity").GetInt64());
        if (behavior == "always_invoice")
        {
            var invoice = Assert.Single(await InvoicesAsync(s.SubscriptionId));
            Assert.Equal(preview.Invoice!.Total, invoice.Total);
            Assert.Equal(preview.DueToday, invoice.AmountPaid);
            Assert.True(invoice.AmountPaid > 0);
            Assert.Equal(invoice.Id, updated.GetProperty("latest_invoice").GetString());
        }
        else
        {
            Assert.Empty(await InvoicesAsync(s.SubscriptionId));
            var pending = await factory.WithDbAsync(db => db.PendingInvoiceItems.Where(i => i.SubscriptionId == s.SubscriptionId).SumAsync(i => i.Amount));
            Assert.Equal(preview.AddedToNextInvoice, pending);
            Assert.NotEqual(0, pending);
        }
        var updatedEvent = await factory.WithDbAsync(db => db.Events.Where(e => e.Type == "customer.subscription.updated" && e.Data.Contains(s.SubscriptionId)).SingleAsync());
        Assert.Equal("api", updatedEvent.Source);
    }

    [Fact]
    public async Task The_api_is_not_held_to_the_portal_configurations_switches_but_to_its_money_rules()
    {
        // Plan changes off in the portal, and downgrades waiting for period end there: the merchant's call changes now.
        var s = await TestData.SubscriberAsync(factory, features: f => f.SubscriptionUpdate.Enabled = false);
        using var api = factory.CreateApiClient();

        var updated = await JsonAsync(await api.PostAsync($"/v1/subscriptions/{s.SubscriptionId}", Form(("items[0][price]", await PriceAsync("Starter monthly")))));

        Assert.Equal(await PriceAsync("Starter monthly"), updated.GetProperty("price").GetString());
        Assert.Equal(JsonValueKind.Null, updated.GetProperty("scheduled_change").ValueKind);
        // Credit for the unused Pro time waits for the next invoice (create_prorations is the default).
        var pending = await factory.WithDbAsync(db => db.PendingInvoiceItems.Where(i => i.SubscriptionId == s.SubscriptionId).SumAsync(i => i.Amount));
        Assert.True(pending < 0);
    }

    [Theory]
    [InlineData("items[0][id]=si_other&items[0][quantity]=2", "items[0][id]")]
    [InlineData("items[0][price]=price_nope", "items[0][price]")]
    [InlineData("items[0][quantity]=0", "items[0][quantity]")]
    [InlineData("proration_behavior=sometimes", "proration_behavior")]
    [InlineData("cancel_at_period_end=maybe", "cancel_at_period_end")]
    [InlineData("collection_method=send_invoice", "collection_method")]
    [InlineData("items[0][quantity]=2&metadata[]=x", "metadata")]
    [InlineData("items[0][quantity]=2&expand[0]=plan", "expand[0]")]
    public async Task Bad_update_parameters_are_named_and_change_nothing(string body, string param)
    {
        var s = await TestData.SubscriberAsync(factory);
        using var api = factory.CreateApiClient();

        var response = await api.PostAsync($"/v1/subscriptions/{s.SubscriptionId}", new StringContent(body, System.Text.Encoding.UTF8, "application/x-www-form-urlencoded"));

        Assert.True(response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.NotFound, response.StatusCode.ToString());
        Assert.Equal(param, (await response.ErrorAsync()).GetProperty("param").GetString());
        Assert.Empty(await EventTypesAsync(s.SubscriptionId));
    }

    [Fact]
    public async Task Cancel_at_period_end_and_back_and_metadata_merge_each_write_an_event()
    {
        var s = await TestData.SubscriberAsync(factory);
        using var api = factory.CreateApiClient();

        var cancelling = await JsonAsync(await api.PostAsync($"/v1/subscriptions/{s.SubscriptionId}", Form(("cancel_at_period_end", "true"), ("metadata[a]", "1"))));
        var renewed = await JsonAsync(await api.PostAsync($"/v1/subscriptions/{s.SubscriptionId}", Form(("cancel_at_period_end", "false"), ("metadata[b]", "2"))));
        var same = await JsonAsync(await api.PostAsync($"/v1/subscriptions/{s.SubscriptionId}", Form(("cancel_at_period_end", "false"))));

        Assert.True(cancelling.GetProperty("cancel_at_period_end").GetBoolean());
        Assert.Equal(cancelling.GetProperty("current_period_end").GetInt64(), cancelling.GetProperty("cancel_at").GetInt64());
        Assert.False(renewed.GetProperty("cancel_at_period_end").GetBoolean());
        Assert.Equal(JsonValueKind.Null, renewed.GetProperty("canceled_at").ValueKind);
        Assert.Equal(["a", "b"], renewed.GetProperty("metadata").EnumerateObject().Select(p => p.Name).Order().ToArray());
        Assert.Equal("active", same.GetProperty("status").GetString());
        Assert.Equal(2, (await EventTypesAsync(s.SubscriptionId)).Count(t => t == "customer.subscription.updated"));
    }

    [Fact]
    public async Task Cancel_now_ends_it_crediting_unused_time_only_with_prorate()
    {
        var prorated = await TestData.SubscriberAsync(factory);
        var plain = await TestData.SubscriberAsync(factory);
        using var api = factory.CreateApiClient();

        var ended = await JsonAsync(await api.DeleteAsync($"/v1/subscriptions/{prorated.SubscriptionId}?prorate=true"));
        await JsonAsync(await api.DeleteAsync($"/v1/subscriptions/{plain.SubscriptionId}"));
        var again = await api.DeleteAsync($"/v1/subscriptions/{plain.SubscriptionId}");
        var unknown = await api.DeleteAsync($"/v1/subscriptions/{plain.SubscriptionId}?invoice_now=true");

        Assert.Equal("canceled", ended.GetProperty("status").GetString());
        Assert.Equal(factory.Time.GetUtcNow().ToUnixTimeSeconds(), ended.GetProperty("ended_at").GetInt64());
        var balances = await factory.WithDbAsync(db => db.Customers.Where(c => c.Id == prorated.Access.CustomerId || c.Id == plain.Access.CustomerId)
            .ToDictionaryAsync(c => c.Id, c => c.Balance));
        // 21 of ~30 days of 49.00 unused.
        Assert.InRange(balances[prorated.Access.CustomerId], -3_500, -3_200);
        Assert.Equal(0, balances[plain.Access.CustomerId]);
        Assert.Equal(HttpStatusCode.BadRequest, again.StatusCode);
        Assert.Equal("invoice_now", (await unknown.ErrorAsync()).GetProperty("param").GetString());
        Assert.Contains("customer.subscription.deleted", await EventTypesAsync(prorated.SubscriptionId));
        var updateCanceled = await api.PostAsync($"/v1/subscriptions/{plain.SubscriptionId}", Form(("cancel_at_period_end", "true")));
        Assert.Equal(HttpStatusCode.BadRequest, updateCanceled.StatusCode);
    }

    [Fact]
    public async Task List_filters_by_customer_status_and_price_pages_both_ways_and_leaves_canceled_out_by_default()
    {
        var customer = await CustomerAsync(card: null);
        var pro = await PriceAsync("Pro monthly");
        var starter = await PriceAsync("Starter monthly");
        using var api = factory.CreateApiClient();
        var ids = new List<string>();
        foreach (var price in new[] { pro, starter, pro, pro })
        {
            var created = await JsonAsync(await api.PostAsync("/v1/subscriptions", Form(("customer", customer), ("items[0][price]", price), ("trial_period_days", "7"))));
            ids.Add(created.GetProperty("id").GetString()!);
            factory.Time.Advance(TimeSpan.FromSeconds(1));
        }
        await JsonAsync(await api.DeleteAsync($"/v1/subscriptions/{ids[0]}"));
        ids.Reverse(); // newest first; ids[3] is canceled

        static List<string> Ids(JsonElement list) => [.. list.GetProperty("data").EnumerateArray().Select(c => c.GetProperty("id").GetString()!)];
        async Task<JsonElement> ListAsync(string query) => await api.GetFromJsonAsync<JsonElement>($"/v1/subscriptions?customer={customer}&{query}");

        var open = await ListAsync("");
        var all = await ListAsync("status=all");
        var canceled = await ListAsync("status=canceled");
        var onPro = await ListAsync($"price={pro}");
        var first = await ListAsync("limit=2");
        var next = await ListAsync($"limit=2&starting_after={ids[1]}");
        var exact = await ListAsync("limit=3");
        var back = await ListAsync($"limit=1&ending_before={ids[2]}");
        var empty = await ListAsync($"ending_before={ids[0]}");
        var none = await ListAsync("status=past_due");

        Assert.Equal(ids[..3], Ids(open));
        Assert.Equal(ids, Ids(all));
        Assert.Equal([ids[3]], Ids(canceled));
        Assert.Equal([ids[0], ids[1]], Ids(onPro));
        Assert.Equal(ids[..2], Ids(first));
        Assert.True(first.GetProperty("has_more").GetBoolean());
        Assert.Equal([ids[2]], Ids(next));
        Assert.False(next.GetProperty("has_more").GetBoolean());
        Assert.Equal(ids[..3], Ids(exact));
        Assert.False(exact.GetProperty("has_more").GetBoolean());
        Assert.Equal([ids[1]], Ids(back));
        Assert.True(back.GetProperty("has_more").GetBoolean());
        Assert.Empty(Ids(empty));
        Assert.Empty(Ids(none));
        Assert.False(none.GetProperty("has_more").GetBoolean());
    }

    [Theory]
    [InlineData("status=paused", "status")]
    [InlineData("customer=cust_nope", "customer")]
    [InlineData("limit=0", "limit")]
    [InlineData("expand[0]=customer", "expand")]
    public async Task Bad_list_parameters_are_named(string query, string param)
    {
        using var api = factory.CreateApiClient();

        var response = await api.GetAsync($"/v1/subscriptions?{query}");

        Assert.True(response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.NotFound);
        Assert.Equal(param, (await response.ErrorAsync()).GetProperty("param").GetString());
    }

    [Fact]
    public async Task Subscriptions_customers_and_prices_are_invisible_across_merchants_and_modes()
    {
        var s = await TestData.SubscriberAsync(factory);
        var pro = await PriceAsync("Pro monthly");
        var other = await TestData.AddMerchantAsync(factory, livemode: false);
        var live = await TestData.AddMerchantAsync(factory, livemode: true, merchantId: PortalFactory.DemoMerchant);

        foreach (var kit in new[] { other, live })
        {
            using var api = factory.CreateApiClient(kit.Key);
            Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync($"/v1/subscriptions/{s.SubscriptionId}")).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await api.PostAsync($"/v1/subscriptions/{s.SubscriptionId}", Form(("cancel_at_period_end", "true")))).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await api.DeleteAsync($"/v1/subscriptions/{s.SubscriptionId}")).StatusCode);
            Assert.DoesNotContain((await api.GetFromJsonAsync<JsonElement>("/v1/subscriptions?status=all&limit=100")).GetProperty("data").EnumerateArray(),
                x => x.GetProperty("id").GetString() == s.SubscriptionId);
            var theirCustomerOurPrice = await api.PostAsync("/v1/subscriptions", Form(("customer", kit.CustomerId), ("items[0][price]", pro), ("trial_period_days", "3")));
            Assert.Equal("items[0][price]", (await theirCustomerOurPrice.ErrorAsync()).GetProperty("param").GetString());
            var ourCustomer = await api.PostAsync("/v1/subscriptions", Form(("customer", s.Access.CustomerId), ("items[0][price]", pro), ("trial_period_days", "3")));
            Assert.Equal("customer", (await ourCustomer.ErrorAsync()).GetProperty("param").GetString());
        }
        Assert.Equal(SubscriptionStatus.Active, (await ReloadAsync(s.SubscriptionId)).Status);
    }

    [Fact]
    public async Task Retrieve_expands_the_customer_and_refuses_other_expansions()
    {
        var s = await TestData.SubscriberAsync(factory);
        using var api = factory.CreateApiClient();

        var plain = await api.GetFromJsonAsync<JsonElement>($"/v1/subscriptions/{s.SubscriptionId}");
        var expanded = await api.GetFromJsonAsync<JsonElement>($"/v1/subscriptions/{s.SubscriptionId}?expand[]=customer");
        var bad = await api.GetAsync($"/v1/subscriptions/{s.SubscriptionId}?expand[]=plan");

        Assert.Equal(s.Access.CustomerId, plain.GetProperty("customer").GetString());
        Assert.Equal("customer", expanded.GetProperty("customer").GetProperty("object").GetString());
        Assert.Equal("expand[0]", (await bad.ErrorAsync()).GetProperty("param").GetString());
    }

    [Fact]
    public async Task The_openapi_document_describes_every_customer_and_subscription_operation_and_their_list_parameters()
    {
        using var client = factory.CreateApiClient(key: null);
        var document = await client.GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        var paths = document.GetProperty("paths");

        var operations = new Dictionary<string, (string Path, string Method)>
        {
            ["CreateCustomer"] = ("/v1/customers", "post"), ["ListCustomers"] = ("/v1/customers", "get"),
            ["RetrieveCustomer"] = ("/v1/customers/{id}", "get"), ["UpdateCustomer"] = ("/v1/customers/{id}", "post"), ["DeleteCustomer"] = ("/v1/customers/{id}", "delete"),
            ["CreateSubscription"] = ("/v1/subscriptions", "post"), ["ListSubscriptions"] = ("/v1/subscriptions", "get"),
            ["RetrieveSubscription"] = ("/v1/subscriptions/{id}", "get"), ["UpdateSubscription"] = ("/v1/subscriptions/{id}", "post"),
            ["CancelSubscription"] = ("/v1/subscriptions/{id}", "delete"),
        };
        foreach (var (name, (path, method)) in operations)
        {
            var operation = paths.GetProperty(path).GetProperty(method);
            Assert.Equal(name, operation.GetProperty("operationId").GetString());
            Assert.False(string.IsNullOrEmpty(operation.GetProperty("description").GetString()));
        }
        static string[] Parameters(JsonElement operation) => [.. operation.GetProperty("parameters").EnumerateArray().Select(p => p.GetProperty("name").GetString()!)];
        Assert.Subset(Parameters(paths.GetProperty("/v1/customers").GetProperty("get")).ToHashSet(), new HashSet<string> { "limit", "starting_after", "ending_before", "email" });
        Assert.Subset(Parameters(paths.GetProperty("/v1/subscriptions").GetProperty("get")).ToHashSet(),
            new HashSet<string> { "limit", "starting_after", "ending_before", "customer", "status", "price" });
        Assert.Contains("prorate", Parameters(paths.GetProperty("/v1/subscriptions/{id}").GetProperty("delete")));
        var create = paths.GetProperty("/v1/subscriptions").GetProperty("post").GetProperty("requestBody").GetProperty("content");
        Assert.True(create.TryGetProperty("application/x-www-form-urlencoded", out _));
        Assert.True(create.TryGetProperty("application/json", out _));
    }
}
