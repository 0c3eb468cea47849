using Microsoft.EntityFrameworkCore;
using Vinr.Portal.Api.Features.BillingPortal.Configurations;
using Vinr.Portal.Api.Features.BillingPortal.Sessions;
using Vinr.Portal.Api.Features.Customers;
using Vinr.Portal.Api.Features.Invoices;
using Vinr.Portal.Api.Features.PaymentMethods;
using Vinr.Portal.Api.Features.Subscriptions;
using Vinr.Portal.Api.Features.Tax;
using Vinr.Portal.Api.Infrastructure.Data;

namespace Vinr.Portal.Api.Features.BillingPortal.Portal;

/// <summary>Reads for the portal's pages, each scoped by the session's <see cref="PortalAccess"/>.</summary>
public sealed class PortalQueries(IDbContextFactory<BillingDbContext> dbFactory)
{
    public const int RecentInvoiceCount = 5;

    /// <summary>The session's configuration as the layout needs it: how the portal looks and what it offers, in one read.</summary>
    public async Task<PortalSettings> GetSettingsAsync(PortalAccess access, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var row = await (
                from k in db.PortalConfigurations.OwnedBy(access).AsNoTracking()
                join m in db.Merchants.AsNoTracking() on k.MerchantId equals m.Id
                where k.Id == access.ConfigurationId
                select new { m.Name, Configuration = k })
            .FirstAsync(cancellationToken);
        return new PortalSettings(PortalBranding.From(row.Name, row.Configuration), row.Configuration.Features);
    }

    /// <summary>What the session's configuration lets the customer do, for plain HTTP endpoints (the layout reads <see cref="GetSettingsAsync"/>).</summary>
    public async Task<PortalFeatures> GetFeaturesAsync(PortalAccess access, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.FeaturesOf(access).FirstAsync(cancellationToken);
    }

    public async Task<PortalOverview> GetOverviewAsync(PortalAccess access, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var customer = await db.Customers.OwnedBy(access).AsNoTracking().FirstAsync(cancellationToken);

        var subscriptions = await db.Subscriptions.OwnedBy(access).AsNoTracking()
            .Include(s => s.Price!).ThenInclude(p => p.Product)
            .OrderByDescending(s => s.Created)
            .ToListAsync(cancellationToken);

        var scheduledIds = subscriptions.Select(s => s.ScheduledPriceId).OfType<string>().ToList();
        var scheduledPrices = scheduledIds.Count == 0 ? [] : await db.Prices.OwnedBy(access).AsNoTracking().Include(p => p.Product)
            .Where(p => scheduledIds.Contains(p.Id)).ToDictionaryAsync(p => p.Id, cancellationToken);
        // Every subscription's waiting items at once, in the order the renewal takes them (SubscriptionRenewals.Waiting).
        var pending = (await db.PendingInvoiceItems.OwnedBy(access).AsNoTracking()
                .Where(i => i.InvoiceId == null && i.SubscriptionId != null)
                .OrderBy(i => i.Created).ThenBy(i => i.Id)
                .ToListAsync(cancellationToken))
            .ToLookup(i => i.SubscriptionId!);

        var card = await db.DefaultCardOf(access).AsNoTracking()
            .Select(p => new CardSummary(p.Id, p.Brand, p.Last4, p.ExpMonth, p.ExpYear))
            .FirstOrDefaultAsync(cancellationToken);

        var invoices = await db.Invoices.OwnedBy(access).AsNoTracking().FinalOnly()
            .OrderByDescending(i => i.Created).ThenByDescending(i => i.Id)
            .Take(RecentInvoiceCount)
            .Select(i => new InvoiceSummary(i.Id, i.Number, i.Created, i.Total, i.Currency, i.Status))
            .ToListAsync(cancellationToken);

        var tax = await TaxRates.TreatmentOfAsync(db, customer, cancellationToken);
        return new PortalOverview(
            new CustomerSummary(customer.DisplayName, BillingDetails.Of(customer)),
            await GetPastDueInvoiceAsync(access, cancellationToken),
            [.. subscriptions.Select(s =>
            {
                var scheduled = s.ScheduledPriceId is { } next && scheduledPrices.TryGetValue(next, out var price) ? price : null;
                // The figure the overview links to the next invoice with: the same function as that page and the billing clock.
                var upcoming = RenewalInvoice.Next(BillingState.Of(s, scheduled), pending[s.Id].Select(i => i.ToLine()), customer.Balance, tax, s.Discount);
                return new SubscriptionSummary(
                    s.Id, PlanOption.Of(s.Price!, isCurrent: true), s.Quantity, s.Status, s.CancelAtPeriodEnd, SubscriptionRules.Renews(s), s.CurrentPeriodEnd,
                    scheduled is null ? null : new ScheduledPlan(PlanOption.Of(scheduled), s.ScheduledQuantity ?? 1),
                    pending[s.Id].Sum(i => i.Amount), upcoming?.Draft.Total ?? 0);
            })],
            card,
            invoices,
            tax);
    }

    /// <summary>The oldest open invoice of a past-due (or unpaid) subscription: what the customer must pay to be active again.</summary>
    public async Task<OpenInvoice?> GetPastDueInvoiceAsync(PortalAccess access, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await (
                from i in db.Invoices.OwnedBy(access).AsNoTracking()
                join s in db.Subscriptions.OwnedBy(access).AsNoTracking() on i.SubscriptionId equals s.Id
                where i.Status == InvoiceStatus.Open && SubscriptionRules.OwingStatuses.Contains(s.Status)
                orderby i.Created
                select new OpenInvoice(i.Id, i.Number, i.AmountDue, i.Currency, i.LastPaymentError, i.LastPaymentErrorCode == Invoice.AuthenticationRequiredCode))
            .FirstOrDefaultAsync(cancellationToken);
    }
}
