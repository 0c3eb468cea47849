using Vinr.Portal.Api.Features.Subscriptions;

namespace Vinr.Portal.Api.Features.Merchants;

/// <summary>A business that bills its customers through VINR.</summary>
public sealed class Merchant
{
    public required string Id { get; init; }
    public required string Name { get; set; }
    /// <summary>Invoice numbers read <c>{InvoicePrefix}-0001</c>, <c>-0002</c>, ...</summary>
    public string InvoicePrefix { get; set; } = "INV";

    /// <summary>The next invoice's sequence number; taken and incremented inside the invoice's transaction.</summary>
    public long NextInvoiceNumber { get; set; } = 1;

    public DateTimeOffset Created { get; init; }

    /// <summary>Days after a renewal's first failed charge to retry it, e.g. <c>1,3,5,7</c>; null uses <c>Billing:Dunning</c>.</summary>
    public string? DunningRetryDays { get; set; }

    /// <summary>What happens to the subscription after the last retry fails; null uses <c>Billing:Dunning</c>.</summary>
    public DunningFinalAction? DunningFinalAction { get; set; }

    /// <summary>Where the merchant is established (ISO 3166-1 alpha-2): an EU one may apply the reverse charge.</summary>
    public string? TaxOriginCountry { get; set; }

    /// <summary>B2B customers in another EU country with a valid VAT number pay no VAT; their invoices say "Reverse charge".</summary>
    public bool TaxReverseCharge { get; set; }
}
