namespace Vinr.Portal.Components.Shared;

/// <summary>How card brands read to people.</summary>
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
        _ => "Card",
    };
}
