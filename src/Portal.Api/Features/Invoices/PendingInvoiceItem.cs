using Vinr.Portal.Api.Features.Subscriptions;
using Vinr.Portal.Api.Infrastructure;
using Vinr.Portal.Api.Infrastructure.Data;
using Vinr.Portal.Api.Infrastructure.Http;

namespace Vinr.Portal.Api.Features.Invoices;

/// <summary>
/// An amount waiting for the customer's next invoice, e.g. a proration under
/// <c>create_prorations</c>. <see cref="InvoiceId"/> is set when an invoice takes it.
/// </summary>
public sealed class PendingInvoiceItem : ICustomerOwned, IListable
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

    /// <summary>A line of <paramref name="subscription"/> that waits for its next invoice.</summary>
    public static PendingInvoiceItem For(Subscription subscription, InvoiceDraftLine line, string currency, DateTimeOffset now) => new()
    {
        Id = Ids.New("ii"), MerchantId = subscription.MerchantId, Livemode = subscription.Livemode, CustomerId = subscription.CustomerId,
        SubscriptionId = subscription.Id, Description = line.Description, Amount = line.Amount, Currency = currency, Proration = line.Proration,
        PeriodStart = line.PeriodStart, PeriodEnd = line.PeriodEnd, Created = now,
    };

    /// <summary>This item as a line of the invoice that takes it.</summary>
    public InvoiceDraftLine ToLine() => new(Description, Amount, Quantity: 1, PriceId: null, Proration, PeriodStart, PeriodEnd);
}
