using Microsoft.EntityFrameworkCore;
using Vinr.Portal.Api.Infrastructure.Data;

namespace Vinr.Portal.Api.Features.TestClocks;

/// <summary>
/// "Now" for one customer: its test clock's time when it is on one, else real time. What the portal
/// decides with time (plan change and resubscribe previews and their proration, cancellation) uses it,
/// so a customer a merchant moved a month ahead sees the same month the billing clock bills.
/// </summary>
public static class CustomerTime
{
    public static async Task<DateTimeOffset> NowForAsync(this BillingDbContext db, ICustomerScope customer, TimeProvider time, CancellationToken cancellationToken)
    {
        if (customer.Livemode)
        {
            return time.GetUtcNow(); // live data never follows a test clock
        }
        var frozen = await (
                from c in db.Customers.OwnedBy(customer)
                join k in db.TestClocks.OwnedBy(customer) on c.TestClockId equals k.Id
                select (DateTimeOffset?)k.FrozenTime)
            .FirstOrDefaultAsync(cancellationToken);
        return frozen ?? time.GetUtcNow();
    }
}
