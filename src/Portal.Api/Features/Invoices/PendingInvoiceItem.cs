using Vinr.Portal.Api.Infrastructure.Http;

namespace Vinr.Portal.Api.Features.Invoices;

/// <summary>
/// An amount waiting for the customer's next invoice, e.g. a proration under
/// <c>create_prorations</c>. <see cref="InvoiceId"/> is set when an invoice takes it.
/// </summary>
public sealed class PendingInvoiceItem : IListable
{
    public required string Id { get; init; }
    public required string MerchantId { get; init; }
    public bool Livemode { get; init; }
    public required string CustomerId { get; init; }
    public string? SubscriptionId { get; init; }
    public required string Description { get; init; }
    public long Amount { get; init; }
    public required string Currency { get; init; }
    public bool Proration { get; init; }
    public DateTimeOffset PeriodStart { get; init; }
    public DateTimeOffset PeriodEnd { get; init; }
    public string? InvoiceId { get; set; }
    public DateTimeOffset Created { get; init; }
}
