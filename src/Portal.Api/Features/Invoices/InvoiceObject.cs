using Vinr.Portal.Api.Infrastructure.Http;

namespace Vinr.Portal.Api.Features.Invoices;

/// <summary>An invoice as the API and events show it; amounts in minor units.</summary>
public sealed record InvoiceObject(
    string Id, string Object, string Number, string Customer, string? Subscription, InvoiceStatus Status, string Currency,
    long Subtotal, long Tax, long Total, long AmountDue, long AmountPaid, long Created, long PeriodStart, long PeriodEnd,
    long? PaidAt, string? PaymentMethod, string? LastPaymentError, ListObject<InvoiceLineObject> Lines, bool Livemode,
    int AttemptCount, long? NextPaymentAttempt)
{
    public static InvoiceObject From(Invoice i) => new(
        i.Id, "invoice", i.Number, i.CustomerId, i.SubscriptionId, i.Status, i.Currency, i.Subtotal, i.Tax, i.Total,
        i.AmountDue, i.AmountPaid, i.Created.ToUnixTimeSeconds(), i.PeriodStart.ToUnixTimeSeconds(), i.PeriodEnd.ToUnixTimeSeconds(),
        i.PaidAt?.ToUnixTimeSeconds(), i.PaymentMethodId, i.LastPaymentError,
        // Every line, as one complete page: Stripe's shape, which its client libraries require.
        new("list", [.. i.Lines.Select(l => new InvoiceLineObject(l.Id, "line_item", l.Description, l.Amount, i.Currency, l.Quantity, l.PriceId,
            l.Proration, new LinePeriod(l.PeriodStart.ToUnixTimeSeconds(), l.PeriodEnd.ToUnixTimeSeconds())))], HasMore: false, $"/v1/invoices/{i.Id}/lines"),
        i.Livemode, i.PaymentAttempts, i.NextPaymentAttempt?.ToUnixTimeSeconds());
}

public sealed record InvoiceLineObject(string Id, string Object, string Description, long Amount, string Currency, long Quantity, string? Price,
    bool Proration, LinePeriod Period);

/// <summary>The service period a line bills, in Unix seconds.</summary>
public sealed record LinePeriod(long Start, long End);
