namespace Vinr.Portal.Api.Features.Invoices;

/// <summary>An invoice as the API and events show it; amounts in minor units.</summary>
public sealed record InvoiceObject(
    string Id, string Object, string Number, string Customer, string? Subscription, InvoiceStatus Status, string Currency,
    long Subtotal, long Tax, long Total, long AmountDue, long AmountPaid, long Created, long PeriodStart, long PeriodEnd,
    long? PaidAt, string? PaymentMethod, string? LastPaymentError, IReadOnlyList<InvoiceLineObject> Lines, bool Livemode,
    int AttemptCount, long? NextPaymentAttempt)
{
    public static InvoiceObject From(Invoice i) => new(
        i.Id, "invoice", i.Number, i.CustomerId, i.SubscriptionId, i.Status, i.Currency, i.Subtotal, i.Tax, i.Total,
        i.AmountDue, i.AmountPaid, i.Created.ToUnixTimeSeconds(), i.PeriodStart.ToUnixTimeSeconds(), i.PeriodEnd.ToUnixTimeSeconds(),
        i.PaidAt?.ToUnixTimeSeconds(), i.PaymentMethodId, i.LastPaymentError,
        [.. i.Lines.Select(l => new InvoiceLineObject(l.Id, l.Description, l.Amount, l.Quantity, l.PriceId, l.Proration,
            l.PeriodStart.ToUnixTimeSeconds(), l.PeriodEnd.ToUnixTimeSeconds()))],
        i.Livemode, i.PaymentAttempts, i.NextPaymentAttempt?.ToUnixTimeSeconds());
}

public sealed record InvoiceLineObject(string Id, string Description, long Amount, long Quantity, string? Price, bool Proration, long PeriodStart, long PeriodEnd);
