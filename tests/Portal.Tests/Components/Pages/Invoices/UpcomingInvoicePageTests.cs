using System.Globalization;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using Vinr.Portal.Api.Features.Demo;
using Vinr.Portal.Api.Features.Invoices;
using Vinr.Portal.Api.Infrastructure;
using Vinr.Portal.Components.Pages.Invoices;
using Vinr.Portal.Tests.Support;

namespace Vinr.Portal.Tests.Components.Pages.Invoices;

public sealed class UpcomingInvoicePageTests : PortalComponentTest
{
    /// <summary>The demo subscription renews ten days into a month: on this day, a month after its period began.</summary>
    private static readonly DateTimeOffset PeriodEnd = Now.AddDays(-10).AddMonths(1);

    /// <summary>The page at its address, as the overview links it (the subscription comes from the query string).</summary>
    private IRenderedComponent<UpcomingInvoicePage> Open(string? subscription = null, string culture = "en", string customer = DemoSeeder.CustomerId)
    {
        Services.GetRequiredService<NavigationManager>().NavigateTo(subscription is null ? "/invoices/upcoming" : UpcomingInvoicePage.PathFor(subscription));
        return RenderInPortal<UpcomingInvoicePage>(AccessFor(customer), culture);
    }

    /// <summary>What a plan change under create_prorations leaves for the next invoice, and credit on the balance.</summary>
    private void AddProrationsAndCredit(long balance)
    {
        using var db = DbFactory.CreateDbContext();
        var subscription = db.Subscriptions.Single(s => s.CustomerId == DemoSeeder.CustomerId);
        var changedAt = Now.AddDays(-2);
        foreach (var (text, amount) in new[] { ("Unused time on Pro", -1_300L), ("Remaining time on Business × 2", 1_540L) })
        {
            db.PendingInvoiceItems.Add(new PendingInvoiceItem
            {
                Id = Ids.New("ii"), MerchantId = DemoSeeder.MerchantId, CustomerId = DemoSeeder.CustomerId, SubscriptionId = subscription.Id, Description = text,
                Amount = amount, Currency = "usd", Proration = true, PeriodStart = changedAt, PeriodEnd = PeriodEnd, Created = changedAt,
            });
        }
        db.Customers.Single(c => c.Id == DemoSeeder.CustomerId).Balance = balance;
        db.SaveChanges();
    }

    private static string[] Cells(AngleSharp.Dom.IElement row) => [.. row.QuerySelectorAll("td:not(.line-period)").Select(c => c.TextContent.Trim())];

    [Fact]
    public void Shows_the_next_period_of_the_plan_its_date_and_the_card_it_will_be_charged_to()
    {
        var page = Open();

        page.WaitForAssertion(() => Assert.Single(page.FindAll("[data-testid=upcoming-lines] tbody tr")));
        Assert.Equal("Next invoice", Assert.Single(page.FindAll("h1")).TextContent);
        var row = page.Find("[data-testid=upcoming-lines] tbody tr");
        Assert.StartsWith("Pro (monthly)", row.QuerySelector(".line-description")!.TextContent.Trim(), StringComparison.Ordinal);
        Assert.Equal($"{PeriodEnd:d MMM yyyy} – {PeriodEnd.AddMonths(1):d MMM yyyy}", row.QuerySelector("td.line-period")!.TextContent);
        Assert.Equal(["1", "$49.00"], Cells(row)[1..]);
        Assert.Equal("$49.00", page.Find("[data-testid=upcoming-amount-due]").TextContent);
        Assert.Equal($"Charged on {PeriodEnd:d MMM yyyy} to Visa\u00A0••••\u00A04242.", page.Find("[data-testid=upcoming-date]").TextContent.Trim());
        Assert.Equal("$49.00", page.Find("[data-testid=upcoming-total]").TextContent);
        Assert.Empty(page.FindAll("[data-testid=upcoming-credit]"));
        Assert.Equal("/", page.Find("a.back-link").GetAttribute("href"));
    }

    [Fact]
    public void Itemises_waiting_prorations_and_the_credit_that_pays_first()
    {
        AddProrationsAndCredit(balance: -1_000);

        var page = Open();

        page.WaitForAssertion(() => Assert.Equal(3, page.FindAll("[data-testid=upcoming-lines] tbody tr").Count));
        var rows = page.FindAll("[data-testid=upcoming-lines] tbody tr");
        Assert.Equal(["true", "true", "false"], rows.Select(r => r.GetAttribute("data-proration")));
        Assert.Equal(2, page.FindAll(".proration-tag").Count);
        Assert.Equal("-$13.00", Cells(rows[0])[^1]);
        Assert.Equal("$15.40", Cells(rows[1])[^1]);
        Assert.Equal("$51.40", page.Find("[data-testid=upcoming-subtotal]").TextContent);
        Assert.Equal("$51.40", page.Find("[data-testid=upcoming-total]").TextContent);
        Assert.Equal("-$10.00", page.Find("[data-testid=upcoming-credit]").TextContent);
        Assert.Equal("$41.40", page.Find("[data-testid=upcoming-total-due]").TextContent);
        Assert.Equal("$41.40", page.Find("[data-testid=upcoming-amount-due]").TextContent);
    }

    [Fact]
    public void Credit_that_covers_it_leaves_nothing_to_pay_and_the_rest_stays_credit()
    {
        AddProrationsAndCredit(balance: -9_000);

        var page = Open();

        page.WaitForAssertion(() => Assert.Equal("$0.00", page.Find("[data-testid=upcoming-amount-due]").TextContent));
        Assert.Equal($"Nothing to pay on {PeriodEnd:d MMM yyyy}: your credit covers it.", page.Find("[data-testid=upcoming-date]").TextContent.Trim());
        Assert.Equal("-$51.40", page.Find("[data-testid=upcoming-credit]").TextContent);
    }

    [Fact]
    public void A_subscription_set_to_cancel_has_no_next_invoice()
    {
        ChangeDemoSubscription(s => s.CancelAtPeriodEnd = true);

        var page = Open(DemoSubscriptionId);

        page.WaitForAssertion(() => Assert.Contains("No upcoming invoice", page.Find("[data-testid=no-upcoming]").TextContent, StringComparison.Ordinal));
        Assert.Contains("None of your subscriptions with Acme Cloud renews", page.Markup, StringComparison.Ordinal);
        Assert.Equal("Next invoice", Assert.Single(page.FindAll("h1")).TextContent);
        Assert.Empty(page.FindAll("[data-testid=upcoming-lines]"));
    }

    [Fact]
    public void Another_customers_subscription_reads_as_none()
    {
        AddPortalCustomer("cust_other");

        var page = Open(DemoSubscriptionId, customer: "cust_other");

        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("[data-testid=no-upcoming]")));
        Assert.DoesNotContain("$49.00", page.Markup, StringComparison.Ordinal);
        Assert.DoesNotContain("4242", page.Markup, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("fr", "Prochaine facture", "Débité le")]
    [InlineData("de", "Nächste Rechnung", "Wird am")]
    [InlineData("es", "Próxima factura", "Se cargará el")]
    public void Words_amounts_and_dates_follow_the_session_language(string culture, string heading, string charged)
    {
        var page = Open(DemoSubscriptionId, culture);

        page.WaitForAssertion(() => Assert.Equal(heading, page.Find("h1").TextContent));
        Assert.Matches(@"^49,00\s\$$", page.Find("[data-testid=upcoming-total]").TextContent);
        var date = culture == "de" ? PeriodEnd.UtcDateTime.ToString("d. MMM yyyy", CultureInfo.GetCultureInfo(culture)) : PeriodEnd.UtcDateTime.ToString("d MMM yyyy", CultureInfo.GetCultureInfo(culture));
        Assert.StartsWith($"{charged} {date}", page.Find("[data-testid=upcoming-date]").TextContent.Trim(), StringComparison.Ordinal);
    }
}
