using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Vinr.Portal.Api.Features.BillingPortal.Sessions;
using Vinr.Portal.Api.Features.Customers;
using Vinr.Portal.Api.Features.PaymentMethods;
using Vinr.Portal.Api.Features.Products;
using Vinr.Portal.Api.Features.Subscriptions;
using Vinr.Portal.Api.Features.TestClocks;
using Vinr.Portal.Api.Infrastructure;
using Vinr.Portal.Tests.Support;

namespace Vinr.Portal.Tests.Features.TestClocks;

/// <summary>Merchants, clocks and customers on them, made in the database (customer create with <c>test_clock</c> is another part's).</summary>
public static class ClockData
{
    /// <summary>A customer on a clock with a monthly subscription (10.00 USD) that began ten days before the clock's time.</summary>
    public sealed record ClockSubscriber(string MerchantId, string Key, string ClockId, PortalAccess Access, string SubscriptionId, DateTimeOffset PeriodEnd);

    /// <summary>A fresh test-mode merchant (so its settings are its own), a clock at <paramref name="frozenTime"/>, and one subscriber on it.</summary>
    public static async Task<ClockSubscriber> SubscriberAsync(PortalFactory factory, DateTimeOffset frozenTime, string card = "testcard_succeeds_t",
        TestData.MerchantKit? merchant = null, string? clockId = null)
    {
        // Whole seconds, as the API speaks and as SQLite (milliseconds) keeps them.
        frozenTime = DateTimeOffset.FromUnixTimeSeconds(frozenTime.ToUnixTimeSeconds());
        merchant ??= await TestData.AddMerchantAsync(factory, livemode: false);
        var kit = merchant;
        return await factory.WithDbAsync(async db =>
        {
            var now = factory.Time.GetUtcNow();
            if (clockId is null)
            {
                clockId = Ids.New("clock");
                db.TestClocks.Add(new TestClock
                {
                    Id = clockId, MerchantId = kit.MerchantId, FrozenTime = frozenTime, Status = TestClockStatus.Ready, DeletesAfter = now.AddDays(30), Created = now,
                });
            }
            var price = await db.Prices.FirstOrDefaultAsync(p => p.MerchantId == kit.MerchantId && !p.Livemode && p.Nickname == "Clock monthly");
            if (price is null)
            {
                var product = new Product { Id = Ids.New("prod"), MerchantId = kit.MerchantId, Name = "Clock plan", Active = true, Created = now };
                price = new Price
                {
                    Id = Ids.New("price"), MerchantId = kit.MerchantId, ProductId = product.Id, UnitAmount = 1_000, Currency = "usd",
                    Interval = BillingInterval.Month, Nickname = "Clock monthly", Active = true, Created = now,
                };
                db.AddRange(product, price);
            }
            var customer = new Customer { Id = Ids.New("cust"), MerchantId = kit.MerchantId, Name = "On a clock", Created = now, TestClockId = clockId };
            var pm = new PaymentMethod
            {
                Id = Ids.New("pm"), MerchantId = kit.MerchantId, CustomerId = customer.Id, Brand = "visa", Last4 = "0341",
                ExpMonth = 12, ExpYear = frozenTime.Year + 5, Fingerprint = "f", ProcessorReference = card, Created = now,
            };
            customer.DefaultPaymentMethodId = pm.Id;
            var start = frozenTime.AddDays(-10);
            var subscription = new Subscription
            {
                Id = Ids.New("sub"), MerchantId = kit.MerchantId, CustomerId = customer.Id, PriceId = price.Id, Status = SubscriptionStatus.Active,
                CurrentPeriodStart = start, CurrentPeriodEnd = start.AddMonths(1), BillingCycleAnchor = start, Created = start,
            };
            db.AddRange(customer, pm, subscription);
            await db.SaveChangesAsync();
            var configuration = await db.PortalConfigurations.Where(c => c.MerchantId == kit.MerchantId && !c.Livemode && c.IsDefault).Select(c => c.Id).FirstAsync();
            return new ClockSubscriber(kit.MerchantId, kit.Key, clockId, new PortalAccess("bps_" + Ids.RandomBase62(8), kit.MerchantId, false, customer.Id,
                configuration, "https://example.com", null), subscription.Id, subscription.CurrentPeriodEnd);
        });
    }

    public static Task<HttpResponseMessage> PostFormAsync(this HttpClient client, string url, params (string Key, string Value)[] form) =>
        client.PostAsync(url, new FormUrlEncodedContent(form.Select(p => KeyValuePair.Create(p.Key, p.Value))));

    /// <summary>Advances the clock through the API and returns its answer (which must be 200).</summary>
    public static async Task<JsonElement> AdvanceAsync(PortalFactory factory, ClockSubscriber s, DateTimeOffset to)
    {
        using var client = factory.CreateApiClient(s.Key);
        var response = await client.PostFormAsync($"/v1/test_helpers/test_clocks/{s.ClockId}/advance", ("frozen_time", to.ToUnixTimeSeconds().ToString()));
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(response.IsSuccessStatusCode, body.ToString());
        return body;
    }
}
