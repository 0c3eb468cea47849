using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Vinr.Portal.Api.Features.BillingPortal.Configurations;
using Vinr.Portal.Api.Features.Subscriptions;
using Vinr.Portal.Tests.Support;
using static Vinr.Portal.Tests.Features.BillingPortal.Configurations.ConfigurationApi;
using static Vinr.Portal.Tests.Features.Products.CatalogApi;
using static Vinr.Portal.Tests.Features.TestClocks.ClockData;

namespace Vinr.Portal.Tests.Features.Discounts;

/// <summary>
/// Coupons applied to subscriptions (Stripe's discounts): applying and removing them through the API, the limits a coupon
/// sets, and the discount on the upcoming invoice, a plan-change preview and the invoices the billing clock writes.
/// </summary>
public sealed class DiscountApiTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    private static readonly DateTimeOffset ClockStart = new(2032, 5, 20, 8, 15, 0, TimeSpan.Zero);

    private static async Task<string> CouponAsync(HttpClient api, params (string, string)[] fields) =>
        (await OkAsync(await api.PostAsync("/v1/coupons", Form(fields)))).Id();

    private static async Task<JsonElement> UpcomingAsync(HttpClient api, string customerId) =>
        await OkAsync(await api.GetAsync($"/v1/invoices/upcoming?customer={customerId}"));

    [Fact]
    public async Task A_coupon_applied_to_a_subscription_is_its_discount_and_the_upcoming_invoice_shows_it()
    {
        using var api = factory.CreateApiClient();
        var s = await TestData.SubscriberAsync(factory);
        var coupon = await CouponAsync(api, ("percent_off", "50"), ("duration", "repeating"), ("duration_in_months", "3"), ("name", "Win-back"));

        var subscription = await OkAsync(await api.PostAsync($"/v1/subscriptions/{s.SubscriptionId}", Form(("coupon", coupon))));

        var discount = subscription.GetProperty("discount");
        var now = factory.Time.GetUtcNow();
        Assert.StartsWith("di_", discount.Id());
        Assert.Equal(("discount", coupon, "Win-back", 50m, s.Access.CustomerId, s.SubscriptionId), (discount.GetProperty("object").GetString(),
            discount.GetProperty("coupon").Id(), discount.GetProperty("coupon").GetProperty("name").GetString(), discount.GetProperty("coupon").GetProperty("percent_off").GetDecimal(),
            discount.GetProperty("customer").GetString(), discount.GetProperty("subscription").GetString()));
        Assert.Equal((now.ToUnixTimeSeconds(), now.AddMonths(3).ToUnixTimeSeconds()), (discount.GetProperty("start").GetInt64(), discount.GetProperty("end").GetInt64()));
        Assert.Equal([discount.Id()], subscription.GetProperty("discounts").EnumerateArray().Select(d => d.GetString()));
        Assert.Equal(1, (await OkAsync(await api.GetAsync($"/v1/coupons/{coupon}"))).GetProperty("times_redeemed").GetInt32());
        Assert.Equal(["customer.discount.created", "customer.subscription.updated"], await EventTypesAsync(factory, discount.Id()));

        var upcoming = await UpcomingAsync(api, s.Access.CustomerId);
        Assert.Equal((4_900L, 2_450L, 2_450L, 2_450L), (upcoming.GetProperty("subtotal").GetInt64(), upcoming.GetProperty("total_discount").GetInt64(),
            upcoming.GetProperty("total").GetInt64(), upcoming.GetProperty("amount_due").GetInt64()));
        var amount = Assert.Single(upcoming.GetProperty("total_discount_amounts").EnumerateArray());
        Assert.Equal((2_450L, discount.Id()), (amount.GetProperty("amount").GetInt64(), amount.GetProperty("discount").GetString()));
        Assert.Equal(discount.Id(), upcoming.GetProperty("discount").Id());
        // As in Stripe, the lines are what is billed: they add up to the subtotal, the discount is beside them.
        Assert.Equal(4_900, upcoming.GetProperty("lines").GetProperty("data").EnumerateArray().Sum(l => l.GetProperty("amount").GetInt64()));
    }

    [Fact]
    public async Task Discounts_spelling_applies_it_and_delete_removes_it_with_its_event()
    {
        using var api = factory.CreateApiClient();
        var s = await TestData.SubscriberAsync(factory);
        var coupon = await CouponAsync(api, ("amount_off", "900"), ("currency", "usd"), ("duration", "forever"));

        var applied = await OkAsync(await api.PostAsync($"/v1/subscriptions/{s.SubscriptionId}", Form(("discounts[0][coupon]", coupon))));
        var discountId = applied.GetProperty("discount").Id();
        Assert.Equal(4_000, (await UpcomingAsync(api, s.Access.CustomerId)).GetProperty("total").GetInt64());

        var removed = await OkAsync(await api.DeleteAsync($"/v1/subscriptions/{s.SubscriptionId}/discount"));

        Assert.Equal($$"""{"id":"{{discountId}}","object":"discount","deleted":true}""", removed.GetRawText());
        var read = await OkAsync(await api.GetAsync($"/v1/subscriptions/{s.SubscriptionId}"));
        Assert.Equal(JsonValueKind.Null, read.GetProperty("discount").ValueKind);
        Assert.Equal(0, read.GetProperty("discounts").GetArrayLength());
        Assert.Equal(4_900, (await UpcomingAsync(api, s.Access.CustomerId)).GetProperty("total").GetInt64());
        // The subscription's update that applied it names it too; the one that removed it no longer does.
        Assert.Equal(["customer.discount.created", "customer.discount.deleted", "customer.subscription.updated"], await EventTypesAsync(factory, discountId));
        Assert.Equal(("resource_missing", "id", 404), await ErrorOfAsync(await api.DeleteAsync($"/v1/subscriptions/{s.SubscriptionId}/discount")));
    }

    [Fact]
    public async Task An_empty_coupon_removes_the_discount_and_a_new_coupon_replaces_it()
    {
        using var api = factory.CreateApiClient();
        var s = await TestData.SubscriberAsync(factory);
        var half = await CouponAsync(api, ("percent_off", "50"), ("duration", "forever"));
        var tenth = await CouponAsync(api, ("percent_off", "10"), ("duration", "forever"));
        await OkAsync(await api.PostAsync($"/v1/subscriptions/{s.SubscriptionId}", Form(("coupon", half))));

        var replaced = await OkAsync(await api.PostAsync($"/v1/subscriptions/{s.SubscriptionId}", Form(("coupon", tenth))));
        Assert.Equal(tenth, replaced.GetProperty("discount").GetProperty("coupon").Id());
        Assert.Equal(4_410, (await UpcomingAsync(api, s.Access.CustomerId)).GetProperty("total").GetInt64());

        var cleared = await OkAsync(await api.PostAsync($"/v1/subscriptions/{s.SubscriptionId}", Form(("coupon", ""))));
        Assert.Equal(JsonValueKind.Null, cleared.GetProperty("discount").ValueKind);
    }

    [Fact]
    public async Task Max_redemptions_stops_the_coupon_after_that_many_subscriptions()
    {
        using var api = factory.CreateApiClient();
        var first = await TestData.SubscriberAsync(factory);
        var second = await TestData.SubscriberAsync(factory);
        var coupon = await CouponAsync(api, ("percent_off", "20"), ("max_redemptions", "1"));

        await OkAsync(await api.PostAsync($"/v1/subscriptions/{first.SubscriptionId}", Form(("coupon", coupon))));
        var refused = await api.PostAsync($"/v1/subscriptions/{second.SubscriptionId}", Form(("coupon", coupon)));

        var error = await refused.ErrorAsync();
        Assert.Equal(("parameter_invalid", "coupon", 400), (error.GetProperty("code").GetString(), error.GetProperty("param").GetString(), (int)refused.StatusCode));
        Assert.Contains("maximum of 1", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        var read = await OkAsync(await api.GetAsync($"/v1/coupons/{coupon}"));
        Assert.Equal((1, false), (read.GetProperty("times_redeemed").GetInt32(), read.GetProperty("valid").GetBoolean()));
    }

    [Fact]
    public async Task A_coupon_past_redeem_by_is_refused()
    {
        using var api = factory.CreateApiClient();
        var s = await TestData.SubscriberAsync(factory);
        var coupon = await CouponAsync(api, ("percent_off", "20"), ("redeem_by", factory.Time.GetUtcNow().AddDays(5).ToUnixTimeSeconds().ToString()));
        await factory.WithDbAsync(db => db.Coupons.Where(c => c.Id == coupon)
            .ExecuteUpdateAsync(c => c.SetProperty(x => x.RedeemBy, factory.Time.GetUtcNow().AddSeconds(-1))));

        var refused = await api.PostAsync($"/v1/subscriptions/{s.SubscriptionId}", Form(("coupon", coupon)));

        var error = await refused.ErrorAsync();
        Assert.Equal(("parameter_invalid", "coupon", 400), (error.GetProperty("code").GetString(), error.GetProperty("param").GetString(), (int)refused.StatusCode));
        Assert.Contains("expired", error.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_amount_off_in_another_currency_is_refused_and_an_unknown_or_deleted_coupon_is_missing()
    {
        using var api = factory.CreateApiClient();
        var s = await TestData.SubscriberAsync(factory);
        var euros = await CouponAsync(api, ("amount_off", "500"), ("currency", "eur"));
        var deleted = await CouponAsync(api, ("percent_off", "10"));
        await OkAsync(await api.DeleteAsync($"/v1/coupons/{deleted}"));
        var (other, _) = await MerchantAsync(factory);
        using var _other = other;
        var othersCoupon = await CouponAsync(other, ("percent_off", "10"));

        Assert.Equal(("parameter_invalid", "coupon", 400), await ErrorOfAsync(await api.PostAsync($"/v1/subscriptions/{s.SubscriptionId}", Form(("coupon", euros)))));
        Assert.Equal(("resource_missing", "coupon", 404), await ErrorOfAsync(await api.PostAsync($"/v1/subscriptions/{s.SubscriptionId}", Form(("coupon", "NOPE")))));
        Assert.Equal(("resource_missing", "coupon", 404), await ErrorOfAsync(await api.PostAsync($"/v1/subscriptions/{s.SubscriptionId}", Form(("coupon", deleted)))));
        Assert.Equal(("resource_missing", "discounts[0][coupon]", 404),
            await ErrorOfAsync(await api.PostAsync($"/v1/subscriptions/{s.SubscriptionId}", Form(("discounts[0][coupon]", othersCoupon)))));
        Assert.Equal(("parameter_invalid", "discounts", 400),
            await ErrorOfAsync(await api.PostAsync($"/v1/subscriptions/{s.SubscriptionId}", Form(("coupon", euros), ("discounts[0][coupon]", euros)))));
        Assert.Equal(0, (await OkAsync(await api.GetAsync($"/v1/coupons/{euros}"))).GetProperty("times_redeemed").GetInt32());
    }

    [Fact]
    public async Task A_plan_change_invoiced_now_previews_the_discount_as_its_own_line()
    {
        using var api = factory.CreateApiClient();
        var s = await TestData.SubscriberAsync(factory, features: f => f.SubscriptionUpdate.ProrationBehavior = ProrationBehavior.AlwaysInvoice);
        var coupon = await CouponAsync(api, ("percent_off", "50"), ("duration", "forever"), ("name", "Half"));
        await OkAsync(await api.PostAsync($"/v1/subscriptions/{s.SubscriptionId}", Form(("coupon", coupon))));
        var business = await factory.WithDbAsync(db => db.Prices.Where(p => p.Nickname == "Business monthly").Select(p => p.Id).FirstAsync());

        var preview = (await factory.Services.GetRequiredService<SubscriptionChanges>().PreviewAsync(s.Access, s.SubscriptionId, business, 3, CancellationToken.None)).Value!;

        var draft = preview.Invoice!;
        Assert.Equal(coupon, draft.Discount!.Terms.CouponId);
        Assert.Equal(TaxHalf(draft.Subtotal), draft.TotalDiscount);
        Assert.Equal(draft.Subtotal - draft.TotalDiscount, draft.Total);
        Assert.Equal(draft.Total, preview.DueToday);
        Assert.Single(draft.Lines, l => l.DiscountId == draft.Discount.Terms.DiscountId && l.Amount == -draft.TotalDiscount);
    }

    private static long TaxHalf(long amount) => (amount + 1) / 2;

    [Fact]
    public async Task The_clock_charges_the_discounted_renewal_and_once_applies_to_one_invoice_only()
    {
        var s = await SubscriberAsync(factory, ClockStart);
        using var api = factory.CreateApiClient(s.Key);
        var coupon = await CouponAsync(api, ("percent_off", "50"), ("duration", "once"), ("name", "First month"));
        var discountId = (await OkAsync(await api.PostAsync($"/v1/subscriptions/{s.SubscriptionId}", Form(("coupon", coupon))))).GetProperty("discount").Id();

        var upcoming = await UpcomingAsync(api, s.Access.CustomerId);
        await AdvanceAsync(factory, s, s.PeriodEnd.AddHours(1));
        await AdvanceAsync(factory, s, s.PeriodEnd.AddMonths(1).AddHours(1));

        var invoices = await InvoicesAsync(api, s);
        Assert.Equal([(500L, 500L, 500L), (1_000L, 0L, 1_000L)],
            invoices.Select(i => (i.GetProperty("total").GetInt64(), i.GetProperty("total_discount").GetInt64(), i.GetProperty("amount_paid").GetInt64())));
        Assert.Equal(upcoming.GetProperty("total").GetInt64(), invoices[0].GetProperty("total").GetInt64());
        Assert.Equal(discountId, invoices[0].GetProperty("discount").Id());
        Assert.Equal(JsonValueKind.Null, invoices[1].GetProperty("discount").ValueKind);
        Assert.Equal(JsonValueKind.Null, (await OkAsync(await api.GetAsync($"/v1/subscriptions/{s.SubscriptionId}"))).GetProperty("discount").ValueKind);
        Assert.Equal(["customer.discount.created", "customer.discount.deleted"],
            (await EventTypesAsync(factory, discountId)).Where(t => t.StartsWith("customer.discount", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_repeating_discount_ends_after_its_months()
    {
        var s = await SubscriberAsync(factory, ClockStart);
        using var api = factory.CreateApiClient(s.Key);
        var coupon = await CouponAsync(api, ("percent_off", "25"), ("duration", "repeating"), ("duration_in_months", "2"));
        await OkAsync(await api.PostAsync($"/v1/subscriptions/{s.SubscriptionId}", Form(("coupon", coupon))));

        // Applied ten days into a period: the two renewals that start within two months are discounted, the third is not.
        for (var month = 0; month < 3; month++)
        {
            await AdvanceAsync(factory, s, s.PeriodEnd.AddMonths(month).AddHours(1));
        }

        var invoices = await InvoicesAsync(api, s);
        Assert.Equal([750L, 750L, 1_000L], invoices.Select(i => i.GetProperty("total").GetInt64()));
        Assert.Equal(JsonValueKind.Null, (await OkAsync(await api.GetAsync($"/v1/subscriptions/{s.SubscriptionId}"))).GetProperty("discount").ValueKind);
    }

    private static async Task<List<JsonElement>> InvoicesAsync(HttpClient api, ClockSubscriber s) =>
        [.. (await OkAsync(await api.GetAsync($"/v1/invoices?subscription={s.SubscriptionId}&limit=100"))).GetProperty("data").EnumerateArray().Reverse()];
}
