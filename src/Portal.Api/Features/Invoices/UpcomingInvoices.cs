using Microsoft.EntityFrameworkCore;
using Vinr.Portal.Api.Features.PaymentMethods;
using Vinr.Portal.Api.Features.Subscriptions;
using Vinr.Portal.Api.Features.Tax;
using Vinr.Portal.Api.Infrastructure;
using Vinr.Portal.Api.Infrastructure.Data;

namespace Vinr.Portal.Api.Features.Invoices;

/// <summary>
/// A customer's next invoice, for the portal (scoped by the session) and the merchant API (by the
/// customer the caller names): what the billing clock will write at the period end, read the way the
/// clock reads it (<see cref="SubscriptionRenewals.StateAsync"/>, <see cref="SubscriptionRenewals.Waiting"/>)
/// and drafted by the clock's own function (<see cref="RenewalInvoice.Next"/>).
/// </summary>
public sealed class UpcomingInvoices(IDbContextFactory<BillingDbContext> dbFactory)
{
    /// <summary>
    /// The next invoice of <paramref name="subscriptionId"/>, or, without one, of the customer's subscription
    /// that renews first. A <see cref="ProblemKind.NotFound"/> naming <c>subscription</c> when it is not the
    /// customer's; a null value when nothing will be invoiced (canceled, set to cancel at period end, unpaid).
    /// </summary>
    public async Task<Outcome<UpcomingInvoiceView?>> GetAsync(ICustomerScope customer, string? subscriptionId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var subscriptions = db.Subscriptions.OwnedBy(customer).AsNoTracking().Include(s => s.Price!).ThenInclude(p => p.Product);
        var subscription = subscriptionId is null
            ? await subscriptions.Where(SubscriptionRules.Renewing).OrderBy(s => s.CurrentPeriodEnd).ThenBy(s => s.Id).FirstOrDefaultAsync(cancellationToken)
            : await subscriptions.FirstOrDefaultAsync(s => s.Id == subscriptionId, cancellationToken);
        if (subscription is null && subscriptionId is not null)
        {
            // Missing and another customer's read the same.
            return new Problem(ProblemKind.NotFound, $"No such subscription: '{subscriptionId}'.", "subscription");
        }
        if (subscription is null)
        {
            return (UpcomingInvoiceView?)null;
        }
        var state = await SubscriptionRenewals.StateAsync(db, subscription, cancellationToken);
        var waiting = await SubscriptionRenewals.Waiting(db, subscription).AsNoTracking().ToListAsync(cancellationToken);
        var balance = await db.Customers.OwnedBy(customer).Select(c => c.Balance).FirstAsync(cancellationToken);
        var tax = await TaxRates.TreatmentOfAsync(db, customer, cancellationToken);
        if (RenewalInvoice.Next(state, waiting.Select(i => i.ToLine()), balance, tax, subscription.Discount) is not { } next)
        {
            return (UpcomingInvoiceView?)null;
        }
        var card = await db.DefaultCardOf(customer).AsNoTracking().Select(p => new InvoiceCard(p.Brand, p.Last4)).FirstOrDefaultAsync(cancellationToken);
        return UpcomingInvoiceView.Of(subscription, next, card);
    }
}

/// <summary>
/// The next invoice of one subscription as the portal and the API show it. <see cref="Invoice"/> is the row
/// the clock would write (<see cref="InvoiceDraft.ToInvoice"/>, never saved), so its totals are the ones
/// the invoice will carry; <see cref="PayWith"/> is the default card the clock will charge, if any.
/// </summary>
public sealed record UpcomingInvoiceView(string SubscriptionId, UpcomingInvoice Upcoming, Invoice Invoice, InvoiceCard? PayWith)
{
    public static UpcomingInvoiceView Of(Subscription subscription, UpcomingInvoice upcoming, InvoiceCard? payWith) =>
        new(subscription.Id, upcoming, upcoming.Draft.ToInvoice(subscription, subscription.Id, number: "", upcoming.Date), payWith);

    public DateTimeOffset Date => Upcoming.Date;
    public InvoiceDraft Draft => Upcoming.Draft;

    /// <summary>The lines in the order the invoice's page will list them once written (<see cref="InvoiceQueries.WithLines"/>).</summary>
    public IReadOnlyList<InvoiceLine> Lines => [.. Invoice.Lines.OrderBy(l => l.PeriodStart).ThenBy(l => l.Amount)];
}
