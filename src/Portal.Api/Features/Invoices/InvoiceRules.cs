namespace Vinr.Portal.Api.Features.Invoices;

/// <summary>What customers may see of invoices.</summary>
public static class InvoiceRules
{
    /// <summary>Drafts may still change: a customer sees an invoice once it is final.</summary>
    public static IQueryable<Invoice> FinalOnly(this IQueryable<Invoice> invoices) => invoices.Where(i => i.Status != InvoiceStatus.Draft);
}
