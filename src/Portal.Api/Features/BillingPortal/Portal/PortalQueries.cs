using Microsoft.EntityFrameworkCore;
using Vinr.Portal.Api.Features.BillingPortal.Configurations;
using Vinr.Portal.Api.Features.BillingPortal.Sessions;
using Vinr.Portal.Api.Features.Invoices;
using Vinr.Portal.Api.Features.Products;
using Vinr.Portal.Api.Features.Subscriptions;
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
                from k in db.PortalConfigurations.AsNoTracking()
                join m in db.Merchants.AsNoTracking() on k.MerchantId equals m.Id
                where k.Id == access.ConfigurationId && k.MerchantId == access.MerchantId
                select new { m.Name, Configuration = k })
            .FirstAsync(cancellationToken);
        return new PortalSettings(PortalBranding.From(row.Name, row.Configuration), row.Configuration.Features);
    }

    /// <summary>What the session's configuration lets the customer do; the layout and each page follow it.</summary>
    public async Task<PortalFeatures> GetFeaturesAsync(PortalAccess access, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.PortalConfigurations.AsNoTracking()
            .Where(k => k.Id == access.ConfigurationId && k.MerchantId == access.MerchantId)
            .Select(k => k.Features)
            .FirstAsync(cancellationToken);
    }

    public async Task<PortalOverview> GetOverviewAsync(PortalAccess access, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var customer = await db.Customers.AsNoTracking()
            .FirstAsync(c => c.Id == access.CustomerId && c.MerchantId == access.MerchantId, cancellationToken);

        var subscriptions = await db.Subscriptions.AsNoTracking()
            .Include(s => s.Price!).ThenInclude(p => p.Product)
            .Where(s => s.CustomerId == customer.Id && s.MerchantId == access.MerchantId)
            .OrderByDescending(s => s.Created)
            .ToListAsync(cancellationToken);

        var scheduledPrices = await db.Prices.AsNoTracking().Include(p => p.Product)
            .Where(p => subscriptions.Select(s => s.ScheduledPriceId).Contains(p.Id)).ToDictionaryAsync(p => p.Id, cancellationToken);
        var pending = await db.PendingInvoiceItems.AsNoTracking()
            .Where(i => i.CustomerId == customer.Id && i.InvoiceId == null && i.SubscriptionId != null)
            .GroupBy(i => i.SubscriptionId!).Select(g => new { g.Key, Total = g.Sum(i => i.Amount) })
            .ToDictionaryAsync(g => g.Key, g => g.Total, cancellationToken);

        var card = customer.DefaultPaymentMethodId is { } pmId
            ? await db.PaymentMethods.AsNoTracking()
                .Where(p => p.Id == pmId && p.CustomerId == customer.Id)
                .Select(p => new CardSummary(p.Id, p.Brand, p.Last4, p.ExpMonth, p.ExpYear))
                .FirstOrDefaultAsync(cancellationToken)
            : null;

        var invoices = await db.Invoices.AsNoTracking()
            // Drafts may still change: the portal shows an invoice once it is final (as InvoiceQueries does).
            .Where(i => i.CustomerId == customer.Id && i.MerchantId == access.MerchantId && i.Status != InvoiceStatus.Draft)
            .OrderByDescending(i => i.Created).ThenByDescending(i => i.Id)
            .Take(RecentInvoiceCount)
            .Select(i => new InvoiceSummary(i.Id, i.Number, i.Created, i.Total, i.Currency, i.Status))
            .ToListAsync(cancellationToken);

        var address = customer.Address;
        var addressLine = string.Join(", ", new[] { address.Line1, address.Line2, address.City, address.State, address.PostalCode, address.Country }
            .Where(part => !string.IsNullOrWhiteSpace(part)));
        return new PortalOverview(
            new CustomerSummary(customer.Name ?? customer.Email ?? customer.Id, customer.Email, customer.Phone,
                addressLine.Length == 0 ? null : addressLine, customer.TaxId),
            await GetPastDueInvoiceAsync(access, cancellationToken),
            [.. subscriptions.Select(s => new SubscriptionSummary(
                s.Id, s.Price!.Product!.Name, s.Price.AmountFor(s.Quantity), s.Price.UnitAmount, s.Price.Currency, s.Price.Interval,
                s.Quantity, s.Price.BillingScheme == BillingScheme.PerUnit, s.Status, s.CancelAtPeriodEnd, s.CurrentPeriodEnd,
                s.ScheduledPriceId is { } next && scheduledPrices.TryGetValue(next, out var price)
                    ? new ScheduledPlan(price.Product!.Name, price.AmountFor(s.ScheduledQuantity ?? 1), price.Interval, s.ScheduledQuantity ?? 1)
                    : null,
                pending.GetValueOrDefault(s.Id)))],
            card,
            invoices);
    }

    /// <summary>The oldest open invoice of a past-due subscription: what the customer must pay to be active again.</summary>
    public async Task<OpenInvoice?> GetPastDueInvoiceAsync(PortalAccess access, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await (
                from i in db.Invoices.AsNoTracking()
                join s in db.Subscriptions.AsNoTracking() on i.SubscriptionId equals s.Id
                where i.CustomerId == access.CustomerId && i.MerchantId == access.MerchantId
                    && i.Status == InvoiceStatus.Open && s.Status == SubscriptionStatus.PastDue
                orderby i.Created
                select new OpenInvoice(i.Id, i.Number, i.AmountDue, i.Currency, i.LastPaymentError))
            .FirstOrDefaultAsync(cancellationToken);
    }
}
