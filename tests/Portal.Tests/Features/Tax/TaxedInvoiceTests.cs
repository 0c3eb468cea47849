using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Vinr.Portal.Api.Features.BillingPortal.Configurations;
using Vinr.Portal.Api.Features.Subscriptions;
using Vinr.Portal.Tests.Support;
using static Vinr.Portal.Tests.Features.BillingPortal.Configurations.ConfigurationApi;
using static Vinr.Portal.Tests.Features.Products.CatalogApi;

namespace Vinr.Portal.Tests.Features.Tax;

/// <summary>
/// Rates reach what customers are billed: the upcoming invoice (the renewal's own draft), the plan-change
/// preview, and the EU reverse charge. Its own factory: the rates and settings are the demo merchant's.
/// </summary>
public sealed class TaxedInvoiceTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    private async Task<TestData.Subscriber> CustomerInAsync(HttpClient api, string country, string? taxId = null, Action<PortalFeatures>? features = null)
    {
        var s = await TestData.SubscriberAsync(factory, features: features);
        var fields = new List<(string, string)> { ("address[country]", country) };
        if (taxId is not null)
        {
            fields.Add(("tax_id", taxId));
        }
        await OkAsync(await api.PostAsync($"/v1/customers/{s.Access.CustomerId}", Form([.. fields])));
        return s;
    }

    private static async Task RateAsync(HttpClient api, string country, string percentage, bool inclusive = false)
    {
        if ((await OkAsync(await api.GetAsync($"/v1/tax_rates?country={country}&active=true"))).GetProperty("data").GetArrayLength() == 0)
        {
            await OkAsync(await api.PostAsync("/v1/tax_rates", Form(("display_name", "VAT"), ("percentage", percentage), ("inclusive", inclusive ? "true" : "false"), ("country", country))));
        }
    }

    [Fact]
    public async Task A_french_customers_next_invoice_adds_french_vat_per_rate()
    {
        using var api = factory.CreateApiClient();
        await RateAsync(api, "FR", "20");
        var s = await CustomerInAsync(api, "FR");

        var invoice = await api.GetFromJsonAsync<JsonElement>($"/v1/invoices/upcoming?customer={s.Access.CustomerId}");

        Assert.Equal((4_900L, 980L, 5_880L, 5_880L), (invoice.GetProperty("subtotal").GetInt64(), invoice.GetProperty("tax").GetInt64(),
            invoice.GetProperty("total").GetInt64(), invoice.GetProperty("amount_due").GetInt64()));
        var tax = Assert.Single(invoice.GetProperty("total_tax_amounts").EnumerateArray());
        Assert.Equal((980L, false, 20m), (tax.GetProperty("amount").GetInt64(), tax.GetProperty("inclusive").GetBoolean(), tax.GetProperty("percentage").GetDecimal()));
        Assert.Equal("none", invoice.GetProperty("customer_tax_exempt").GetString());
    }

    [Fact]
    public async Task A_plan_change_charged_now_previews_its_tax_in_what_is_due_today()
    {
        using var api = factory.CreateApiClient();
        await RateAsync(api, "FR", "20");
        var s = await CustomerInAsync(api, "FR", features: f => f.SubscriptionUpdate.ProrationBehavior = ProrationBehavior.AlwaysInvoice);
        var business = await factory.WithDbAsync(db => db.Prices.Where(p => p.Nickname == "Business monthly").Select(p => p.Id).FirstAsync());

        var preview = (await factory.Services.GetRequiredService<SubscriptionChanges>().PreviewAsync(s.Access, s.SubscriptionId, business, 3, CancellationToken.None)).Value!;

        var draft = preview.Invoice!;
        Assert.True(draft.Tax > 0);
        Assert.Equal(draft.Subtotal + draft.Tax, draft.Total);
        Assert.Equal(draft.Total, draft.AmountDue);
    }

    [Fact]
    public async Task A_german_business_with_a_valid_vat_number_gets_the_reverse_charge()
    {
        using var api = factory.CreateApiClient();
        await RateAsync(api, "DE", "19");
        await OkAsync(await api.PostAsync("/v1/billing/settings", Form(("tax[origin_country]", "FR"), ("tax[reverse_charge]", "true"))));
        var business = await CustomerInAsync(api, "DE", taxId: "DE 123 456 789");
        var consumer = await CustomerInAsync(api, "DE");

        var reverse = await api.GetFromJsonAsync<JsonElement>($"/v1/invoices/upcoming?customer={business.Access.CustomerId}");
        var taxed = await api.GetFromJsonAsync<JsonElement>($"/v1/invoices/upcoming?customer={consumer.Access.CustomerId}");

        Assert.Equal((0L, 4_900L, "reverse"), (reverse.GetProperty("tax").GetInt64(), reverse.GetProperty("total").GetInt64(), reverse.GetProperty("customer_tax_exempt").GetString()));
        Assert.Equal("DE123456789", Assert.Single(reverse.GetProperty("customer_tax_ids").EnumerateArray()).GetProperty("value").GetString());
        Assert.Equal((931L, 5_831L), (taxed.GetProperty("tax").GetInt64(), taxed.GetProperty("total").GetInt64()));
    }

    [Fact]
    public async Task A_subscription_created_through_the_api_charges_its_first_invoice_with_tax()
    {
        using var api = factory.CreateApiClient();
        await RateAsync(api, "FR", "20");
        var s = await CustomerInAsync(api, "FR");
        var pro = await factory.WithDbAsync(db => db.Prices.Where(p => p.Nickname == "Pro monthly" && !p.Livemode).Select(p => p.Id).FirstAsync());

        var created = await OkAsync(await api.PostAsync("/v1/subscriptions", Form(("customer", s.Access.CustomerId), ("items[0][price]", pro))));
        var invoice = await OkAsync(await api.GetAsync($"/v1/invoices/{created.GetProperty("latest_invoice").GetString()}"));

        Assert.Equal((980L, 5_880L, 5_880L), (invoice.GetProperty("tax").GetInt64(), invoice.GetProperty("total").GetInt64(), invoice.GetProperty("amount_paid").GetInt64()));
        Assert.Equal("VAT", Assert.Single(invoice.GetProperty("total_tax_amounts").EnumerateArray()).GetProperty("display_name").GetString());
    }
}
