using Vinr.Portal.Api.Infrastructure;

namespace Vinr.Portal.Components.Shared;

/// <summary>How card brands read to people: their own names, the same in every language; an unknown one is a "card" in the customer's.</summary>
public static class CardBrands
{
    public static string Name(string brand) => brand switch
    {
        "visa" => "Visa",
        "mastercard" => "Mastercard",
        "amex" => "American Express",
        "discover" => "Discover",
        "jcb" => "JCB",
        "unionpay" => "UnionPay",
        "diners" => "Diners Club",
        _ => Messages.Get("CardBrandUnknown"),
    };
}
