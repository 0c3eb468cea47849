using Vinr.Portal.Api.Features.Discounts;
using Vinr.Portal.Api.Infrastructure.Http;

namespace Vinr.Portal.Api.Features.Invoices;

/// <summary>
/// An upcoming invoice as the API shows it, in Stripe's shape for <c>GET /v1/invoices/upcoming</c>: an
/// invoice without an id or number (it does not exist yet), in status <c>draft</c>, with the amounts the
/// billing clock will write on <c>created</c> (the period end) and charge then (<c>next_payment_attempt</c>,
/// null when credit covers it). <c>starting_balance</c> is the customer's balance now (negative is credit),
/// <c>ending_balance</c> what it will be once the invoice is written.
/// </summary>
public sealed record UpcomingInvoiceObject(
    string Object, string Customer, string Subscription, InvoiceStatus Status, string BillingReason, string CollectionMethod, string Currency,
    long Subtotal, long Tax, long Total, long AmountDue, long AmountPaid, long AmountRemaining, long StartingBalance, long EndingBalance,
    long Created, long PeriodStart, long PeriodEnd, long? NextPaymentAttempt, int AttemptCount, bool Livemode,
    ListObject<UpcomingInvoiceLineObject> Lines, IReadOnlyList<TaxAmountObject> TotalTaxAmounts, IReadOnlyList<TotalTaxObject> TotalTaxes,
    long SubtotalExcludingTax, long TotalExcludingTax, string CustomerTaxExempt, IReadOnlyList<CustomerTaxIdObject> CustomerTaxIds,
    long TotalDiscount, DiscountObject? Discount, IReadOnlyList<string> Discounts, IReadOnlyList<DiscountAmountObject> TotalDiscountAmounts)
{
    public static UpcomingInvoiceObject From(UpcomingInvoiceView view)
    {
        var i = view.Invoice;
        return new("invoice", i.CustomerId, view.SubscriptionId, InvoiceStatus.Draft, "subscription_cycle", "charge_automatically", i.Currency,
            i.Subtotal, i.Tax, i.Total, i.AmountDue, AmountPaid: 0, AmountRemaining: i.AmountDue, view.Upcoming.StartingBalance, view.Upcoming.EndingBalance,
            i.Created.ToUnixTimeSeconds(), i.PeriodStart.ToUnixTimeSeconds(), i.PeriodEnd.ToUnixTimeSeconds(),
            i.AmountDue > 0 ? view.Date.ToUnixTimeSeconds() : null, AttemptCount: 0, i.Livemode,
            new("list", [.. view.Lines.Where(l => l.DiscountId is null).Select(l => new UpcomingInvoiceLineObject("line_item", l.Description, l.Amount, i.Currency, l.Quantity, l.PriceId,
                l.Proration, new LinePeriod(l.PeriodStart.ToUnixTimeSeconds(), l.PeriodEnd.ToUnixTimeSeconds())))],
                HasMore: false, "/v1/invoices/upcoming/lines"),
            [.. i.TaxAmounts.Select(TaxAmountObject.From)], TotalTaxObject.ListOf(i.Subtotal - i.TotalDiscount, i.TaxAmounts),
            InvoiceObject.NetOfInclusiveTax(i.Subtotal, i.TaxAmounts), i.Total - i.Tax,
            InvoiceObject.TaxExemptOf(i.ReverseCharge), CustomerTaxIdObject.ListOf(i.CustomerTaxId),
            i.TotalDiscount, InvoiceObject.DiscountOf(i.Discount, i.CustomerId, view.SubscriptionId, i.Livemode), InvoiceObject.DiscountIdsOf(i.Discount),
            InvoiceObject.DiscountAmountsOf(i.Discount));
    }
}

/// <summary>A line of an upcoming invoice: an invoice line without an id (it gets one when the invoice is written).</summary>
public sealed record UpcomingInvoiceLineObject(string Object, string Description, long Amount, string Currency, long Quantity, string? Price,
    bool Proration, LinePeriod Period);
