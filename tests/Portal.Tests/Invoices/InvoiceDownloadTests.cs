using System.Net;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Vinr.Portal.Api.Features.BillingPortal.Sessions;
using Vinr.Portal.Api.Features.Customers;
using Vinr.Portal.Api.Features.Invoices;
using Vinr.Portal.Api.Features.PaymentMethods;
using Vinr.Portal.Api.Infrastructure;
using Vinr.Portal.Tests.Support;
using Vinr.Portal.Api.Features.Events;

namespace Vinr.Portal.Tests.Invoices;

/// <summary>The portal's invoice pages and PDF over HTTP, behind the portal cookie, and what one customer can do to another's invoices.</summary>
public sealed class InvoiceDownloadTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    private Task<string> DemoInvoiceIdAsync(string number = "ACME-0012") =>
        factory.WithDbAsync(db => db.Invoices.Where(i => i.Number == number).Select(i => i.Id).SingleAsync());

    /// <summary>Another customer of the demo merchant with a working default card and one open invoice (its number returned too).</summary>
    private async Task<(string CustomerId, string InvoiceId, string Number)> CustomerOwingAsync()
    {
        var now = factory.Time.GetUtcNow();
        var customerId = Ids.New("cust");
        var card = new PaymentMethod
        {
            Id = Ids.New("pm"), MerchantId = PortalFactory.DemoMerchant, CustomerId = customerId, Brand = "visa", Last4 = "4242",
            ExpMonth = 12, ExpYear = now.Year + 2, Fingerprint = "f", ProcessorReference = "testcard_succeeds_idor", Created = now,
        };
        var invoice = new Invoice
        {
            Id = Ids.New("in"), MerchantId = PortalFactory.DemoMerchant, CustomerId = customerId, Number = $"B-{Ids.RandomBase62(6)}",
            Status = InvoiceStatus.Open, Currency = "usd", Subtotal = 7700, Total = 7700, AmountDue = 7700, Created = now, PeriodStart = now, PeriodEnd = now.AddMonths(1),
        };
        await factory.WithDbAsync(async db =>
        {
            db.Customers.Add(new Customer { Id = customerId, MerchantId = PortalFactory.DemoMerchant, Name = "Bea Other", Email = "bea@example.org", DefaultPaymentMethodId = card.Id, Created = now });
            db.PaymentMethods.Add(card);
            db.Invoices.Add(invoice);
            await db.SaveChangesAsync();
        });
        return (customerId, invoice.Id, invoice.Number);
    }

    /// <summary>The access a redeemed session of <paramref name="customerId"/> has, as the circuit and the PDF endpoint see it.</summary>
    private async Task<PortalAccess> AccessOfAsync(string customerId)
    {
        var session = await factory.CreateSessionAsync(customerId);
        var sessions = factory.Services.GetRequiredService<PortalSessions>();
        var credential = (await sessions.RedeemAsync(session.GetProperty("id").GetString()!, Links.TokenOf(session), CancellationToken.None))?.Credential;
        return (await sessions.CheckAccessAsync(credential!, active: false, CancellationToken.None))!;
    }

    [Fact]
    public async Task The_pdf_is_a_private_attachment_named_after_the_invoice_with_its_total()
    {
        var (_, browser) = await factory.OpenPortalAsync();

        var response = await browser.GetAsync($"/portal/invoices/{await DemoInvoiceIdAsync()}/pdf");

        var text = await Pdfs.AssertAttachmentAsync(response, "ACME-0012");
        Assert.Contains("$49.00", text, StringComparison.Ordinal);
        Assert.Contains("ACME-0012", text, StringComparison.Ordinal);
        Assert.Contains("Jane Cooper", text, StringComparison.Ordinal);
        Assert.Contains("Acme Cloud", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_a_portal_cookie_there_is_no_pdf()
    {
        using var stranger = factory.CreateBrowser();

        var response = await stranger.GetAsync($"/portal/invoices/{await DemoInvoiceIdAsync()}/pdf");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/signed-out", response.Headers.Location?.OriginalString);
        Assert.NotEqual("application/pdf", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task An_ended_session_downloads_nothing()
    {
        var (_, browser) = await factory.OpenPortalAsync();
        await Links.PostFormAsync(browser, "/portal/return", antiforgeryToken: null);

        var response = await browser.GetAsync($"/portal/invoices/{await DemoInvoiceIdAsync()}/pdf");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
    }

    [Fact]
    public async Task A_missing_invoice_is_404()
    {
        var (_, browser) = await factory.OpenPortalAsync();

        Assert.Equal(HttpStatusCode.NotFound, (await browser.GetAsync("/portal/invoices/in_doesNotExist/pdf")).StatusCode);
    }

    [Fact]
    public async Task One_customer_cannot_read_download_or_pay_anothers_invoice()
    {
        var (victimId, victimInvoice, victimNumber) = await CustomerOwingAsync();
        var (_, browser) = await factory.OpenPortalAsync(); // the demo customer, signed in
        var attacker = await AccessOfAsync(PortalFactory.DemoCustomer);

        // Read: the invoice page answers "not found", the history does not list it, the query finds nothing.
        var page = await (await browser.GetAsync($"/invoices/{victimInvoice}")).Content.ReadAsStringAsync();
        Assert.Contains("Invoice not found", page, StringComparison.Ordinal);
        Assert.DoesNotContain(victimNumber, page, StringComparison.Ordinal);
        Assert.DoesNotContain("Bea Other", page, StringComparison.Ordinal);
        var history = await (await browser.GetAsync("/invoices")).Content.ReadAsStringAsync();
        Assert.Contains("ACME-0012", history, StringComparison.Ordinal);
        Assert.DoesNotContain(victimNumber, history, StringComparison.Ordinal);
        var queries = factory.Services.GetRequiredService<InvoiceQueries>();
        Assert.Null(await queries.GetAsync(attacker, victimInvoice));

        // Download: the same 404 as a missing invoice.
        var pdf = await browser.GetAsync($"/portal/invoices/{victimInvoice}/pdf");
        Assert.Equal(HttpStatusCode.NotFound, pdf.StatusCode);
        Assert.Empty(await pdf.Content.ReadAsByteArrayAsync());

        // Pay: the portal pays as the session's customer, so the victim's invoice is not payable from here.
        var payments = factory.Services.GetRequiredService<InvoicePayments>();
        var outcome = await payments.PayAsync(Actor.Portal(attacker), victimInvoice, paymentMethodId: null, CancellationToken.None);
        Assert.Equal(ProblemKind.NotFound, outcome.Problem?.Kind);
        var stored = await factory.WithDbAsync(db => db.Invoices.SingleAsync(i => i.Id == victimInvoice));
        Assert.Equal((InvoiceStatus.Open, 0, (string?)null), (stored.Status, stored.PaymentAttempts, stored.ChargeReference));

        // The victim's own session sees and can pay it: the 404s above are about ownership, not a broken page.
        var (_, victimBrowser) = await factory.OpenPortalAsync(customer: victimId);
        Assert.Equal(HttpStatusCode.OK, (await victimBrowser.GetAsync($"/portal/invoices/{victimInvoice}/pdf")).StatusCode);
        Assert.Contains(victimNumber, await (await victimBrowser.GetAsync($"/invoices/{victimInvoice}")).Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_invoice_history_off_the_pdf_is_not_served()
    {
        var (customerId, invoiceId, _) = await CustomerOwingAsync();
        var configurationId = await factory.WithDbAsync(db => db.PortalConfigurations
            .Where(c => c.MerchantId == PortalFactory.DemoMerchant && c.IsDefault && !c.Livemode).Select(c => c.Id).SingleAsync());
        var (_, browser) = await factory.OpenPortalAsync(customer: customerId);
        try
        {
            await SetInvoiceHistoryAsync(configurationId, false);

            Assert.Equal(HttpStatusCode.NotFound, (await browser.GetAsync($"/portal/invoices/{invoiceId}/pdf")).StatusCode);
        }
        finally
        {
            await SetInvoiceHistoryAsync(configurationId, true);
        }
    }

    private Task SetInvoiceHistoryAsync(string configurationId, bool on) =>
        factory.WithDbAsync(async db =>
        {
            var configuration = await db.PortalConfigurations.SingleAsync(c => c.Id == configurationId);
            configuration.Features.InvoiceHistory = on;
            await db.SaveChangesAsync();
        });
}
