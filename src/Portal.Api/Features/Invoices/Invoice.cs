using Vinr.Portal.Api.Infrastructure.Data;
using Vinr.Portal.Api.Infrastructure.Http;

namespace Vinr.Portal.Api.Features.Invoices;

/// <summary>A bill for one period of a subscription (or a proration), in minor units.</summary>
public sealed class Invoice : ICustomerOwned, IListable
{
    public required string Id { get; init; }
    public required string MerchantId { get; init; }
    public bool Livemode { get; init; }
    public required string CustomerId { get; init; }
    public string? SubscriptionId { get; init; }

    /// <summary>Human-facing number, e.g. <c>ACME-0012</c>, unique per merchant.</summary>
    public required string Number { get; init; }

    public InvoiceStatus Status { get; set; }
    public required string Currency { get; init; }
    /// <summary>The lines' sum before any discount (Stripe's <c>subtotal</c>).</summary>
    public long Subtotal { get; init; }

    /// <summary>What the discount took off, before tax (its own negative line, <see cref="InvoiceLine.DiscountId"/>).</summary>
    public long TotalDiscount { get; init; }

    /// <summary>The discount applied, with a copy of its coupon's terms as they were; null when none.</summary>
    public InvoiceDiscount? Discount { get; init; }

    public long Tax { get; init; }

    /// <summary>The tax of each rate applied, with a copy of the rate as it was.</summary>
    public List<InvoiceTaxAmount> TaxAmounts { get; init; } = [];

    /// <summary>No VAT: an EU business customer of another member state accounts for it ("Reverse charge" on the invoice).</summary>
    public bool ReverseCharge { get; init; }

    /// <summary>The customer's VAT number when the invoice was written, as printed on it.</summary>
    public string? CustomerTaxId { get; init; }
    public long Total { get; init; }
    public long AmountDue { get; init; }
    public long AmountPaid { get; set; }
    public DateTimeOffset PeriodStart { get; init; }
    public DateTimeOffset PeriodEnd { get; init; }
    public DateTimeOffset Created { get; init; }
    public DateTimeOffset? PaidAt { get; set; }

    /// <summary>The card that paid it, or that the last attempt tried.</summary>
    public string? PaymentMethodId { get; set; }

    /// <summary>The processor's charge, once paid.</summary>
    public string? ChargeReference { get; set; }

    /// <summary>Failed attempts so far: each new attempt is a new charge idempotency key.</summary>
    public int PaymentAttempts { get; set; }

    /// <summary>Why the last attempt failed, as the customer was told.</summary>
    public string? LastPaymentError { get; set; }

    /// <summary>
    /// The processor's code for <see cref="LastPaymentError"/> (<c>card_declined</c>, ...). <c>authentication_required</c>:
    /// the card's issuer wants the customer to confirm the payment, so only they can pay it (the portal's "Confirm your payment").
    /// </summary>
    public string? LastPaymentErrorCode { get; set; }

    public const string AuthenticationRequiredCode = "authentication_required";

    /// <summary>When dunning charges it again (Stripe's <c>next_payment_attempt</c>); null when no automatic attempt is planned.</summary>
    public DateTimeOffset? NextPaymentAttempt { get; set; }

    /// <summary>Scheduled retries made so far: which step of the dunning schedule comes next.</summary>
    public int DunningRetries { get; set; }

    public List<InvoiceLine> Lines { get; init; } = [];

    /// <summary>Paid in full by <paramref name="chargeReference"/> on <paramref name="paymentMethodId"/>.</summary>
    public void RecordPayment(string paymentMethodId, string chargeReference, DateTimeOffset now)
    {
        Status = InvoiceStatus.Paid;
        AmountPaid = AmountDue;
        PaidAt = now;
        PaymentMethodId = paymentMethodId;
        ChargeReference = chargeReference;
        LastPaymentError = null;
        LastPaymentErrorCode = null;
        NextPaymentAttempt = null;
    }
}

/// <summary>One line of an invoice.</summary>
public sealed class InvoiceLine
{
    public required string Id { get; init; }
    public required string InvoiceId { get; init; }
    public required string Description { get; init; }
    public long Amount { get; init; }
    public long Quantity { get; init; } = 1;
    public string? PriceId { get; init; }
    public bool Proration { get; init; }
    public DateTimeOffset PeriodStart { get; init; }
    public DateTimeOffset PeriodEnd { get; init; }

    /// <summary>The discount this line takes off (its amount is negative); null for every line that bills something.</summary>
    public string? DiscountId { get; init; }
}

public enum InvoiceStatus
{
    Draft,
    Open,
    Paid,
    Void,
    Uncollectible,
}
