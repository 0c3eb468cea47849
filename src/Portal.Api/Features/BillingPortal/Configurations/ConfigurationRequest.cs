using System.Text.RegularExpressions;
using Vinr.Portal.Api.Features.BillingPortal.Sessions;
using Vinr.Portal.Api.Features.Subscriptions;
using Vinr.Portal.Api.Infrastructure.Http;

namespace Vinr.Portal.Api.Features.BillingPortal.Configurations;

/// <summary>One product's prices as a request lists them, with where they sit in it, for errors to cite.</summary>
/// <param name="Param">The listing's path: <c>features[subscription_update][products][0]</c>.</param>
public sealed record ProductOffer(string ProductId, IReadOnlyList<string> PriceIds, string Param);

/// <summary>
/// The parameters of create and update, read straight into the configuration (an update changes only
/// what it names; <c>""</c> clears a value or empties a list, as in Stripe's API). Everything that needs
/// no database is checked here, each error citing its whole path. What needs the database is returned
/// for the service: the products offered (are they the caller's?), and the default and archive switches.
/// </summary>
/// <param name="Products">The products named in this request, or null when it names none.</param>
public sealed partial record ConfigurationRequest(bool? Active, bool? IsDefault, IReadOnlyList<ProductOffer>? Products)
{
    public const int NameMaxLength = 200;

    /// <summary>Stripe's limit on <c>business_profile[headline]</c>.</summary>
    public const int HeadlineMaxLength = 60;

    public const int QuantityLimit = 10_000;
    private const int UrlMaxLength = 2048;

    /// <summary>What create accepts; the pipeline refuses anything else (see <see cref="ApiParameters"/>).</summary>
    public static readonly string[] CreateParameters =
        ["name", "business_profile", "branding", "default_return_url", "refresh_url", "features", "metadata", "is_default"];

    // Archiving is an update (active=false), as in Stripe; a configuration is created active.
    public static readonly string[] UpdateParameters = [.. CreateParameters, "active"];

    private static readonly string[] UpdateKinds = ["price", "quantity"];

    /// <summary>Reads <paramref name="p"/> into <paramref name="configuration"/> (a new one with defaults, or the stored one).</summary>
    public static ConfigurationRequest Read(ApiParams p, PortalConfiguration configuration, bool creating)
    {
        var livemode = configuration.Livemode;
        if (p.Has("name"))
        {
            configuration.Name = p.Clearable("name", NameMaxLength);
        }
        if (p.Object("business_profile") is { } profile)
        {
            profile.AllowOnly("headline", "privacy_policy_url", "terms_of_service_url");
            if (profile.Has("headline"))
            {
                configuration.Headline = profile.Clearable("headline", HeadlineMaxLength);
            }
            Url(profile, "privacy_policy_url", livemode, url => configuration.PrivacyPolicyUrl = url);
            Url(profile, "terms_of_service_url", livemode, url => configuration.TermsOfServiceUrl = url);
        }
        if (p.Object("branding") is { } branding)
        {
            branding.AllowOnly("logo_url", "accent_color");
            Url(branding, "logo_url", livemode, url => configuration.LogoUrl = url);
            if (branding.Has("accent_color"))
            {
                var color = branding.Clearable("accent_color", 7);
                configuration.AccentColor = color is null || HexColor().IsMatch(color)
                    ? color
                    : throw branding.Invalid("accent_color", $"Invalid {branding.NameOf("accent_color")} '{color}': use a hex colour #rrggbb, such as #4338CA.");
            }
        }
        Url(p, "default_return_url", livemode, url => configuration.DefaultReturnUrl = url);
        Url(p, "refresh_url", livemode, url => configuration.RefreshUrl = url);
        if (p.Has("metadata"))
        {
            configuration.Metadata = MetadataUpdate.Apply(p, configuration.Metadata);
        }
        var products = p.Object("features") is { } features ? ReadFeatures(features, configuration.Features, creating) : null;
        if (creating && products is null)
        {
            // Plan changes need prices to change between: a configuration made without any starts with them off.
            configuration.Features.SubscriptionUpdate.Enabled = false;
        }
        return new ConfigurationRequest(p.Boolean("active"), p.Boolean("is_default"), products);
    }

    private static List<ProductOffer>? ReadFeatures(ApiParams f, PortalFeatures features, bool creating)
    {
        f.AllowOnly("customer_update", "invoice_history", "payment_method_update", "subscription_cancel", "subscription_update", "resubscribe");
        if (f.Object("customer_update") is { } customer)
        {
            customer.AllowOnly("enabled", "allowed_updates");
            features.CustomerUpdate.Enabled = customer.Boolean("enabled") ?? features.CustomerUpdate.Enabled;
            if (customer.Has("allowed_updates"))
            {
                features.CustomerUpdate.AllowedFields = KnownValues(customer, "allowed_updates", CustomerUpdateFeature.AllFields);
            }
        }
        features.InvoiceHistory = Switch(f, "invoice_history") ?? features.InvoiceHistory;
        features.PaymentMethodUpdate = Switch(f, "payment_method_update") ?? features.PaymentMethodUpdate;
        features.Resubscribe = Switch(f, "resubscribe") ?? features.Resubscribe;
        if (f.Object("subscription_cancel") is { } cancel)
        {
            ReadCancel(cancel, features.SubscriptionCancel);
        }
        return f.Object("subscription_update") is { } update ? ReadUpdate(update, features.SubscriptionUpdate, creating) : null;
    }

    private static void ReadCancel(ApiParams c, SubscriptionCancelFeature cancel)
    {
        c.AllowOnly("enabled", "mode", "proration_behavior", "cancellation_reason", "retention");
        cancel.Enabled = c.Boolean("enabled") ?? cancel.Enabled;
        cancel.Mode = Choice(c, "mode", ("at_period_end", CancelMode.AtPeriodEnd), ("immediately", CancelMode.Immediately)) ?? cancel.Mode;
        cancel.ProrateImmediateCancellation = Choice(c, "proration_behavior", ("create_prorations", true), ("none", false)) ?? cancel.ProrateImmediateCancellation;
        if (c.Object("cancellation_reason") is { } reason)
        {
            reason.AllowOnly("enabled", "options");
            cancel.ReasonEnabled = reason.Boolean("enabled") ?? cancel.ReasonEnabled;
            if (reason.Has("options"))
            {
                cancel.ReasonOptions = KnownValues(reason, "options", SubscriptionCancelFeature.StripeReasons);
            }
            if (cancel.ReasonEnabled && cancel.ReasonOptions.Length == 0)
            {
                throw reason.Invalid("options", $"The reason survey needs at least one option: pass {reason.NameOf("options")}[], or set {reason.NameOf("enabled")}=false.");
            }
        }
        if (c.Has("retention"))
        {
            // retention="" removes the offer; whether the coupon is the merchant's is checked against the data (PortalConfigurations).
            cancel.RetentionCouponId = c.IsBlank("retention") ? null : ReadRetention(c.Object("retention") ?? throw c.Invalid("retention",
                $"Invalid {c.NameOf("retention")}: pass {c.NameOf("retention")}[coupon_offer][coupon], or an empty value to remove the offer."));
        }
    }

    /// <summary><c>retention[type]=coupon_offer</c> (optional, the one type) and <c>retention[coupon_offer][coupon]</c>, as Stripe's session flow spells it.</summary>
    public static string ReadRetention(ApiParams retention)
    {
        retention.AllowOnly("type", "coupon_offer");
        if (retention.String("type", 32) is { } type && type != "coupon_offer")
        {
            throw retention.Invalid("type", $"Invalid {retention.NameOf("type")}: the one retention type of a configuration is coupon_offer.");
        }
        var offer = retention.Object("coupon_offer") ?? throw new ApiException(ApiError.Missing(retention.NameOf("coupon_offer") + "[coupon]"));
        offer.AllowOnly("coupon");
        return offer.RequiredString("coupon", 64);
    }

    /// <returns>The products listed, or null when the request names none.</returns>
    private static List<ProductOffer>? ReadUpdate(ApiParams u, SubscriptionUpdateFeature update, bool creating)
    {
        u.AllowOnly("enabled", "default_allowed_updates", "products", "proration_behavior", "schedule_at_period_end", "quantity", "transitions");
        var enabled = u.Boolean("enabled");
        if (u.Has("default_allowed_updates"))
        {
            var kinds = KnownValues(u, "default_allowed_updates", UpdateKinds);
            update.PriceEnabled = kinds.Contains("price");
            update.QuantityEnabled = kinds.Contains("quantity");
        }
        var products = u.Has("products") ? ReadProducts(u) : null;
        if (products is not null)
        {
            update.Prices = [.. products.SelectMany(o => o.PriceIds)];
        }
        update.ProrationBehavior = Choice(u, "proration_behavior",
            ("create_prorations", ProrationBehavior.CreateProrations), ("always_invoice", ProrationBehavior.AlwaysInvoice), ("none", ProrationBehavior.None))
            ?? update.ProrationBehavior;
        if (u.Object("schedule_at_period_end") is { } schedule)
        {
            schedule.AllowOnly("conditions");
            if (schedule.Has("conditions"))
            {
                var conditions = ObjectList(schedule, "conditions").Select(condition =>
                {
                    condition.AllowOnly("type");
                    return Choice(condition, "type", ("decreasing_item_amount", ScheduleCondition.DecreasingItemAmount), ("shortening_interval", ScheduleCondition.ShorteningInterval))
                        ?? throw new ApiException(ApiError.Missing(condition.NameOf("type")));
                }).ToList();
                update.ScheduleDecreasingAmount = conditions.Contains(ScheduleCondition.DecreasingItemAmount);
                update.ScheduleShorterInterval = conditions.Contains(ScheduleCondition.ShorteningInterval);
            }
        }
        if (u.Object("quantity") is { } quantity)
        {
            quantity.AllowOnly("minimum", "maximum");
            update.QuantityMin = (int?)quantity.Integer("minimum", 1, QuantityLimit) ?? update.QuantityMin;
            update.QuantityMax = (int?)quantity.Integer("maximum", 1, QuantityLimit) ?? update.QuantityMax;
            if (update.QuantityMin > update.QuantityMax)
            {
                var named = quantity.Has("maximum") ? "maximum" : "minimum";
                throw quantity.Invalid(named, $"Invalid {quantity.NameOf(named)}: the minimum ({update.QuantityMin}) must not be above the maximum ({update.QuantityMax}).");
            }
        }
        ReadTransitions(u, update, productsChanged: products is not null);

        // A configuration made without "enabled" offers plan changes exactly when it lists prices.
        update.Enabled = enabled ?? (creating ? update.Prices.Length > 0 : update.Enabled);
        if (update.Enabled && update.Prices.Length == 0 && (enabled is not null || products is not null))
        {
            var cited = products is not null && enabled is null ? "products" : "enabled";
            throw u.Invalid(cited, $"Plan changes need prices to change between: list at least one product with its prices in {u.NameOf("products")} " +
                $"(e.g. {u.NameOf("products")}[0][product]=prod_... and {u.NameOf("products")}[0][prices][]=price_...), or set {u.NameOf("enabled")}=false.");
        }
        return products;
    }

    private static List<ProductOffer> ReadProducts(ApiParams u)
    {
        var offers = new List<ProductOffer>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var listing in ObjectList(u, "products"))
        {
            listing.AllowOnly("product", "prices");
            var product = listing.RequiredString("product", 64);
            if (offers.Any(o => o.ProductId == product))
            {
                throw listing.Invalid("product", $"Product {product} is listed twice: list each product once, with all its prices.");
            }
            var prices = listing.StringList("prices");
            if (prices.Count == 0)
            {
                throw listing.Has("prices")
                    ? listing.Invalid("prices", $"List at least one price of {product} in {listing.NameOf("prices")}, or leave the product out.")
                    : new ApiException(ApiError.Missing(listing.NameOf("prices")));
            }
            for (var i = 0; i < prices.Count; i++)
            {
                if (!seen.Add(prices[i]))
                {
                    throw new ApiException(ApiError.Invalid($"{listing.NameOf("prices")}[{i}]", $"Price {prices[i]} is listed more than once: list each price once."));
                }
            }
            offers.Add(new ProductOffer(product, prices, u.NameOf("products") + $"[{offers.Count}]"));
        }
        return offers;
    }

    /// <summary>
    /// The transition policy. A table may only name prices the configuration offers, after this
    /// request's products: a change of products that leaves a move pointing at a price no longer
    /// offered is refused rather than silently dropping the move.
    /// </summary>
    private static void ReadTransitions(ApiParams u, SubscriptionUpdateFeature update, bool productsChanged)
    {
        var transitions = u.Object("transitions");
        transitions?.AllowOnly("mode", "allowed");
        update.Transitions = (transitions is null ? null : Choice(transitions, "mode",
            ("any", PlanTransitions.Any), ("upgrades_only", PlanTransitions.UpgradesOnly),
            ("no_lateral_moves", PlanTransitions.NoLateralMoves), ("table", PlanTransitions.Table))) ?? update.Transitions;

        if (transitions is not null && transitions.Has("allowed"))
        {
            if (update.Transitions != PlanTransitions.Table)
            {
                throw transitions.Invalid("allowed", $"{transitions.NameOf("allowed")} applies only with {transitions.NameOf("mode")}=table.");
            }
            var moves = new List<string>();
            foreach (var move in ObjectList(transitions, "allowed"))
            {
                move.AllowOnly("from", "to");
                var from = move.RequiredString("from", 64);
                var to = move.RequiredString("to", 64);
                foreach (var (name, price) in new[] { ("from", from), ("to", to) })
                {
                    if (!update.Prices.Contains(price, StringComparer.Ordinal))
                    {
                        throw move.Invalid(name, $"Price {price} is not offered by this configuration: a move can only be between prices listed in {u.NameOf("products")}.");
                    }
                }
                if (from == to)
                {
                    throw move.Invalid("to", $"A move goes to another price: {move.NameOf("from")} and {move.NameOf("to")} are both {from}. Seat changes on one price are always allowed.");
                }
                moves.Add(PlanChangePolicy.Transition(from, to));
            }
            update.AllowedTransitions = [.. moves.Distinct(StringComparer.Ordinal)];
            return;
        }
        if (update.Transitions != PlanTransitions.Table)
        {
            update.AllowedTransitions = [];
        }
        else if (productsChanged && update.AllowedTransitions.FirstOrDefault(move => move.Split('>').Any(price => !update.Prices.Contains(price, StringComparer.Ordinal))) is { } stale)
        {
            throw u.Invalid("products", $"The transitions table has the move {stale.Replace(">", " to ", StringComparison.Ordinal)}, which names a price {u.NameOf("products")} no longer lists: " +
                $"send {u.NameOf("transitions")}[allowed] along with the products.");
        }
    }

    /// <summary>An absolute https URL (http only to localhost in test mode), or <c>""</c> to clear it.</summary>
    private static void Url(ApiParams p, string name, bool livemode, Action<string?> set)
    {
        if (!p.Has(name))
        {
            return;
        }
        var url = p.Clearable(name, UrlMaxLength);
        if (url is not null)
        {
            CreateSessionRequest.ValidateReturnUrl(url, livemode, p.NameOf(name));
        }
        set(url);
    }

    /// <summary><c>features[invoice_history][enabled]</c> and its like.</summary>
    private static bool? Switch(ApiParams features, string name)
    {
        if (features.Object(name) is not { } feature)
        {
            return null;
        }
        feature.AllowOnly("enabled");
        return feature.Boolean("enabled");
    }

    /// <summary>A list whose every item is one of <paramref name="known"/>, each cited by its index when it is not; <c>""</c> empties it.</summary>
    private static string[] KnownValues(ApiParams p, string name, string[] known)
    {
        var values = p.IsBlank(name) ? [] : p.StringList(name);
        for (var i = 0; i < values.Count; i++)
        {
            if (!known.Contains(values[i], StringComparer.Ordinal))
            {
                var param = $"{p.NameOf(name)}[{i}]";
                throw new ApiException(ApiError.Invalid(param, $"Invalid {param} '{values[i]}': use any of {string.Join(", ", known)}."));
            }
        }
        return [.. values.Distinct(StringComparer.Ordinal)];
    }

    private static IReadOnlyList<ApiParams> ObjectList(ApiParams p, string name) => p.IsBlank(name) ? [] : p.ObjectList(name);

    /// <summary>One of a closed set of words; absent is null.</summary>
    private static T? Choice<T>(ApiParams p, string name, params (string Wire, T Value)[] choices)
        where T : struct
    {
        if (p.String(name, 64) is not { } text)
        {
            return null;
        }
        foreach (var (wire, value) in choices)
        {
            if (wire == text)
            {
                return value;
            }
        }
        throw p.Invalid(name, $"Invalid {p.NameOf(name)} '{text}': use one of {string.Join(", ", choices.Select(c => c.Wire))}.");
    }

    [GeneratedRegex(@"^#[0-9A-Fa-f]{6}\z")]
    private static partial Regex HexColor();
}
