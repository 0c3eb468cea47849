using Microsoft.EntityFrameworkCore;
using Vinr.Portal.Api.Infrastructure.Data;

namespace Vinr.Portal.Api.Features.Invoices;

/// <summary>Gap-free, per-merchant invoice numbers (<c>ACME-0013</c>), taken inside the invoice's own transaction.</summary>
public static class InvoiceNumbers
{
    /// <summary>
    /// Increments the merchant's counter with one UPDATE (which holds the row until the caller
    /// commits, so concurrent invoices queue) and returns the number it reserved.
    /// </summary>
    public static async Task<string> NextAsync(BillingDbContext db, string merchantId, CancellationToken cancellationToken)
    {
        await db.Merchants.Where(m => m.Id == merchantId)
            .ExecuteUpdateAsync(m => m.SetProperty(x => x.NextInvoiceNumber, x => x.NextInvoiceNumber + 1), cancellationToken);
        var merchant = await db.Merchants.AsNoTracking().Where(m => m.Id == merchantId)
            .Select(m => new { m.InvoicePrefix, m.NextInvoiceNumber }).FirstAsync(cancellationToken);
        return $"{merchant.InvoicePrefix}-{merchant.NextInvoiceNumber - 1:D4}";
    }
}
