namespace Vinr.Portal.Api.Features.Invoices;

/// <summary>What customers may see of invoices, and how a status reads to them.</summary>
public static class InvoiceRules
{
    /// <summary>Drafts may still change: a customer sees an invoice once it is final.</summary>
    public static IQueryable<Invoice> FinalOnly(this IQueryable<Invoice> invoices) => invoices.Where(i => i.Status != InvoiceStatus.Draft);

    /// <summary>Paid, Due, Void, Uncollectible or Draft: in the portal and on the PDF alike.</summary>
    public static string Label(this InvoiceStatus status) => status switch
    {
        InvoiceStatus.Paid => "Paid",
        InvoiceStatus.Open => "Due",
        InvoiceStatus.Void => "Void",
        InvoiceStatus.Uncollectible => "Uncollectible",
        _ => "Draft",
    };
}
