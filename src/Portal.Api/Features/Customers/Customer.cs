using Vinr.Portal.Api.Infrastructure.Data;
using Vinr.Portal.Api.Infrastructure.Http;

namespace Vinr.Portal.Api.Features.Customers;

/// <summary>A merchant's customer: the person or company who uses the portal.</summary>
public sealed class Customer : IOwned, IListable
{
    public required string Id { get; init; }
    public required string MerchantId { get; init; }
    public bool Livemode { get; init; }
    public string? Name { get; set; }
    public string? Email { get; set; }
    public string? Phone { get; set; }
    public Address Address { get; set; } = new();
    public string? TaxId { get; set; }
    public string? DefaultPaymentMethodId { get; set; }

    /// <summary>How to address them: their name, else their email, else the id.</summary>
    public string DisplayName => Name ?? Email ?? Id;

    /// <summary>Minor units; negative is credit the next invoices use up first (as Stripe's balance).</summary>
    public long Balance { get; set; }

    /// <summary>The merchant's key-value pairs (Stripe's <c>metadata</c>).</summary>
    public Dictionary<string, string> Metadata { get; set; } = [];

    /// <summary>
    /// When the merchant deleted the customer (<c>DELETE /v1/customers/{id}</c>). The row stays, for the
    /// invoices and events that name it, but a query filter hides it: every lookup then reads "no such customer".
    /// </summary>
    public DateTimeOffset? DeletedAt { get; set; }
    public DateTimeOffset Created { get; init; }

    /// <summary>This customer as a scope, for queries of their own rows (subscriptions, cards, sessions).</summary>
    public CustomerScope AsScope() => new(MerchantId, Livemode, Id);

    /// <summary>
    /// The test clock whose time this customer's billing follows (test mode only, set at create as
    /// Stripe's <c>test_clock</c>); null follows real time. See <c>TestClocks.CheckAttachAsync</c>.
    /// </summary>
    public string? TestClockId { get; init; }
}

/// <summary>A postal address, stored inline with its owner.</summary>
public sealed class Address
{
    public string? Line1 { get; set; }
    public string? Line2 { get; set; }
    public string? City { get; set; }
    public string? State { get; set; }
    public string? PostalCode { get; set; }

    /// <summary>ISO 3166-1 alpha-2.</summary>
    public string? Country { get; set; }
}
