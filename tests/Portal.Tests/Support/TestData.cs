using Microsoft.EntityFrameworkCore;
using Vinr.Portal.Api.Features.BillingPortal.Configurations;
using Vinr.Portal.Api.Features.BillingPortal.Sessions;
using Vinr.Portal.Api.Features.PaymentMethods;
using Vinr.Portal.Api.Features.Subscriptions;
using Vinr.Portal.Api.Features.Customers;
using Vinr.Portal.Api.Features.Merchants;
using Vinr.Portal.Api.Infrastructure;

namespace Vinr.Portal.Tests.Support;

/// <summary>Other merchants and modes, for tests that must not see across them.</summary>
public static class TestData
{
    public sealed record MerchantKit(string MerchantId, string Key, string CustomerId);

    /// <summary>
    /// A merchant (or the demo merchant, in another mode) with a key, a default configuration (unless the
    /// merchant has one in that mode already: there is one per mode) and one customer.
    /// </summary>
    public static async Task<MerchantKit> AddMerchantAsync(PortalFactory factory, bool livemode, string? merchantId = null)
    {
        var now = factory.Time.GetUtcNow();
        var id = merchantId ?? Ids.New("acct");
        var (secret, key) = ApiKeys.Create(id, livemode, now);
        var customer = new Customer { Id = Ids.New("cust"), MerchantId = id, Livemode = livemode, Name = "Other Person", Email = "other@example.org", Created = now };
        await factory.WithDbAsync(async db =>
        {
            if (merchantId is null)
            {
                db.Merchants.Add(new Merchant { Id = id, Name = "Other Merchant", Created = now });
            }
            db.ApiKeys.Add(key);
            db.PortalConfigurations.Add(new PortalConfiguration
            {
                Id = Ids.New("bpc"),
                MerchantId = id,
                Livemode = livemode,
                IsDefault = !await db.PortalConfigurations.AnyAsync(c => c.MerchantId == id && c.Livemode == livemode && c.IsDefault),
                DefaultReturnUrl = "https://other.example.org/account",
                Created = now,
            });
            db.Customers.Add(customer);
            await db.SaveChangesAsync();
        });
        return new MerchantKit(id, secret, customer.Id);
    }

    public sealed record Subscriber(PortalAccess Access, string SubscriptionId);

    /// <summary>A new customer of the demo merchant, ten days into a monthly period, under its own configuration.</summary>
    public static async Task<Subscriber> SubscriberAsync(PortalFactory factory, string plan = "Pro monthly", long quantity = 1, string card = "testcard_succeeds_t",
        Action<PortalFeatures>? features = null, SubscriptionStatus status = SubscriptionStatus.Active)
    {
        var now = factory.Time.GetUtcNow();
        return await factory.WithDbAsync(async db =>
        {
            var defaults = await db.PortalConfigurations.AsNoTracking().FirstAsync(c => c.MerchantId == PortalFactory.DemoMerchant && c.IsDefault);
            var configuration = new PortalConfiguration { Id = Ids.New("bpc"), MerchantId = PortalFactory.DemoMerchant, Features = defaults.Features, Created = now };
            features?.Invoke(configuration.Features);
            var price = await db.Prices.FirstAsync(p => p.MerchantId == PortalFactory.DemoMerchant && p.Nickname == plan);
            var customer = new Customer { Id = Ids.New("cust"), MerchantId = PortalFactory.DemoMerchant, Name = "Test", Created = now };
            var pm = new PaymentMethod
            {
                Id = Ids.New("pm"), MerchantId = PortalFactory.DemoMerchant, CustomerId = customer.Id, Brand = "visa", Last4 = "4242",
                ExpMonth = 12, ExpYear = now.Year + 2, Fingerprint = "f", ProcessorReference = card, Created = now,
            };
            customer.DefaultPaymentMethodId = pm.Id;
            var start = now.AddDays(-10);
            var subscription = new Subscription
            {
                Id = Ids.New("sub"), MerchantId = PortalFactory.DemoMerchant, CustomerId = customer.Id, PriceId = price.Id, Quantity = quantity,
                Status = status, CurrentPeriodStart = start, CurrentPeriodEnd = start.AddMonths(1), BillingCycleAnchor = start, Created = start,
            };
            db.AddRange(configuration, customer, pm, subscription);
            await db.SaveChangesAsync();
            return new Subscriber(new PortalAccess("bps_" + Ids.RandomBase62(8), PortalFactory.DemoMerchant, false, customer.Id, configuration.Id,
                "https://example.com", null), subscription.Id);
        });
    }
}
