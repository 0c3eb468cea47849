using Vinr.Portal.Api.Features.BillingPortal.Configurations;
using Vinr.Portal.Api.Features.Customers;
using Vinr.Portal.Api.Infrastructure.Http;

namespace Vinr.Portal.Api.Features.Subscriptions;

/// <summary>What to expand in a subscription answer: <c>expand[]=customer</c>, <c>expand[]=latest_invoice</c>.</summary>
public sealed record SubscriptionExpand(bool Customer, bool LatestInvoice)
{
    public static readonly SubscriptionExpand None = new(false, false);

    public static readonly ApiParameter Parameter = ApiParameter.Expand("`customer` and `latest_invoice` return those objects instead of their ids.");

    public static SubscriptionExpand Read(ApiParams p)
    {
        var fields = p.StringList("expand");
        for (var i = 0; i < fields.Count; i++)
        {
            if (fields[i] is not ("customer" or "latest_invoice"))
            {
                throw new ApiException(ApiError.Invalid($"expand[{i}]", $"This property cannot be expanded ({fields[i]}). Expandable: customer, latest_invoice."));
            }
        }
        return new(fields.Contains("customer"), fields.Contains("latest_invoice"));
    }
}

/// <summary>A create request: one item (Stripe's <c>items[0][price]</c>, <c>items[0][quantity]</c>), an optional trial, metadata.</summary>
/// <param name="TrialEnd">When the trial ends; null for none.</param>
public sealed record CreateSubscriptionRequest(string CustomerId, string PriceId, long? Quantity, DateTimeOffset? TrialEnd,
    Dictionary<string, string> Metadata, SubscriptionExpand Expand)
{
    /// <summary>Stripe's longest trial: two years.</summary>
    public const int MaxTrialDays = 730;

    public static readonly string[] Accepted = ["customer", "items", "trial_period_days", "trial_end", "metadata", "expand", "payment_behavior"];

    public static CreateSubscriptionRequest Read(ApiParams p, DateTimeOffset now)
    {
        var customer = p.RequiredString("customer", 64);
        // Stripe's default, and the only one VINR implements: see docs/decisions (subscriptions API).
        if (p.String("payment_behavior", 64) is { } behavior && behavior != "allow_incomplete")
        {
            throw p.Invalid("payment_behavior", $"Invalid payment_behavior '{behavior}': only allow_incomplete is supported (a failed first charge leaves the subscription incomplete, its invoice open).");
        }
        var item = OneItem(p, required: true)!;
        item.AllowOnly("price", "quantity");
        var price = item.RequiredString("price", 64);
        var quantity = item.Integer("quantity", 1, SubscriptionChanges.MerchantQuantityMax);

        var days = p.Integer("trial_period_days", 1, MaxTrialDays);
        var trialEndSeconds = p.Integer("trial_end", now.ToUnixTimeSeconds() + 1, now.AddDays(MaxTrialDays).ToUnixTimeSeconds());
        if (days is not null && trialEndSeconds is not null)
        {
            throw p.Invalid("trial_end", "Pass trial_end or trial_period_days, not both.");
        }
        DateTimeOffset? trialEnd = trialEndSeconds is { } seconds ? DateTimeOffset.FromUnixTimeSeconds(seconds)
            : days is { } d ? TruncateToSecond(now).AddDays(d)
            : null;
        var metadata = p.Has("metadata") ? MetadataUpdate.Apply(p, []) : [];
        return new CreateSubscriptionRequest(customer, price, quantity, trialEnd, metadata, SubscriptionExpand.Read(p));
    }

    /// <summary><c>items</c> holds exactly one object: a VINR subscription is one price.</summary>
    public static ApiParams? OneItem(ApiParams p, bool required)
    {
        if (!p.Has("items"))
        {
            return required ? throw new ApiException(ApiError.Missing("items")) : null;
        }
        var items = p.ObjectList("items");
        return items.Count == 1
            ? items[0]
            : throw p.Invalid("items", $"A subscription has exactly one item: pass items[0][price] (and items[0][quantity]), not {items.Count}.");
    }

    private static DateTimeOffset TruncateToSecond(DateTimeOffset t) => DateTimeOffset.FromUnixTimeSeconds(t.ToUnixTimeSeconds());
}

/// <summary>An update request: what it names changes; the rest stays.</summary>
/// <param name="PriceId">The new price, or null to keep it.</param>
/// <param name="Quantity">The new quantity, or null to keep it.</param>
/// <param name="Coupon">The coupon to apply (<c>coupon</c> or <c>discounts[0][coupon]</c>), "" to remove the discount, null to leave it.</param>
/// <param name="CouponParameter">Which parameter named it, for an error.</param>
public sealed record UpdateSubscriptionRequest(string? PriceId, long? Quantity, ProrationBehavior Proration, bool? CancelAtPeriodEnd,
    ApiParams Parameters, SubscriptionExpand Expand, string? Coupon = null, string CouponParameter = "coupon")
{
    public static readonly string[] Accepted = ["items", "proration_behavior", "cancel_at_period_end", "metadata", "expand", "coupon", "discounts"];

    public static UpdateSubscriptionRequest Read(ApiParams p, string subscriptionId)
    {
        string? price = null;
        long? quantity = null;
        if (CreateSubscriptionRequest.OneItem(p, required: false) is { } item)
        {
            item.AllowOnly("id", "price", "quantity");
            // Stripe's libraries name the item they change; only this subscription's one item can be meant.
            if (item.String("id", 64) is { } id && id != SubscriptionObject.ItemId(subscriptionId))
            {
                throw new ApiException(ApiError.NoSuch(item.NameOf("id"), "subscription item", id));
            }
            price = item.String("price", 64);
            quantity = item.Integer("quantity", 1, SubscriptionChanges.MerchantQuantityMax);
        }
        var proration = p.String("proration_behavior", 32) switch
        {
            null or "create_prorations" => ProrationBehavior.CreateProrations,
            "none" => ProrationBehavior.None,
            "always_invoice" => ProrationBehavior.AlwaysInvoice,
            var other => throw p.Invalid("proration_behavior", $"Invalid proration_behavior '{other}': use one of create_prorations, none, always_invoice."),
        };
        if (p.Has("metadata") && !p.IsBlank("metadata"))
        {
            // Checked now, before a plan change commits: a bad key must not leave half an update behind.
            p.Metadata();
        }
        var (coupon, couponParameter) = ReadCoupon(p);
        return new UpdateSubscriptionRequest(price, quantity, proration, p.Boolean("cancel_at_period_end"), p, SubscriptionExpand.Read(p), coupon, couponParameter);
    }

    /// <summary>Stripe's two spellings: <c>coupon=X</c> (older) and <c>discounts[0][coupon]=X</c> (newer); a blank <c>coupon</c> or <c>discounts</c> removes it.</summary>
    private static (string? Coupon, string Parameter) ReadCoupon(ApiParams p)
    {
        if (p.Has("coupon") && p.Has("discounts"))
        {
            throw p.Invalid("discounts", "Pass coupon or discounts, not both.");
        }
        if (p.Has("coupon"))
        {
            return (p.IsBlank("coupon") ? "" : p.RequiredString("coupon", 64), "coupon");
        }
        if (!p.Has("discounts"))
        {
            return (null, "coupon");
        }
        if (p.IsBlank("discounts"))
        {
            return ("", "discounts");
        }
        var discounts = p.ObjectList("discounts");
        if (discounts.Count == 0)
        {
            return ("", "discounts");
        }
        if (discounts.Count > 1)
        {
            throw p.Invalid("discounts", $"A subscription takes one discount here: pass discounts[0][coupon], not {discounts.Count}.");
        }
        discounts[0].AllowOnly("coupon");
        return (discounts[0].RequiredString("coupon", 64), discounts[0].NameOf("coupon"));
    }
}
