using Microsoft.EntityFrameworkCore;
using Vinr.Portal.Api.Features.Events;
using Vinr.Portal.Api.Features.Invoices;
using Vinr.Portal.Api.Features.TestClocks;
using Vinr.Portal.Api.Infrastructure.Data;

namespace Vinr.Portal.Api.Features.Subscriptions;

/// <summary>
/// The billing clock's scheduled retries of failed renewals. An invoice is due when its
/// <see cref="Invoice.NextPaymentAttempt"/> has come and its subscription is still past due. Every
/// replica may run this: a conditional update on the attempt state (<see cref="Invoice.DunningRetries"/>
/// and the planned time) claims each attempt, so it happens once. The charge and what follows a
/// failure (the next retry, or the merchant's final action) are <see cref="InvoicePayments.ChargeAutomaticallyAsync"/>'s.
/// </summary>
public sealed class DunningRetries(IDbContextFactory<BillingDbContext> dbFactory, InvoicePayments payments)
{
    private const int BatchSize = 100;

    /// <summary>
    /// How far a claimed attempt pushes its own time: if the process dies between the claim and the
    /// charge's commit, the attempt comes back after this instead of being lost.
    /// </summary>
    public static readonly TimeSpan ClaimLease = TimeSpan.FromHours(1);

    /// <summary>Retries what is due by <paramref name="now"/> for customers on no test clock; returns how many attempts it made.</summary>
    public Task<int> RetryDueAsync(DateTimeOffset now, CancellationToken cancellationToken) =>
        RetryAsync(db => Candidates(db.Invoices.AcrossMerchants("dunning serves every merchant"),
            db.Customers.AcrossMerchants("dunning serves every merchant").Where(c => c.TestClockId == null),
            db.Subscriptions.AcrossMerchants("dunning serves every merchant")), now, cancellationToken);

    /// <summary>Retries what is due by <paramref name="now"/> (the clock's time) for the customers on <paramref name="clock"/>.</summary>
    public Task<int> RetryDueAsync(TestClock clock, DateTimeOffset now, CancellationToken cancellationToken) =>
        RetryAsync(db => OnClock(db, clock), now, cancellationToken);

    /// <summary>When the next retry of a customer on <paramref name="clock"/> is planned, if by <paramref name="until"/>.</summary>
    public static Task<DateTimeOffset?> NextDueAsync(BillingDbContext db, TestClock clock, DateTimeOffset until, CancellationToken cancellationToken) =>
        OnClock(db, clock).Where(i => i.NextPaymentAttempt <= until).OrderBy(i => i.NextPaymentAttempt)
            .Select(i => i.NextPaymentAttempt).FirstOrDefaultAsync(cancellationToken);

    private static IQueryable<Invoice> OnClock(BillingDbContext db, TestClock clock)
    {
        var clockId = clock.Id;
        return Candidates(db.Invoices.OwnedBy(clock), db.Customers.OwnedBy(clock).Where(c => c.TestClockId == clockId), db.Subscriptions.OwnedBy(clock));
    }

    private static IQueryable<Invoice> Candidates(IQueryable<Invoice> invoices, IQueryable<Customers.Customer> customers, IQueryable<Subscription> subscriptions) =>
        from i in invoices
        join c in customers on i.CustomerId equals c.Id
        join s in subscriptions on i.SubscriptionId equals s.Id
        where i.Status == InvoiceStatus.Open && i.NextPaymentAttempt != null && s.Status == SubscriptionStatus.PastDue
        select i;

    private async Task<int> RetryAsync(Func<BillingDbContext, IQueryable<Invoice>> candidates, DateTimeOffset now, CancellationToken cancellationToken)
    {
        List<Invoice> due;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            due = await candidates(db).Where(i => i.NextPaymentAttempt <= now).OrderBy(i => i.NextPaymentAttempt)
                .Take(BatchSize).AsNoTracking().ToListAsync(cancellationToken);
        }
        var attempts = 0;
        foreach (var invoice in due)
        {
            if (await ClaimAsync(invoice, now, cancellationToken))
            {
                attempts++;
                await payments.ChargeAutomaticallyAsync(Actor.System(invoice), invoice.Id, now, cancellationToken);
            }
        }
        return attempts;
    }

    /// <summary>Of any number of replicas, one sees the row change: that one makes the attempt.</summary>
    private async Task<bool> ClaimAsync(Invoice invoice, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var (planned, done) = (invoice.NextPaymentAttempt, invoice.DunningRetries);
        return await db.Invoices.OwnedBy(invoice)
            .Where(i => i.Id == invoice.Id && i.Status == InvoiceStatus.Open && i.NextPaymentAttempt == planned && i.DunningRetries == done)
            .ExecuteUpdateAsync(i => i.SetProperty(x => x.DunningRetries, done + 1).SetProperty(x => x.NextPaymentAttempt, now + ClaimLease), cancellationToken) == 1;
    }
}
