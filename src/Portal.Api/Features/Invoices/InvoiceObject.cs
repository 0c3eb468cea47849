using Vinr.Portal.Api.Features.Discounts;
using Vinr.Portal.Api.Infrastructure.Http;

namespace Vinr.Portal.Api.Features.Invoices;

/// <summary>An invoice as the API and events show it; amounts in minor units.</summary>
public sealed record InvoiceObject(
    string Id, string Object, string Number, string Customer, string? Subscription, InvoiceStatus Status, string Currency,
    long Subtotal, long Tax, long Total, long AmountDue, long AmountPaid, long Created, long PeriodStart, long PeriodEnd,
    long? PaidAt, string? PaymentMethod, string? LastPaymentError, ListObject<InvoiceLineObject> Lines, bool Livemode,
    int AttemptCount, long? NextPaymentAttempt, IReadOnlyList<TaxAmountObject> TotalTaxAmounts, IReadOnlyList<TotalTaxObject> TotalTaxes,
    long SubtotalExcludingTax, long TotalExcludingTax, string CustomerTaxExempt, IReadOnlyList<CustomerTaxIdObject> CustomerTaxIds,
    string? LastPaymentErrorCode, long TotalDiscount, DiscountObject? Discount, IReadOnlyList<string> Discounts,
    IReadOnlyList<DiscountAmountObject> TotalDiscountAmounts)
{
    public static InvoiceObject From(Invoice i) => new(
        i.Id, "invoice", i.Number, i.CustomerId, i.SubscriptionId, i.Status, i.Currency, i.Subtotal, i.Tax, i.Total,
        i.AmountDue, i.AmountPaid, i.Created.ToUnixTimeSeconds(), i.PeriodStart.ToUnixTimeSeconds(), i.PeriodEnd.ToUnixTimeSeconds(),
        i.PaidAt?.ToUnixTimeSeconds(), i.PaymentMethodId, i.LastPaymentError,
        // Every line, as one complete page: Stripe's shape, which its client libraries require. The discount's own line is
        // not one of them: as in Stripe, lines sum to the subtotal and the discount is in total_discount_amounts.
        new("list", [.. i.Lines.Where(l => l.DiscountId is null).Select(l => new InvoiceLineObject(l.Id, "line_item", l.Description, l.Amount, i.Currency, l.Quantity, l.PriceId,
            l.Proration, new LinePeriod(l.PeriodStart.ToUnixTimeSeconds(), l.PeriodEnd.ToUnixTimeSeconds())))], HasMore: false, $"/v1/invoices/{i.Id}/lines"),
        i.Livemode, i.PaymentAttempts, i.NextPaymentAttempt?.ToUnixTimeSeconds(), [.. i.TaxAmounts.Select(TaxAmountObject.From)],
        TotalTaxObject.ListOf(i.Subtotal - i.TotalDiscount, i.TaxAmounts), NetOfInclusiveTax(i.Subtotal, i.TaxAmounts), i.Total - i.Tax,
        TaxExemptOf(i.ReverseCharge), CustomerTaxIdObject.ListOf(i.CustomerTaxId), i.LastPaymentErrorCode, i.TotalDiscount,
        DiscountOf(i.Discount, i.CustomerId, i.SubscriptionId, i.Livemode), DiscountIdsOf(i.Discount), DiscountAmountsOf(i.Discount));

    /// <summary>The lines without the tax inside them: the subtotal less the inclusive taxes.</summary>
    public static long NetOfInclusiveTax(long subtotal, IEnumerable<InvoiceTaxAmount> taxes) => subtotal - taxes.Where(t => t.Rate.Inclusive).Sum(t => t.Amount);

    public static DiscountObject? DiscountOf(InvoiceDiscount? discount, string customerId, string? subscriptionId, bool livemode) =>
        discount is null ? null : DiscountObject.From(discount.Terms, customerId, subscriptionId, livemode);

    public static IReadOnlyList<string> DiscountIdsOf(InvoiceDiscount? discount) => discount is null ? [] : [discount.Terms.DiscountId];

    /// <summary>Stripe's <c>total_discount_amounts</c>: what each discount took off, before tax.</summary>
    public static IReadOnlyList<DiscountAmountObject> DiscountAmountsOf(InvoiceDiscount? discount) =>
        discount is null ? [] : [new DiscountAmountObject(discount.Amount, discount.Terms.DiscountId)];

    /// <summary>Stripe's <c>customer_tax_exempt</c>: <c>reverse</c> under the reverse charge, else <c>none</c>.</summary>
    public static string TaxExemptOf(bool reverseCharge) => reverseCharge ? "reverse" : "none";
}

/// <summary>
/// What one tax rate took on an invoice (Stripe's <c>total_tax_amounts</c> entry), with the rate's name
/// and percentage as applied: the rate itself may be renamed or archived later.
/// </summary>
public sealed record TaxAmountObject(long Amount, bool Inclusive, string TaxRate, string DisplayName, decimal Percentage)
{
    public static TaxAmountObject From(InvoiceTaxAmount t) => new(t.Amount, t.Rate.Inclusive, t.Rate.RateId, t.Rate.DisplayName, t.Rate.BasisPoints / 100m);
}

/// <summary>
/// What one tax rate took, in the shape of Stripe's current API (<c>total_taxes</c>, since 2025-03-31), which its
/// current SDKs read; <c>total_tax_amounts</c> carries the same for older ones.
/// </summary>
public sealed record TotalTaxObject(long Amount, string TaxBehavior, TaxRateDetailsObject TaxRateDetails, string TaxabilityReason, long TaxableAmount, string Type)
{
    /// <param name="discounted">The invoice's lines less its discount: every rate of the customer's place taxes all of them.</param>
    public static IReadOnlyList<TotalTaxObject> ListOf(long discounted, IReadOnlyList<InvoiceTaxAmount> taxes)
    {
        var taxable = InvoiceObject.NetOfInclusiveTax(discounted, taxes);
        return [.. taxes.Select(t => new TotalTaxObject(t.Amount, t.Rate.Inclusive ? "inclusive" : "exclusive", new(t.Rate.RateId), "standard_rated", taxable,
            "tax_rate_details"))];
    }
}

public sealed record TaxRateDetailsObject(string TaxRate);

/// <summary>The customer's VAT number on the invoice (Stripe's <c>customer_tax_ids</c> entry, type <c>eu_vat</c>).</summary>
public sealed record CustomerTaxIdObject(string Type, string Value)
{
    public static IReadOnlyList<CustomerTaxIdObject> ListOf(string? vatId) => vatId is null ? [] : [new("eu_vat", vatId)];
}

public sealed record InvoiceLineObject(string Id, string Object, string Description, long Amount, string Currency, long Quantity, string? Price,
    bool Proration, LinePeriod Period);

/// <summary>The service period a line bills, in Unix seconds.</summary>
public sealed record LinePeriod(long Start, long End);
