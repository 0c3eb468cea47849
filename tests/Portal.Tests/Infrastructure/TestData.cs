using Vinr.Portal.Api.Features.BillingPortal.Configurations;
using Vinr.Portal.Api.Features.Customers;
using Vinr.Portal.Api.Features.Merchants;
using Vinr.Portal.Api.Infrastructure;

namespace Vinr.Portal.Tests.Infrastructure;

/// <summary>Other merchants and modes, for tests that must not see across them.</summary>
public static class TestData
{
    public sealed record MerchantKit(string MerchantId, string Key, string CustomerId);

    /// <summary>A merchant (or the demo merchant, in another mode) with a key, a default configuration and one customer.</summary>
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
                IsDefault = true,
                DefaultReturnUrl = "https://other.example.org/account",
                Created = now,
            });
            db.Customers.Add(customer);
            await db.SaveChangesAsync();
        });
        return new MerchantKit(id, secret, customer.Id);
    }
}
