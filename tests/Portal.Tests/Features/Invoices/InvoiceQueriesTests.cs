using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Vinr.Portal.Api.Features.BillingPortal.Sessions;
using Vinr.Portal.Api.Features.Customers;
using Vinr.Portal.Api.Features.Invoices;
using Vinr.Portal.Api.Infrastructure;
using Vinr.Portal.Tests.Support;

namespace Vinr.Portal.Tests.Features.Invoices;

public sealed class InvoiceQueriesTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    private InvoiceQueries Queries => factory.Services.GetRequiredService<InvoiceQueries>();

    private async Task<PortalAccess> AccessAsync(string customerId = PortalFactory.DemoCustomer)
    {
        var configuration = await factory.WithDbAsync(db => db.PortalConfigurations
            .Where(c => c.MerchantId == PortalFactory.DemoMerchant && c.IsDefault && !c.Livemode).Select(c => c.Id).SingleAsync());
        return new PortalAccess("bps_test", PortalFactory.DemoMerchant, false, customerId, configuration, "https://example.com/account", null);
    }

    /// <summary>A new customer of the demo merchant with invoices created at the given times.</summary>
    private async Task<(string CustomerId, List<Invoice> Invoices)> CustomerWithInvoicesAsync(IEnumerable<DateTimeOffset> created, InvoiceStatus status = InvoiceStatus.Paid)
    {
        var customerId = Ids.New("cust");
        var invoices = created.Select(at => new Invoice
        {
            Id = Ids.New("in"), MerchantId = PortalFactory.DemoMerchant, CustomerId = customerId, Number = $"Q-{Ids.RandomBase62(8)}",
            Status = status, Currency = "usd", Subtotal = 1000, Total = 1000, AmountDue = 1000, Created = at, PeriodStart = at, PeriodEnd = at.AddMonths(1),
        }).ToList();
        await factory.WithDbAsync(async db =>
        {
            db.Customers.Add(new Customer { Id = customerId, MerchantId = PortalFactory.DemoMerchant, Name = "Query Person", Created = factory.Time.GetUtcNow() });
            db.Invoices.AddRange(invoices);
            await db.SaveChangesAsync();
        });
        return (customerId, invoices);
    }

    /// <summary>Follows "Show more" to the end, as the page does.</summary>
    private async Task<List<List<string>>> WalkAsync(PortalAccess access, int pageSize = InvoiceQueries.PageSize)
    {
        var pages = new List<List<string>>();
        string? before = null;
        while (true)
        {
            var page = await Queries.ListAsync(access, before, pageSize);
            pages.Add([.. page.Invoices.Select(i => i.Number)]);
            if (!page.HasMore)
            {
                return pages;
            }
            before = page.Invoices[^1].Id;
        }
    }

    [Fact]
    public async Task Keyset_pages_walk_all_twelve_demo_invoices_newest_first_without_gaps_or_repeats()
    {
        var pages = await WalkAsync(await AccessAsync(), pageSize: 5);

        Assert.Equal([5, 5, 2], pages.Select(p => p.Count));
        Assert.Equal([.. Enumerable.Range(1, 12).Reverse().Select(n => $"ACME-{n:D4}")], pages.SelectMany(p => p));
    }

    [Fact]
    public async Task A_page_is_twenty_rows_and_says_whether_more_follow()
    {
        var (customerId, _) = await CustomerWithInvoicesAsync(Enumerable.Range(0, 21).Select(i => factory.Time.GetUtcNow().AddDays(-i)));
        var access = await AccessAsync(customerId);

        var first = await Queries.ListAsync(access);
        var second = await Queries.ListAsync(access, first.Invoices[^1].Id);

        Assert.Equal((20, true), (first.Invoices.Count, first.HasMore));
        Assert.Equal((1, false), (second.Invoices.Count, second.HasMore));
    }

    [Fact]
    public async Task Ties_on_created_are_ordered_by_id_across_page_boundaries()
    {
        var at = factory.Time.GetUtcNow().AddDays(-2);
        var (customerId, invoices) = await CustomerWithInvoicesAsync(Enumerable.Repeat(at, 25).Append(at.AddDays(1)).Append(at.AddDays(-1)));

        var pages = await WalkAsync(await AccessAsync(customerId));

        Assert.Equal([20, 7], pages.Select(p => p.Count));
        var expected = invoices.OrderByDescending(i => i.Created).ThenByDescending(i => i.Id, StringComparer.Ordinal).Select(i => i.Number);
        Assert.Equal(expected, pages.SelectMany(p => p));
    }

    [Fact]
    public async Task Another_customers_invoice_is_not_found_and_their_cursor_ends_the_list()
    {
        var (otherId, _) = await CustomerWithInvoicesAsync([factory.Time.GetUtcNow()]);
        var other = await AccessAsync(otherId);
        var demoInvoice = await factory.WithDbAsync(db => db.Invoices.SingleAsync(i => i.Number == "ACME-0012"));

        Assert.Null(await Queries.GetAsync(other, demoInvoice.Id));
        Assert.DoesNotContain((await Queries.ListAsync(other)).Invoices, i => i.Number.StartsWith("ACME-", StringComparison.Ordinal));
        // A cursor the browser made up from someone else's id gives nothing, not their neighbours.
        Assert.Empty((await Queries.ListAsync(other, before: demoInvoice.Id)).Invoices);
        Assert.NotNull(await Queries.GetAsync(await AccessAsync(), demoInvoice.Id));
    }

    [Fact]
    public async Task The_same_customer_in_the_other_mode_sees_nothing()
    {
        var demoInvoice = await factory.WithDbAsync(db => db.Invoices.SingleAsync(i => i.Number == "ACME-0011"));
        var live = await AccessAsync() with { Livemode = true };

        Assert.Null(await Queries.GetAsync(live, demoInvoice.Id));
        Assert.Empty((await Queries.ListAsync(live)).Invoices);
    }

    [Fact]
    public async Task Drafts_are_not_shown_to_customers()
    {
        var (customerId, invoices) = await CustomerWithInvoicesAsync([factory.Time.GetUtcNow()], InvoiceStatus.Draft);
        var access = await AccessAsync(customerId);

        Assert.Empty((await Queries.ListAsync(access)).Invoices);
        Assert.Null(await Queries.GetAsync(access, invoices[0].Id));
    }

    [Fact]
    public async Task An_invoice_reads_with_its_lines_bill_to_and_the_card_that_paid_it()
    {
        var demoInvoice = await factory.WithDbAsync(db => db.Invoices.SingleAsync(i => i.Number == "ACME-0012"));
        var card = await factory.WithDbAsync(db => db.PaymentMethods.FirstAsync(p => p.CustomerId == PortalFactory.DemoCustomer));
        await factory.WithDbAsync(db => db.Invoices.Where(i => i.Id == demoInvoice.Id).ExecuteUpdateAsync(i => i.SetProperty(x => x.PaymentMethodId, card.Id)));

        var invoice = (await Queries.GetAsync(await AccessAsync(), demoInvoice.Id))!;

        Assert.Equal(("ACME-0012", InvoiceStatus.Paid, 4900L, 0L), (invoice.Number, invoice.Status, invoice.Total, invoice.AmountRemaining));
        Assert.Equal("Pro (monthly)", Assert.Single(invoice.Lines).Description);
        Assert.Equal(new InvoiceCard("visa", "4242"), invoice.Card);
        Assert.Null(invoice.PayWith); // only an open invoice is paid with the default card
        Assert.Equal(["548 Market St", "San Francisco, CA 94104", "United States"], invoice.BillTo.AddressLines);
        Assert.Equal("Acme Cloud", invoice.MerchantName);
    }

    [Fact]
    public async Task History_pages_ask_the_database_for_no_offset_and_no_count()
    {
        var access = await AccessAsync();
        var first = await Queries.ListAsync(access, pageSize: 5);
        var before = factory.Logs.Lines.Count;

        await Queries.ListAsync(access, first.Invoices[^1].Id, pageSize: 5);

        var commands = factory.Logs.Lines.Skip(before).Where(l => l.Contains("Executed DbCommand", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(commands);
        Assert.All(commands, sql =>
        {
            Assert.DoesNotContain("OFFSET", sql, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("COUNT(", sql, StringComparison.OrdinalIgnoreCase);
        });
        Assert.Contains(commands, sql => sql.Contains("LIMIT", StringComparison.Ordinal));
    }
}
