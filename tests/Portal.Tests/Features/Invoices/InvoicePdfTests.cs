using System.Globalization;
using System.Text;
using PdfSharp.Pdf;
using PdfSharp.Pdf.IO;
using Vinr.Portal.Api.Features.Invoices;
using Vinr.Portal.Api.Features.Tax;

namespace Vinr.Portal.Tests.Features.Invoices;

public sealed class InvoicePdfTests
{
    private static readonly CultureInfo English = CultureInfo.GetCultureInfo("en-US");

    [Fact]
    public void Renders_a_pdf_that_names_the_invoice_and_its_total()
    {
        var bytes = InvoicePdf.Render(Sample(), English);

        Assert.Equal("%PDF-", Encoding.ASCII.GetString(bytes, 0, 5));
        var text = Latin1(bytes);
        Assert.Contains("ACME-0012", text, StringComparison.Ordinal);
        Assert.Contains("$49.00", text, StringComparison.Ordinal);
        Assert.Contains("Pro plan", text, StringComparison.Ordinal);
        Assert.Contains("Jenny Rosen", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Shows_the_bill_to_block_status_and_dates()
    {
        var text = Latin1(InvoicePdf.Render(Sample(), English));

        Assert.Contains("jenny@example.com", text, StringComparison.Ordinal);
        Assert.Contains("1 Main Street", text, StringComparison.Ordinal);
        Assert.Contains("Tax ID: DE123456789", text, StringComparison.Ordinal);
        Assert.Contains("(Paid)", text, StringComparison.Ordinal);
        Assert.Contains("26 Nov 2026", text, StringComparison.Ordinal);
        Assert.Contains("Page 1 of 1", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Document_info_names_the_invoice_total_and_merchant()
    {
        using var document = Open(InvoicePdf.Render(Sample(), English));

        Assert.Equal("Invoice ACME-0012", document.Info.Title);
        Assert.Equal("Total $49.00", document.Info.Subject);
        Assert.Equal("Acme Inc.", document.Info.Author);
        Assert.Equal("VINR", document.Info.Creator);
        Assert.Equal(1, document.PageCount);
    }

    [Fact]
    public void Two_hundred_lines_flow_onto_more_pages_with_the_header_repeated()
    {
        var invoice = Sample() with { Lines = [.. Enumerable.Range(1, 200).Select(i => Line($"Seat {i}", 4900))] };

        var bytes = InvoicePdf.Render(invoice, English);

        using var document = Open(bytes);
        Assert.True(document.PageCount > 1, $"{document.PageCount} page(s)");
        var text = Latin1(bytes);
        Assert.Contains("Seat 200", text, StringComparison.Ordinal);
        Assert.Equal(document.PageCount, Count(text, "(DESCRIPTION)"));
        Assert.Contains($"Page {document.PageCount} of {document.PageCount}", text, StringComparison.Ordinal);
    }

    [Fact]
    public void French_culture_formats_amounts_and_dates_the_french_way()
    {
        var french = CultureInfo.GetCultureInfo("fr-FR");
        var invoice = Sample() with { Subtotal = 123456, Total = 123456 };

        var bytes = InvoicePdf.Render(invoice, french);

        var text = Latin1(bytes);
        Assert.Contains("49,00 $", text, StringComparison.Ordinal);
        Assert.Contains("26 nov. 2026", text, StringComparison.Ordinal);
        // French groups thousands with a narrow no-break space, which WinAnsi lacks: the page shows a plain one.
        Assert.Contains("(1 234,56 $)", text, StringComparison.Ordinal);
        using var document = Open(bytes);
        // The info dictionary is Unicode and keeps the culture's exact text.
        Assert.Equal("Total\u00A0: 1\u202F234,56 $", document.Info.Subject);
    }

    [Fact]
    public void German_dates_have_an_ordinal_day_and_euros_print_as_the_euro_sign()
    {
        var invoice = Sample() with { Currency = "eur" };

        var text = Latin1(InvoicePdf.Render(invoice, CultureInfo.GetCultureInfo("de-DE")));

        Assert.Contains("26. Nov. 2026", text, StringComparison.Ordinal);
        // WinAnsi puts the euro sign at 0x80, which Latin-1 reads as U+0080.
        Assert.Contains("49,00 \u0080", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Labels_are_in_the_cultures_language()
    {
        var invoice = Sample() with { Status = InvoiceStatus.Open, PaidAt = null, AmountPaid = 0, AmountDue = 4900 };

        var french = Latin1(InvoicePdf.Render(invoice, CultureInfo.GetCultureInfo("fr-FR")));
        var german = Latin1(InvoicePdf.Render(invoice, CultureInfo.GetCultureInfo("de-DE")));

        // Drawn text is WinAnsi, which Latin-1 reads back as is (the apostrophe ’ is 0x92 there);
        // non-breaking spaces print as plain ones.
        foreach (var label in new[] { "(Facture ACME-0012)", "(FACTURÉ À)", "(Date d\u0092émission)", "(DESCRIPTION)", "(QTÉ)", "(Sous-total)", "(Montant dû)", "(N° de TVA : DE123456789)", "(À payer)", "(Page 1 sur 1)" })
        {
            Assert.Contains(label, french, StringComparison.Ordinal);
        }
        foreach (var label in new[] { "(Rechnung ACME-0012)", "(RECHNUNG AN)", "(Ausstellungsdatum)", "(BESCHREIBUNG)", "(MENGE)", "(Zwischensumme)", "(Fälliger Betrag)", "(Steuernummer: DE123456789)", "(Fällig)", "(Seite 1 von 1)" })
        {
            Assert.Contains(label, german, StringComparison.Ordinal);
        }
        Assert.DoesNotContain("(Amount due)", german, StringComparison.Ordinal);
        Assert.DoesNotContain("(Subtotal)", french, StringComparison.Ordinal);
    }

    [Fact]
    public void Names_outside_winansi_still_render()
    {
        var invoice = Sample() with { CustomerName = "Łukasz Żółw", CustomerAddressLines = ["ul. Długa 5", "00-238 Warszawa"] };

        var bytes = InvoicePdf.Render(invoice, English);

        using var document = Open(bytes);
        Assert.Equal(1, document.PageCount);
        Assert.Contains("00-238 Warszawa", Latin1(bytes), StringComparison.Ordinal);
    }

    [Fact]
    public void Each_rate_has_its_own_row_and_the_total_adds_the_exclusive_tax()
    {
        var vat = new AppliedRate("txr_1", "TVA", "FR", 2000, Inclusive: false);
        var invoice = Sample() with { Currency = "eur", Tax = 980, Total = 5_880, AmountPaid = 5_880, TaxAmounts = [new InvoiceTaxAmount(vat, 980)] };

        var text = Latin1(InvoicePdf.Render(invoice, CultureInfo.GetCultureInfo("fr-FR")));

        Assert.Contains("TVA 20 %", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Autoliquidation", text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_discount_prints_as_its_own_row_under_the_subtotal()
    {
        var terms = new Vinr.Portal.Api.Features.Discounts.DiscountTerms("di_1", "WINBACK", "Win-back", 5_000, null, null,
            Vinr.Portal.Api.Features.Discounts.CouponDuration.Forever, null, DateTimeOffset.UnixEpoch, null);

        var text = Latin1(InvoicePdf.Render(Sample() with { Discount = new InvoiceDiscount(terms, 2_450), Total = 2_450 }, English));

        // PDF string literals escape parentheses.
        Assert.Contains("Discount: Win-back \\(50 % off\\)", text, StringComparison.Ordinal);
        Assert.Contains("-$24.50", text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_reverse_charged_invoice_says_so_in_the_totals_and_in_a_note()
    {
        var text = Latin1(InvoicePdf.Render(Sample() with { ReverseCharge = true }, English));

        Assert.Contains("Reverse charge", text, StringComparison.Ordinal);
        Assert.Contains("Article 196", text, StringComparison.Ordinal);
        Assert.Contains("Tax ID: DE123456789", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Renders_concurrently_from_several_threads()
    {
        var invoice = Sample();
        var renders = Enumerable.Range(0, 8).Select(_ => Task.Run(() => InvoicePdf.Render(invoice, English)));

        var results = await Task.WhenAll(renders);

        Assert.All(results, bytes => Assert.Contains("$49.00", Latin1(bytes), StringComparison.Ordinal));
    }

    private static InvoiceDocument Sample() => new(
        Number: "ACME-0012", Status: InvoiceStatus.Paid,
        Created: new DateTimeOffset(2026, 11, 26, 9, 30, 0, TimeSpan.Zero), PaidAt: new DateTimeOffset(2026, 11, 26, 9, 31, 0, TimeSpan.Zero),
        PeriodStart: new DateTimeOffset(2026, 11, 26, 0, 0, 0, TimeSpan.Zero), PeriodEnd: new DateTimeOffset(2026, 12, 26, 0, 0, 0, TimeSpan.Zero),
        MerchantName: "Acme Inc.", MerchantEmail: "billing@acme.test",
        CustomerName: "Jenny Rosen", CustomerEmail: "jenny@example.com",
        CustomerAddressLines: ["1 Main Street", "Springfield, IL 62701", "United States"], CustomerTaxId: "DE123456789",
        Currency: "usd", Lines: [Line("Pro plan", 4900)],
        Subtotal: 4900, Tax: 0, Total: 4900, AmountPaid: 4900, AmountDue: 0, TaxAmounts: [], ReverseCharge: false);

    private static InvoiceDocumentLine Line(string description, long amount) => new(
        description, 1, amount, new DateTimeOffset(2026, 11, 26, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 12, 26, 0, 0, 0, TimeSpan.Zero));

    private static PdfDocument Open(byte[] bytes) => PdfReader.Open(new MemoryStream(bytes), PdfDocumentOpenMode.Import);

    private static string Latin1(byte[] bytes) => Encoding.Latin1.GetString(bytes);

    private static int Count(string text, string value)
    {
        var count = 0;
        for (var i = text.IndexOf(value, StringComparison.Ordinal); i >= 0; i = text.IndexOf(value, i + 1, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }
}
