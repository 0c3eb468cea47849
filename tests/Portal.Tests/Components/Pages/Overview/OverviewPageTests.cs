using Bunit;
using Microsoft.EntityFrameworkCore;
using Vinr.Portal.Api.Features.Customers;
using Vinr.Portal.Api.Features.Demo;
using Vinr.Portal.Api.Features.Subscriptions;
using Vinr.Portal.Components.Pages.Overview;
using Vinr.Portal.Tests.Support;

namespace Vinr.Portal.Tests.Components.Pages.Overview;

public sealed class OverviewPageTests : PortalComponentTest
{
    private void AddCustomer(string id, string? name, string? email)
    {
        using var db = DbFactory.CreateDbContext();
        db.Customers.Add(new Customer { Id = id, MerchantId = DemoSeeder.MerchantId, Name = name, Email = email, Created = Now });
        db.SaveChanges();
    }

    [Fact]
    public void Shows_the_plan_renewal_card_details_and_recent_invoices()
    {
        var page = RenderInPortal<OverviewPage>(AccessFor());

        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("[data-testid=subscription]")));
        var plan = page.Find("[data-testid=subscription]").TextContent;
        Assert.Contains("Pro", plan, StringComparison.Ordinal);
        Assert.Contains("$49.00", plan, StringComparison.Ordinal);
        Assert.Contains("per month", plan, StringComparison.Ordinal);
        Assert.Contains("Active", plan, StringComparison.Ordinal);
        Assert.Contains($"Renews on {Now.AddDays(-10).AddMonths(1):d MMM yyyy}", page.Find("[data-testid=renewal]").TextContent, StringComparison.Ordinal);
        Assert.Contains("•••• 4242", page.Find("[data-testid=payment-method]").TextContent, StringComparison.Ordinal);
        Assert.Equal(5, page.FindAll("[data-testid=invoices] tbody tr").Count);
        Assert.Contains("ACME-0012", page.FindAll("[data-testid=invoices] tbody tr")[0].TextContent, StringComparison.Ordinal);
        Assert.Contains("548 Market St", page.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public void A_pending_cancellation_says_when_it_ends_and_that_nothing_more_is_charged()
    {
        ChangeDemoSubscription(s => s.CancelAtPeriodEnd = true);

        var page = RenderInPortal<OverviewPage>(AccessFor());

        page.WaitForAssertion(() => Assert.Contains("Cancels at period end", page.Markup, StringComparison.Ordinal));
        Assert.Contains("You will not be charged again", page.Markup, StringComparison.Ordinal);
        Assert.Empty(page.FindAll("[data-testid=renewal]"));
    }

    [Fact]
    public void A_past_due_subscription_is_marked_past_due()
    {
        ChangeDemoSubscription(s => s.Status = SubscriptionStatus.PastDue);

        var page = RenderInPortal<OverviewPage>(AccessFor());

        page.WaitForAssertion(() => Assert.Equal("past_due", page.Find(".status-chip").GetAttribute("data-status")));
    }

    private void MoveToBusinessSeats(int quantity)
    {
        using var db = DbFactory.CreateDbContext();
        var business = db.Prices.Include(p => p.Product).Single(p => p.Product!.Name == "Business" && p.Nickname == "Business monthly");
        var subscription = db.Subscriptions.Single(s => s.CustomerId == DemoSeeder.CustomerId);
        subscription.PriceId = business.Id;
        subscription.Quantity = quantity;
        db.SaveChanges();
    }

    [Fact]
    public void A_per_seat_plan_shows_seats_times_unit_price()
    {
        MoveToBusinessSeats(3);

        var page = RenderInPortal<OverviewPage>(AccessFor());

        page.WaitForAssertion(() => Assert.Contains("$87.00", page.Find("[data-testid=subscription]").TextContent, StringComparison.Ordinal));
        Assert.Contains("3 seats", page.Find("[data-testid=subscription]").TextContent, StringComparison.Ordinal);
        Assert.Contains("$29.00", page.Find("[data-testid=subscription]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void A_new_customer_sees_friendly_empty_states()
    {
        AddCustomer("cust_new", name: null, email: "new@example.com");

        var page = RenderInPortal<OverviewPage>(AccessFor("cust_new"));

        page.WaitForAssertion(() => Assert.Contains("You have no subscription with Acme Cloud.", page.Markup, StringComparison.Ordinal));
        Assert.Contains("No payment method on file. Add a card", page.Markup, StringComparison.Ordinal);
        Assert.Contains("No invoices yet. Your first invoice appears here once Acme Cloud bills you.", page.Markup, StringComparison.Ordinal);
        Assert.Contains("new@example.com", page.Find("[data-testid=customer]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void Another_customers_data_never_shows()
    {
        AddCustomer("cust_other", name: "Other Person", email: null);

        var page = RenderInPortal<OverviewPage>(AccessFor("cust_other"));

        page.WaitForAssertion(() => Assert.Contains("Other Person", page.Markup, StringComparison.Ordinal));
        Assert.DoesNotContain("4242", page.Markup, StringComparison.Ordinal);
        Assert.DoesNotContain("ACME-", page.Markup, StringComparison.Ordinal);
        Assert.DoesNotContain("Jane Cooper", page.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public void Billing_details_can_be_edited_from_the_overview_where_the_merchant_allows()
    {
        var page = RenderInPortal<OverviewPage>(AccessFor());

        page.WaitForAssertion(() => Assert.Equal("/billing-details", page.Find("[data-testid=edit-details]").GetAttribute("href")));
    }

    [Fact]
    public void No_edit_link_when_the_merchant_keeps_billing_details_to_itself()
    {
        using (var db = DbFactory.CreateDbContext())
        {
            db.PortalConfigurations.Single(c => c.MerchantId == DemoSeeder.MerchantId && c.IsDefault).Features.CustomerUpdate.Enabled = false;
            db.SaveChanges();
        }

        var page = RenderInPortal<OverviewPage>(AccessFor());

        page.WaitForAssertion(() => Assert.Contains("548 Market St", page.Markup, StringComparison.Ordinal));
        Assert.Empty(page.FindAll("[data-testid=edit-details]"));
    }

    [Fact]
    public void Amounts_and_dates_follow_the_session_locale()
    {
        var page = RenderInPortal<OverviewPage>(AccessFor(), culture: "fr");

        page.WaitForAssertion(() => Assert.Contains("49,00", page.Find("[data-testid=subscription]").TextContent, StringComparison.Ordinal));
        Assert.Contains(Now.AddDays(-10).AddMonths(1).ToString("d MMM yyyy", System.Globalization.CultureInfo.GetCultureInfo("fr")), page.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_heading_and_status_is_in_the_session_language()
    {
        var page = RenderInPortal<OverviewPage>(AccessFor(), culture: "fr");

        page.WaitForAssertion(() => Assert.Equal("Aperçu", page.Find("h1").TextContent));
        Assert.Equal(["Formule actuelle", "Moyen de paiement", "Coordonnées de facturation", "Historique des factures"], page.FindAll("h2").Select(h => h.TextContent.Trim()));
        Assert.Equal("Actif", page.Find("[data-testid=subscription] .status-chip").TextContent.Trim());
        Assert.Equal(["Date", "Numéro", "Montant", "Statut"], page.FindAll("[data-testid=invoices] th").Select(h => h.TextContent));
        Assert.All(page.FindAll("[data-testid=invoices] .status-pill"), pill => Assert.Equal("Payée", pill.TextContent));
        Assert.Contains("Changer de formule", page.Markup, StringComparison.Ordinal);
        Assert.Matches(@"^Renouvellement le \d+ \S+ \d{4}\. Prochaine facture\u00A0: 49,00\s\$\.$", page.Find("[data-testid=renewal]").TextContent.Trim());
    }

    [Theory]
    [InlineData("de", 1, "1 Platz")]
    [InlineData("de", 3, "3 Plätze")]
    [InlineData("es", 3, "3 puestos")]
    [InlineData("fr", 1, "1 siège")]
    public void Seats_take_the_languages_plural(string language, int quantity, string seats)
    {
        MoveToBusinessSeats(quantity);

        var page = RenderInPortal<OverviewPage>(AccessFor(), culture: language);

        page.WaitForAssertion(() => Assert.Contains(seats + " ×", page.Find("[data-testid=subscription]").TextContent, StringComparison.Ordinal));
    }

    [Fact]
    public void Each_recent_invoice_links_to_its_page_and_view_all_to_the_history()
    {
        var page = RenderInPortal<OverviewPage>(AccessFor());

        page.WaitForAssertion(() => Assert.Equal(5, page.FindAll("[data-testid=invoices] tbody tr").Count));
        Assert.Equal("/invoices", page.Find("[data-testid=all-invoices]").GetAttribute("href"));
        foreach (var row in page.FindAll("[data-testid=invoices] tbody tr"))
        {
            Assert.Equal($"/invoices/{row.GetAttribute("data-invoice")}", row.QuerySelector("a.invoice-link")!.GetAttribute("href"));
        }
    }

    [Fact]
    public void With_invoice_history_off_the_overview_lists_no_invoices()
    {
        ChangeConfiguration(c => c.Features.InvoiceHistory = false);

        var page = RenderInPortal<OverviewPage>(AccessFor());

        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("[data-testid=subscription]")));
        Assert.Empty(page.FindAll("[data-testid=invoices]"));
        Assert.DoesNotContain("Invoice history", page.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public void The_overview_shows_a_scheduled_change_with_the_way_to_keep_the_plan()
    {
        using (var db = DbFactory.CreateDbContext())
        {
            var starter = db.Prices.Single(p => p.Nickname == "Starter monthly").Id;
            ChangeDemoSubscription(s => s.ScheduledPriceId = starter);
        }

        var page = RenderInPortal<OverviewPage>(AccessFor());

        page.WaitForAssertion(() => Assert.Contains("Changes to Starter", page.Find("[data-testid=scheduled-change]").TextContent, StringComparison.Ordinal));
        Assert.Contains("Keep Pro", page.Find("[data-testid=scheduled-change]").TextContent, StringComparison.Ordinal);
        Assert.Contains("Next invoice $12.00", page.Find("[data-testid=renewal]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void The_next_invoice_amount_links_to_the_itemised_next_invoice()
    {
        var page = RenderInPortal<OverviewPage>(AccessFor());

        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("[data-testid=upcoming-invoice-link]")));
        var link = page.Find("[data-testid=upcoming-invoice-link]");
        Assert.Equal($"/invoices/upcoming?subscription={DemoSubscriptionId}", link.GetAttribute("href"));
        Assert.Equal("Next invoice $49.00", link.TextContent.Trim());
        Assert.Equal($"Renews on {Now.AddDays(-10).AddMonths(1):d MMM yyyy}. Next invoice $49.00.", page.Find("[data-testid=renewal]").TextContent.Trim());
    }

    [Fact]
    public void A_pending_cancellation_has_no_next_invoice_to_link_to()
    {
        ChangeDemoSubscription(s => s.CancelAtPeriodEnd = true);

        var page = RenderInPortal<OverviewPage>(AccessFor());

        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("[data-testid=pending-cancellation]")));
        Assert.Empty(page.FindAll("[data-testid=upcoming-invoice-link]"));
    }

    [Fact]
    public void The_overview_offers_renewal_of_a_pending_cancellation_and_no_other_plan_actions()
    {
        ChangeDemoSubscription(s => s.CancelAtPeriodEnd = true);

        var page = RenderInPortal<OverviewPage>(AccessFor());

        page.WaitForAssertion(() => Assert.Contains("Renew subscription", page.Find("[data-testid=pending-cancellation]").TextContent, StringComparison.Ordinal));
        Assert.DoesNotContain("Change plan", page.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public void The_overview_hides_actions_the_merchant_turned_off()
    {
        ConfigureFeatures(f =>
        {
            f.SubscriptionUpdate.Enabled = false;
            f.SubscriptionCancel.Enabled = false;
        });

        var page = RenderInPortal<OverviewPage>(AccessFor());

        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("[data-testid=subscription]")));
        Assert.DoesNotContain("Change plan", page.Markup, StringComparison.Ordinal);
        Assert.DoesNotContain("Cancel subscription", page.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public void A_past_due_overview_links_to_the_payment_methods_page()
    {
        ChangeDemoSubscription(s => s.Status = SubscriptionStatus.PastDue);
        using (var db = DbFactory.CreateDbContext())
        {
            var latest = db.Invoices.OrderByDescending(i => i.Created).First();
            latest.Status = Api.Features.Invoices.InvoiceStatus.Open;
            latest.LastPaymentError = "Your card has insufficient funds.";
            db.SaveChanges();
        }

        var page = RenderInPortal<OverviewPage>(AccessFor());

        page.WaitForAssertion(() => Assert.Contains("insufficient funds", page.Find("[data-testid=past-due]").TextContent, StringComparison.Ordinal));
        Assert.Equal("/payment-methods", page.Find("[data-testid=past-due] a").GetAttribute("href"));
    }
}
