namespace Vinr.Portal.Api.Features.Products;

/// <summary>A recurring price of a product: an amount in minor units per interval.</summary>
public sealed class Price
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
    public int IntervalCount { get; init; } = 1;

    /// <summary>Per-unit prices multiply by the subscription's quantity (seats); flat prices do not.</summary>
    public BillingScheme BillingScheme { get; init; }

    public string? Nickname { get; set; }
    public bool Active { get; set; } = true;
    public DateTimeOffset Created { get; init; }

    /// <summary>What one period costs at <paramref name="quantity"/>.</summary>
    public long AmountFor(long quantity) => BillingScheme == BillingScheme.PerUnit ? UnitAmount * quantity : UnitAmount;
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
