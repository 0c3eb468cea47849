using Bunit;
using MudBlazor;
using Vinr.Portal.Api.Features.Demo;
using Vinr.Portal.Api.Features.Invoices;
using Vinr.Portal.Api.Features.Tax;
using Vinr.Portal.Api.Infrastructure;
using Vinr.Portal.Components.Pages.Invoices;
using Vinr.Portal.Components.Pages.Overview;
using Vinr.Portal.Components.Pages.Subscriptions;
using Vinr.Portal.Tests.Support;

namespace Vinr.Portal.Tests.Components.Shared;

/// <summary>How the portal shows tax: one row per rate, the reverse charge and its note, and whether prices include it.</summary>
public sealed class TaxDisplayTests : PortalComponentTest
{
    /// <summary>The demo customer billed in <paramref name="country"/>, with the merchant's one rate there.</summary>
    private void TaxedIn(string country, string name, int basisPoints, bool inclusive, string? taxId = null, bool reverseCharge = false)
    {
        using var db = DbFactory.CreateDbContext();
        db.TaxRates.Add(new TaxRate
        {
            Id = Ids.New("txr"), MerchantId = DemoSeeder.MerchantId, DisplayName = name, Country = country, BasisPoints = basisPoints,
            Inclusive = inclusive, Created = Now,
        });
        var customer = db.Customers.Single(c => c.Id == DemoSeeder.CustomerId);
        customer.Address.Country = country;
        customer.TaxId = taxId;
        var merchant = db.Merchants.Single(m => m.Id == DemoSeeder.MerchantId);
        (merchant.TaxOriginCountry, merchant.TaxReverseCharge) = ("FR", reverseCharge);
        db.SaveChanges();
    }

    [Fact]
    public void The_next_invoice_shows_each_rate_and_adds_exclusive_tax_to_the_total()
    {
        TaxedIn("FR", "TVA", 2000, inclusive: false);

        var page = RenderInPortal<UpcomingInvoicePage>(AccessFor(), "fr");

        page.WaitForAssertion(() => Assert.Equal("TVA 20 %", page.Find("[data-testid=tax-rate]").TextContent));
        Assert.Matches(@"^9,80\s\$$", page.Find("[data-testid=tax-amount]").TextContent);
        Assert.Matches(@"^58,80\s\$$", page.Find("[data-testid=upcoming-total]").TextContent);
        Assert.Empty(page.FindAll("[data-testid=reverse-charge]"));
    }

    [Fact]
    public void An_inclusive_rate_is_named_included_and_leaves_the_total_as_priced()
    {
        TaxedIn("DE", "MwSt.", 1900, inclusive: true);

        var page = RenderInPortal<UpcomingInvoicePage>(AccessFor(), "de");

        page.WaitForAssertion(() => Assert.Equal("MwSt. 19 % (enthalten)", page.Find("[data-testid=tax-rate]").TextContent));
        Assert.Matches(@"^7,82\s\$$", page.Find("[data-testid=tax-amount]").TextContent); // 4900 × 19 / 119 = 782.35
        Assert.Matches(@"^49,00\s\$$", page.Find("[data-testid=upcoming-total]").TextContent);
    }

    [Fact]
    public void A_business_under_the_reverse_charge_sees_it_and_the_legal_note_instead_of_tax()
    {
        TaxedIn("DE", "MwSt.", 1900, inclusive: false, taxId: "DE123456789", reverseCharge: true);

        var page = RenderInPortal<UpcomingInvoicePage>(AccessFor());

        page.WaitForAssertion(() => Assert.Equal("Reverse charge", page.Find("[data-testid=reverse-charge-row]").TextContent));
        Assert.Empty(page.FindAll("[data-testid=tax-rate]"));
        Assert.Contains("Article 196", page.Find("[data-testid=reverse-charge]").TextContent, StringComparison.Ordinal);
        Assert.Equal("$49.00", page.Find("[data-testid=upcoming-total]").TextContent);
    }

    [Fact]
    public void An_invoice_lists_the_rates_it_applied_whatever_the_rates_are_now()
    {
        var invoice = AddInvoice(DemoSeeder.CustomerId, "ACME-0100", Now.AddDays(-3), total: 5880, change: i =>
        {
            i.TaxAmounts.Add(new InvoiceTaxAmount(new AppliedRate("txr_gone", "TVA", "FR", 2000, Inclusive: false), 980));
        });

        var page = RenderInPortal<InvoicePage>(AccessFor(), "fr", p => p.Add(c => c.Id, invoice.Id));

        page.WaitForAssertion(() => Assert.Equal("TVA 20 %", page.Find("[data-testid=tax-rate]").TextContent));
        Assert.Matches(@"^9,80\s\$$", page.Find("[data-testid=tax-amount]").TextContent);
    }

    [Fact]
    public void An_untaxed_invoice_still_names_tax_at_zero()
    {
        var invoice = AddInvoice(DemoSeeder.CustomerId, "ACME-0101", Now.AddDays(-3));

        var page = RenderInPortal<InvoicePage>(AccessFor(), parameters: p => p.Add(c => c.Id, invoice.Id));

        page.WaitForAssertion(() => Assert.Equal("Tax", page.Find("[data-testid=tax-none]").TextContent));
        Assert.Empty(page.FindAll("[data-testid=tax-rate]"));
    }

    [Theory]
    [InlineData(false, "fr", "+ TVA 20 %")]
    [InlineData(true, "fr", "TVA 20 % incluse")]
    [InlineData(false, "en", "+ TVA 20 %")]
    [InlineData(true, "de", "inkl. TVA 20 %")]
    public void Prices_on_the_overview_and_the_plans_say_whether_they_include_tax(bool inclusive, string culture, string note)
    {
        TaxedIn("FR", "TVA", 2000, inclusive);
        Render<MudPopoverProvider>();

        var overview = RenderInPortal<OverviewPage>(AccessFor(), culture);
        overview.WaitForAssertion(() => Assert.Equal(note, overview.Find("[data-testid=subscription] [data-testid=price-tax]").TextContent));

        var plans = RenderInPortal<ChangePlanPage>(AccessFor(), culture, p => p.Add(c => c.SubscriptionId, DemoSubscriptionId));
        plans.WaitForAssertion(() => Assert.Equal(3, plans.FindAll("[data-plan] [data-testid=price-tax]").Count));
        Assert.All(plans.FindAll("[data-plan] [data-testid=price-tax]"), n => Assert.Equal(note, n.TextContent));
    }

    [Fact]
    public void Prices_say_nothing_of_tax_where_the_customer_pays_none()
    {
        TaxedIn("FR", "TVA", 2000, inclusive: false, taxId: "DE123456789");
        using (var db = DbFactory.CreateDbContext())
        {
            db.Customers.Single(c => c.Id == DemoSeeder.CustomerId).Address.Country = "US";
            db.SaveChanges();
        }

        var overview = RenderInPortal<OverviewPage>(AccessFor());

        overview.WaitForAssertion(() => Assert.NotEmpty(overview.FindAll("[data-testid=subscription]")));
        Assert.Empty(overview.FindAll("[data-testid=price-tax]"));
    }

    [Fact]
    public void Reverse_charged_prices_say_so()
    {
        TaxedIn("DE", "MwSt.", 1900, inclusive: false, taxId: "DE123456789", reverseCharge: true);

        var overview = RenderInPortal<OverviewPage>(AccessFor(), "de");

        overview.WaitForAssertion(() => Assert.Equal("ohne USt. (Reverse-Charge)", overview.Find("[data-testid=price-tax]").TextContent));
    }
}
