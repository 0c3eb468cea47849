using Bunit;
using Vinr.Portal.Api.Features.Demo;
using Vinr.Portal.Components.Pages.Invoices;
using Vinr.Portal.Tests.Support;

namespace Vinr.Portal.Tests.Components.Pages.Invoices;

public sealed class InvoicesPageTests : PortalComponentTest
{
    private static List<string> Numbers(IRenderedComponent<InvoicesPage> page) =>
        [.. page.FindAll("[data-testid=invoices] tbody tr td:nth-child(2)").Select(td => td.TextContent.Trim())];

    [Fact]
    public void The_demo_history_fits_one_page_newest_first_each_row_linking_to_its_invoice()
    {
        var page = RenderInPortal<InvoicesPage>(AccessFor());

        page.WaitForAssertion(() => Assert.Equal(12, page.FindAll("[data-testid=invoices] tbody tr").Count));
        Assert.Equal([.. Enumerable.Range(1, 12).Reverse().Select(n => $"ACME-{n:D4}")], Numbers(page));
        var first = page.Find("[data-testid=invoices] tbody tr");
        Assert.Equal($"/invoices/{first.GetAttribute("data-invoice")}", first.QuerySelector("a.invoice-link")!.GetAttribute("href"));
        Assert.Contains("$49.00", first.TextContent, StringComparison.Ordinal);
        Assert.Equal("paid", first.QuerySelector(".status-pill")!.GetAttribute("data-status"));
        Assert.Empty(page.FindAll("[data-testid=show-more]"));
    }

    [Fact]
    public void A_full_page_offers_show_more_which_appends_the_next_page_without_repeats()
    {
        // 15 older invoices: 27 in all, so 20 on the first page and 7 after "Show more".
        for (var i = 1; i <= 15; i++)
        {
            AddInvoice(DemoSeeder.CustomerId, $"OLD-{i:D4}", Now.AddYears(-3).AddDays(i));
        }

        var page = RenderInPortal<InvoicesPage>(AccessFor());

        page.WaitForAssertion(() => Assert.Equal(20, page.FindAll("[data-testid=invoices] tbody tr").Count));
        page.Find("[data-testid=show-more]").Click();

        page.WaitForAssertion(() => Assert.Equal(27, page.FindAll("[data-testid=invoices] tbody tr").Count));
        var numbers = Numbers(page);
        Assert.Equal(numbers.Count, numbers.Distinct().Count());
        Assert.Equal("OLD-0001", numbers[^1]);
        Assert.Empty(page.FindAll("[data-testid=show-more]"));
        Assert.Contains("7 more invoices shown. That is all of them.", page.Find("[role=status]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void A_customer_without_invoices_sees_the_empty_state()
    {
        AddPortalCustomer("cust_new");

        var page = RenderInPortal<InvoicesPage>(AccessFor("cust_new"));

        page.WaitForAssertion(() => Assert.Contains("No invoices yet", page.Find("[data-testid=invoices-empty]").TextContent, StringComparison.Ordinal));
        Assert.Empty(page.FindAll("[data-testid=invoices]"));
    }

    [Fact]
    public void Another_customers_invoices_never_show()
    {
        AddPortalCustomer("cust_other");
        AddInvoice("cust_other", "OTHER-0001", Now);

        var page = RenderInPortal<InvoicesPage>(AccessFor("cust_other"));

        page.WaitForAssertion(() => Assert.Single(page.FindAll("[data-testid=invoices] tbody tr")));
        Assert.DoesNotContain("ACME-", page.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public void When_the_merchant_switched_invoice_history_off_the_page_says_so()
    {
        ChangeConfiguration(c => c.Features.InvoiceHistory = false);

        var page = RenderInPortal<InvoicesPage>(AccessFor());

        Assert.Contains("Invoice history is not available", page.Find("[data-testid=invoices-unavailable]").TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain("ACME-", page.Markup, StringComparison.Ordinal);
    }
}
