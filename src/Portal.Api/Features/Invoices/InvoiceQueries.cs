using Microsoft.EntityFrameworkCore;
using Vinr.Portal.Api.Features.BillingPortal.Portal;
using Vinr.Portal.Api.Features.BillingPortal.Sessions;
using Vinr.Portal.Api.Features.Customers;
using Vinr.Portal.Api.Features.PaymentMethods;
using Vinr.Portal.Api.Infrastructure;
using Vinr.Portal.Api.Infrastructure.Data;
using Vinr.Portal.Api.Infrastructure.Http;

namespace Vinr.Portal.Api.Features.Invoices;

/// <summary>
/// Reads of invoices for the portal (scoped by the session's <see cref="PortalAccess"/>: merchant,
/// mode and customer) and for the merchant API (scoped by the caller), never by an id alone.
/// </summary>
public sealed class InvoiceQueries(IDbContextFactory<BillingDbContext> dbFactory)
{
    public const int PageSize = 20;

    /// <summary>
    /// One page of the customer's history, newest first, after the row <paramref name="before"/> (the
    /// previous page's last id). Keyset on (Created, Id), one row more than a page to know whether
    /// another follows: no OFFSET and no COUNT, so the thousandth page costs what the first does.
    /// </summary>
    public async Task<InvoiceHistoryPage> ListAsync(PortalAccess access, string? before = null, int pageSize = PageSize,
        CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(pageSize, 1);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var invoices = db.Invoices.OwnedBy(access).AsNoTracking().FinalOnly();
        if (before is not null)
        {
            var cursor = await invoices.Where(i => i.Id == before).Select(i => new { i.Created, i.Id }).FirstOrDefaultAsync(cancellationToken);
            if (cursor is null)
            {
                // Not this customer's (or gone): an end, never the first page again, never anyone else's.
                return new InvoiceHistoryPage([], HasMore: false);
            }
            // The redundant "Created <= cursor" bounds the index range; the OR alone would make SQLite
            // walk every newer row of the customer before the first one it returns.
            invoices = invoices.Where(i => i.Created <= cursor.Created
                && (i.Created < cursor.Created || string.Compare(i.Id, cursor.Id) < 0));
        }
        var rows = await invoices
            .OrderByDescending(i => i.Created).ThenByDescending(i => i.Id)
            .Take(pageSize + 1)
            .Select(i => new InvoiceSummary(i.Id, i.Number, i.Created, i.Total, i.Currency, i.Status))
            .ToListAsync(cancellationToken);
        return new InvoiceHistoryPage([.. rows.Take(pageSize)], rows.Count > pageSize);
    }

    /// <summary>One of the session's customer's invoices, or null when it is missing or anyone else's.</summary>
    public async Task<InvoiceView?> GetAsync(PortalAccess access, string invoiceId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await DetailAsync(db, db.Invoices.OwnedBy(access).AsNoTracking().FinalOnly(), invoiceId, cancellationToken);
    }

    /// <summary>One of the calling merchant's invoices in the caller's mode (drafts included), or null.</summary>
    public async Task<InvoiceView?> GetAsync(ApiCaller caller, string invoiceId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await DetailAsync(db, db.Invoices.OwnedBy(caller).AsNoTracking(), invoiceId, cancellationToken);
    }

    /// <summary>
    /// Invoices with their lines in a stable order. Lines have no position column: by period, then
    /// amount (a proration's credit before its charge), then id, so every read shows the same order.
    /// </summary>
    public static IQueryable<Invoice> WithLines(IQueryable<Invoice> invoices) =>
        invoices.Include(i => i.Lines.OrderBy(l => l.PeriodStart).ThenBy(l => l.Amount).ThenBy(l => l.Id));

    private static async Task<InvoiceView?> DetailAsync(BillingDbContext db, IQueryable<Invoice> scoped, string invoiceId, CancellationToken cancellationToken)
    {
        var invoice = await WithLines(scoped).FirstOrDefaultAsync(i => i.Id == invoiceId, cancellationToken);
        if (invoice is null)
        {
            return null;
        }
        var parties = await (
                from c in db.Customers.OwnedBy(invoice).AsNoTracking()
                join m in db.Merchants.AsNoTracking() on c.MerchantId equals m.Id
                select new { Customer = c, MerchantName = m.Name })
            .FirstAsync(cancellationToken);

        // The card that paid (or last failed) stays shown after it is removed; only an open invoice
        // needs the default card, which is what "Pay" charges.
        var card = invoice.PaymentMethodId is { } triedId
            ? await db.PaymentMethods.OwnedBy(invoice).AsNoTracking().Where(p => p.Id == triedId)
                .Select(p => new InvoiceCard(p.Brand, p.Last4)).FirstOrDefaultAsync(cancellationToken)
            : null;
        var payWith = invoice.Status == InvoiceStatus.Open
            ? await db.DefaultCardOf(invoice).AsNoTracking().Select(p => new InvoiceCard(p.Brand, p.Last4)).FirstOrDefaultAsync(cancellationToken)
            : null;

        return new InvoiceView(
            invoice.Id, invoice.Number, invoice.Status, invoice.Currency,
            invoice.Created, invoice.PeriodStart, invoice.PeriodEnd, invoice.PaidAt,
            parties.MerchantName, InvoiceBillTo.From(parties.Customer, invoice.CustomerTaxId),
            // The discount's own line is shown as its own row under the subtotal (Discount), not among the items.
            [.. invoice.Lines.Where(l => l.DiscountId is null).Select(l => new InvoiceLineView(l.Description, l.Quantity, l.Amount, l.Proration, l.PeriodStart, l.PeriodEnd))],
            invoice.Subtotal, invoice.Tax, invoice.Total, invoice.AmountPaid, invoice.AmountDue,
            invoice.TaxAmounts, invoice.ReverseCharge,
            card,
            // The stored reason is English, for the merchant; the customer reads the processor's code in their language where it is translated.
            invoice.LastPaymentErrorCode is { } code ? Messages.Decline(code, invoice.LastPaymentError ?? "") : invoice.LastPaymentError,
            payWith,
            invoice.Discount);
    }
}

/// <summary>One page of a customer's invoice history; <see cref="HasMore"/> says whether another page follows.</summary>
public sealed record InvoiceHistoryPage(IReadOnlyList<InvoiceSummary> Invoices, bool HasMore);

/// <summary>
/// One invoice as its page (and its PDF) shows it, amounts in minor units of <c>Currency</c>.
/// <c>Card</c> is the card that paid it, or that the last failed attempt tried (<c>LastPaymentError</c>
/// says why it failed); <c>PayWith</c>, for an open invoice only, is the default card "Pay" charges.
/// </summary>
public sealed record InvoiceView(
    string Id, string Number, InvoiceStatus Status, string Currency,
    DateTimeOffset Created, DateTimeOffset PeriodStart, DateTimeOffset PeriodEnd, DateTimeOffset? PaidAt,
    string MerchantName, InvoiceBillTo BillTo, IReadOnlyList<InvoiceLineView> Lines,
    long Subtotal, long Tax, long Total, long AmountPaid, long AmountDue,
    IReadOnlyList<InvoiceTaxAmount> TaxAmounts, bool ReverseCharge,
    InvoiceCard? Card, string? LastPaymentError, InvoiceCard? PayWith, InvoiceDiscount? Discount = null)
{
    /// <summary>
    /// What is still owed. <c>AmountDue</c> is what the invoice asked for (Stripe's <c>amount_due</c>)
    /// and stays as it was once paid; a paid invoice owes nothing.
    /// </summary>
    public long AmountRemaining => Math.Max(0, AmountDue - AmountPaid);

    /// <summary>What <see cref="InvoicePdf.Render"/> prints; its "Amount due" is what is still owed.</summary>
    public InvoiceDocument ToDocument() => new(
        Number, Status, Created, PaidAt, PeriodStart, PeriodEnd,
        MerchantName, MerchantEmail: null, // merchants have no billing email yet
        BillTo.Name, BillTo.Email, BillTo.AddressLines, BillTo.TaxId,
        Currency, [.. Lines.Select(l => new InvoiceDocumentLine(l.Proration ? $"{l.Description} (proration)" : l.Description, l.Quantity, l.Amount, l.PeriodStart, l.PeriodEnd))],
        Subtotal, Tax, Total, AmountPaid, AmountRemaining, TaxAmounts, ReverseCharge, Discount);
}

/// <summary>
/// Who the invoice is addressed to: the customer's details as they are now, except the VAT number an
/// invoice was written with (the reverse charge rests on it), which the invoice keeps.
/// </summary>
public sealed record InvoiceBillTo(string Name, string? Email, IReadOnlyList<string> AddressLines, string? TaxId)
{
    public static InvoiceBillTo From(Customer customer, string? invoicedTaxId = null) =>
        new(customer.DisplayName, customer.Email, BillingDetails.Of(customer).AddressLines, invoicedTaxId ?? customer.TaxId);
}

public sealed record InvoiceLineView(string Description, long Quantity, long Amount, bool Proration, DateTimeOffset PeriodStart, DateTimeOffset PeriodEnd);

/// <summary>A card as an invoice names it: brand and last four digits.</summary>
public sealed record InvoiceCard(string Brand, string Last4);
