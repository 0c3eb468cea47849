using Vinr.Portal.Api.Infrastructure.Data;
using Vinr.Portal.Api.Infrastructure.Http;

namespace Vinr.Portal.Api.Features.Products;

/// <summary>A recurring price of a product: an amount in minor units per interval.</summary>
public sealed class Price : IOwned, IListable
{
    public required string Id { get; init; }
    public required string MerchantId { get; init; }
    public bool Livemode { get; init; }
    public required string ProductId { get; init; }
    public Product? Product { get; init; }

    /// <summary>Minor units (cents) of <see cref="Currency"/>: per unit, or for the whole subscription when flat.</summary>
    public long UnitAmount { get; init; }

    /// <summary>Lower-case ISO 4217, e.g. <c>usd</c>.</summary>
    public required string Currency { get; init; }

    public BillingInterval Interval { get; init; }

    /// <summary>Bills every this many <see cref="Interval"/>s (a quarter is 3 months).</summary>
    public int IntervalCount { get; init; } = 1;

    public Recurrence Recurrence => new(Interval, IntervalCount);

    /// <summary>Per-unit prices multiply by the subscription's quantity (seats); flat prices do not.</summary>
    public BillingScheme BillingScheme { get; init; }

    public string? Nickname { get; set; }
    public bool Active { get; set; } = true;
    public DateTimeOffset Created { get; init; }

    /// <summary>The merchant's own key-value pairs (Stripe's <c>metadata</c>).</summary>
    public Dictionary<string, string> Metadata { get; set; } = [];
}

public enum BillingInterval
{
    Month,
    Year,
}

public enum BillingScheme
{
    Flat,
    PerUnit,
}
