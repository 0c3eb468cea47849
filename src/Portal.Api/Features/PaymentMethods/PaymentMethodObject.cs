namespace Vinr.Portal.Api.Features.PaymentMethods;

/// <summary>A card as the API and events show it: never more than a receipt would.</summary>
public sealed record PaymentMethodObject(string Id, string Object, string Type, CardObject Card, string? Customer, long Created, bool Livemode)
{
    public static PaymentMethodObject From(PaymentMethod pm) => new(
        pm.Id, "payment_method", "card",
        new CardObject(pm.Brand, pm.Last4, pm.ExpMonth, pm.ExpYear, pm.Funding, pm.Fingerprint),
        pm.DetachedAt is null ? pm.CustomerId : null,
        pm.Created.ToUnixTimeSeconds(), pm.Livemode);
}

public sealed record CardObject(string Brand, string Last4, int ExpMonth, int ExpYear, string Funding, string Fingerprint);
