using Microsoft.EntityFrameworkCore;
using Vinr.Portal.Api.Features.Subscriptions;

namespace Vinr.Portal.E2E;

/// <summary>Set-ups for resubscribing: the demo configuration with the switch on, and a customer whose subscription ended.</summary>
public static class EndedSubscriptions
{
    /// <summary>Turns resubscribing on for the demo merchant's default configuration (off by default), as the merchant would.</summary>
    public static Task AllowResubscribeAsync(this PortalServer server) =>
        server.WithDbAsync(async db =>
        {
            var configuration = await db.PortalConfigurations.SingleAsync(c => c.MerchantId == "acct_AcmeCloudDemo" && c.IsDefault && !c.Livemode);
            configuration.Features.Resubscribe = true;
            return await db.SaveChangesAsync();
        });

    /// <summary>
    /// A fresh customer (<see cref="PortalServer.CreateCustomerAsync"/>: Pro monthly, a Visa ending 4242, a paid invoice)
    /// whose subscription was cancelled and ended yesterday, as the billing clock leaves it.
    /// </summary>
    public static async Task<string> CreateEndedCustomerAsync(this PortalServer server)
    {
        var customer = await server.CreateCustomerAsync();
        await server.WithDbAsync(async db =>
        {
            var subscription = await db.Subscriptions.SingleAsync(s => s.CustomerId == customer);
            var ended = DateTimeOffset.UtcNow.AddDays(-1);
            subscription.Status = SubscriptionStatus.Canceled;
            subscription.CanceledAt = ended.AddDays(-20);
            subscription.CurrentPeriodEnd = ended;
            subscription.EndedAt = ended;
            return await db.SaveChangesAsync();
        });
        return customer;
    }
}
