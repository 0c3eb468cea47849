using System.Globalization;
using System.Resources;
using PdfSharp.Drawing;
using PdfSharp.Pdf;
using Vinr.Portal.Api.Features.Discounts;
using Vinr.Portal.Api.Infrastructure;

namespace Vinr.Portal.Api.Features.Invoices;

/// <summary>Everything an invoice PDF shows, already resolved from the merchant, customer and invoice.</summary>
/// <param name="Number">Human-facing number, e.g. <c>ACME-0012</c>.</param>
/// <param name="Status">Shown as Paid, Due, Void, Draft or Uncollectible.</param>
/// <param name="Created">The date of issue.</param>
/// <param name="PaidAt">Shown as the date paid when set.</param>
/// <param name="PeriodStart">Start of the service period the invoice covers.</param>
/// <param name="PeriodEnd">End of the service period the invoice covers.</param>
/// <param name="MerchantName">The seller, shown large at the top and as the PDF's author.</param>
/// <param name="MerchantEmail">Where the customer can ask about the invoice.</param>
/// <param name="CustomerName">First line of the bill-to block.</param>
/// <param name="CustomerEmail">Shown under the customer's name when set.</param>
/// <param name="CustomerAddressLines">Postal address, one line each, already in the order to print.</param>
/// <param name="CustomerTaxId">The customer's VAT or tax number, when they gave one.</param>
/// <param name="Currency">ISO currency of every amount, e.g. <c>usd</c>.</param>
/// <param name="Lines">The invoice's lines, in order.</param>
/// <param name="Subtotal">Sum of the lines, in minor units.</param>
/// <param name="Tax">Tax, in minor units.</param>
/// <param name="TaxAmounts">The tax of each rate, printed one row each (none: one "Tax" row).</param>
/// <param name="ReverseCharge">No VAT under the EU reverse charge: said in the totals and in a note.</param>
/// <param name="Total">Subtotal plus tax, in minor units.</param>
/// <param name="AmountPaid">What has been paid, in minor units.</param>
/// <param name="AmountDue">What is still owed, in minor units.</param>
/// <param name="Discount">The discount applied, printed as its own row under the subtotal; null when none.</param>
public sealed record InvoiceDocument(
    string Number, InvoiceStatus Status, DateTimeOffset Created, DateTimeOffset? PaidAt,
    DateTimeOffset PeriodStart, DateTimeOffset PeriodEnd,
    string MerchantName, string? MerchantEmail,
    string CustomerName, string? CustomerEmail, IReadOnlyList<string> CustomerAddressLines, string? CustomerTaxId,
    string Currency, IReadOnlyList<InvoiceDocumentLine> Lines,
    long Subtotal, long Tax, long Total, long AmountPaid, long AmountDue,
    IReadOnlyList<InvoiceTaxAmount> TaxAmounts, bool ReverseCharge, InvoiceDiscount? Discount = null);

/// <summary>One row of the invoice table.</summary>
/// <param name="Description">What was billed; long text wraps within its column.</param>
/// <param name="Quantity">How many units.</param>
/// <param name="Amount">The line's amount in minor units of the invoice's currency.</param>
/// <param name="PeriodStart">Start of the period this line covers.</param>
/// <param name="PeriodEnd">End of the period this line covers.</param>
public sealed record InvoiceDocumentLine(string Description, long Quantity, long Amount, DateTimeOffset PeriodStart, DateTimeOffset PeriodEnd);

/// <summary>Renders an <see cref="InvoiceDocument"/> as an A4 PDF.</summary>
public static class InvoicePdf
{
    // Resources/Features/Invoices/InvoicePdf(.fr|.de|.es).resx. The culture is a parameter, not the thread's:
    // the merchant API prints English, the portal prints the customer's language.
    private static readonly ResourceManager Words = new("Vinr.Portal.Api.Resources.Features.Invoices.InvoicePdf", typeof(InvoicePdf).Assembly);

    /// <summary>
    /// A4 PDF: merchant, "Invoice &lt;Number&gt;", status (Paid / Due / Void ...), dates, bill-to block
    /// (name, email, address lines, tax id), a table of lines (description, period, qty, amount),
    /// subtotal, tax, total, amount paid, amount due; a footer with page numbers.
    /// </summary>
    /// <param name="invoice">What to print.</param>
    /// <param name="culture">The language of the labels, and the format of amounts (through <see cref="Money.Format"/>), dates and quantities.</param>
    /// <returns>The PDF file's bytes.</returns>
    public static byte[] Render(InvoiceDocument invoice, CultureInfo culture)
    {
        ArgumentNullException.ThrowIfNull(invoice);
        ArgumentNullException.ThrowIfNull(culture);
        InvoiceFonts.EnsureRegistered();

        using var document = new PdfDocument();
        // Uncompressed content keeps the WinAnsi text greppable in the file, for tests and for tools
        // that search raw bytes; an invoice is a few kilobytes of text either way.
        document.Options.CompressContentStreams = false;
        // Document info is Unicode: keep it exact, only drawn text is normalised for WinAnsi.
        document.Info.Title = Word("Title", culture, invoice.Number);
        document.Info.Subject = Word("Subject", culture, Money.Format(invoice.Total, invoice.Currency, culture));
        document.Info.Author = invoice.MerchantName;
        document.Info.Creator = "VINR";

        new InvoiceLayout(document, invoice, culture).Draw();

        using var output = new MemoryStream();
        document.Save(output, false);
        return output.ToArray();
    }

    /// <summary>The label <paramref name="key"/> in <paramref name="culture"/>'s language (English when it has none), with its placeholders filled.</summary>
    private static string Word(string key, CultureInfo culture, params object[] args)
    {
        var text = Words.GetString(key, culture) ?? throw new InvalidOperationException($"No invoice PDF text '{key}'.");
        return args.Length == 0 ? text : string.Format(culture, text, args);
    }

    /// <summary>Paid, Due, Void, Uncollectible or Draft, in <paramref name="culture"/>'s language.</summary>
    private static string StatusLabel(InvoiceStatus status, CultureInfo culture) => Word(status switch
    {
        InvoiceStatus.Paid => "Paid",
        InvoiceStatus.Open => "Open",
        InvoiceStatus.Void => "Void",
        InvoiceStatus.Uncollectible => "Uncollectible",
        _ => "Draft",
    }, culture);

    /// <summary>Lays one invoice out page by page; one instance per render, so nothing is shared between threads.</summary>
    private sealed class InvoiceLayout(PdfDocument document, InvoiceDocument invoice, CultureInfo culture)
    {
        // A4 in points, with margins wide enough for office printers.
        private const double PageWidth = 595.28;
        private const double PageHeight = 841.89;
        private const double Left = 50;
        private const double Right = PageWidth - 50;
        private const double Top = 48;
        private const double ContentBottom = PageHeight - 62;
        private const double FooterTop = PageHeight - 38;

        // Table columns: description takes what the numbers leave.
        private const double DescriptionWidth = 212;
        private const double PeriodLeft = 272;
        private const double PeriodWidth = 136;
        private const double QuantityRight = 452;
        private const double RowPadding = 6;
        private const double PillHeight = 15;

        // Totals: five rows, the gap above them and the space the two rules add.
        private const double TotalsRowHeight = 17;
        private const double NoteHeight = 30;

        // Subtotal, the discount, a row per rate (at least one), total, paid, due; two rules, and the reverse-charge note.
        private double TotalsHeight => 16 + (4 + (invoice.Discount is null ? 0 : 1) + Math.Max(1, invoice.TaxAmounts.Count)) * TotalsRowHeight + 2 * 4 + 3 + (invoice.ReverseCharge ? NoteHeight : 0);

        // Right-hand header column and the totals block share one left edge.
        private const double AsideLeft = 325;

        // A description longer than this many lines is cut, so one row can never outgrow a page.
        private const int MaxDescriptionLines = 12;

        private static readonly XColor Ink = XColor.FromArgb(0x1F, 0x29, 0x37);
        private static readonly XColor Muted = XColor.FromArgb(0x6B, 0x72, 0x80);
        private static readonly XColor Rule = XColor.FromArgb(0xE5, 0xE7, 0xEB);
        private static readonly XColor StrongRule = XColor.FromArgb(0x9C, 0xA3, 0xAF);

        private readonly Face _merchant = new(20, bold: true);
        private readonly Face _title = new(14, bold: true);
        private readonly Face _label = new(7.5, bold: true);
        private readonly Face _body = new(9.5, bold: false);
        private readonly Face _bodyBold = new(9.5, bold: true);
        private readonly Face _due = new(11, bold: true);
        private readonly Face _small = new(8, bold: false);
        private readonly Face _pill = new(8, bold: true);

        private readonly XSolidBrush _ink = new(Ink);
        private readonly XSolidBrush _muted = new(Muted);
        private readonly XPen _rule = new(Rule, 0.5);
        private readonly XPen _strongRule = new(StrongRule, 0.75);

        private XGraphics? _gfx;
        private double _y;

        private XGraphics Gfx => _gfx ?? throw new InvalidOperationException("No page is open.");

        public void Draw()
        {
            try
            {
                NewPage(continued: false);
                Header();
                Table();
                Totals();
            }
            finally
            {
                _gfx?.Dispose();
                _gfx = null;
            }

            Footers();
        }

        private void NewPage(bool continued)
        {
            _gfx?.Dispose();
            var page = document.AddPage();
            page.Size = PdfSharp.PageSize.A4;
            _gfx = XGraphics.FromPdfPage(page);
            _y = Top;

            if (continued)
            {
                // Later pages say whose invoice they belong to, in case pages get separated.
                Text(Word("Title", culture, invoice.Number), _bodyBold, _ink, Left, _y, XStringFormats.TopLeft);
                Text(Fit(invoice.MerchantName, _body, Right - AsideLeft), _body, _muted, Right, _y, XStringFormats.TopRight);
                _y += 32;
            }
        }

        private void Header()
        {
            foreach (var line in Wrap(invoice.MerchantName, _merchant, Right - Left))
            {
                Text(line, _merchant, _ink, Left, _y, XStringFormats.TopLeft);
                _y += _merchant.LineHeight;
            }

            if (!string.IsNullOrWhiteSpace(invoice.MerchantEmail))
            {
                Text(invoice.MerchantEmail, _body, _muted, Left, _y + 2, XStringFormats.TopLeft);
                _y += _body.LineHeight + 2;
            }

            _y += 22;
            var title = Fit(Word("Title", culture, invoice.Number), _title, Right - Left - 100);
            Text(title, _title, _ink, Left, _y, XStringFormats.TopLeft);
            StatusPill(Left + Width(title, _title) + 12, _y + (_title.LineHeight - PillHeight) / 2);
            _y += _title.LineHeight + 22;

            var top = _y;
            var billToBottom = BillTo(top);
            var detailsBottom = Details(top);
            _y = Math.Max(billToBottom, detailsBottom) + 30;
        }

        private void StatusPill(double x, double y)
        {
            var label = StatusLabel(invoice.Status, culture);
            var (text, fill) = invoice.Status switch
            {
                InvoiceStatus.Paid => (XColor.FromArgb(0x16, 0x65, 0x34), XColor.FromArgb(0xDC, 0xFC, 0xE7)),
                InvoiceStatus.Open => (XColor.FromArgb(0x92, 0x40, 0x0E), XColor.FromArgb(0xFE, 0xF3, 0xC7)),
                InvoiceStatus.Uncollectible => (XColor.FromArgb(0x99, 0x1B, 0x1B), XColor.FromArgb(0xFE, 0xE2, 0xE2)),
                _ => (XColor.FromArgb(0x37, 0x41, 0x51), XColor.FromArgb(0xE5, 0xE7, 0xEB)),
            };
            var width = Width(label, _pill) + 16;
            Gfx.DrawRoundedRectangle(new XSolidBrush(fill), x, y, width, PillHeight, PillHeight, PillHeight);
            // Centred by the font's cap height, not its line box, so the word sits in the middle of the pill.
            Text(label, _pill, new XSolidBrush(text), x + width / 2, y + PillHeight / 2 + _pill.Size * 0.36, XStringFormats.BaseLineCenter);
        }

        private double BillTo(double y)
        {
            const double width = AsideLeft - Left - 30;
            Text(Word("BillTo", culture).ToUpper(culture), _label, _muted, Left, y, XStringFormats.TopLeft);
            y += _label.LineHeight + 4;

            foreach (var line in Wrap(invoice.CustomerName, _bodyBold, width))
            {
                Text(line, _bodyBold, _ink, Left, y, XStringFormats.TopLeft);
                y += _body.LineHeight;
            }

            var rest = new List<string>();
            if (!string.IsNullOrWhiteSpace(invoice.CustomerEmail))
            {
                rest.Add(invoice.CustomerEmail);
            }

            rest.AddRange(invoice.CustomerAddressLines.Where(line => !string.IsNullOrWhiteSpace(line)));
            if (!string.IsNullOrWhiteSpace(invoice.CustomerTaxId))
            {
                rest.Add(Word("TaxId", culture, invoice.CustomerTaxId));
            }

            foreach (var line in rest.SelectMany(text => Wrap(text, _body, width)))
            {
                Text(line, _body, _ink, Left, y, XStringFormats.TopLeft);
                y += _body.LineHeight;
            }

            return y;
        }

        private double Details(double y)
        {
            Text(Word("Details", culture).ToUpper(culture), _label, _muted, AsideLeft, y, XStringFormats.TopLeft);
            y += _label.LineHeight + 4;

            var rows = new List<(string Label, string Value, Face Face)>
            {
                (Word("InvoiceNumber", culture), invoice.Number, _body),
                (Word("DateOfIssue", culture), Date(invoice.Created), _body),
            };
            if (invoice.PaidAt is { } paidAt)
            {
                rows.Add((Word("DatePaid", culture), Date(paidAt), _body));
            }

            rows.Add((Word("ServicePeriod", culture), Period(invoice.PeriodStart, invoice.PeriodEnd), _body));
            rows.Add((Word("AmountDue", culture), Amount(invoice.AmountDue), _bodyBold));

            // Room for the longest label in this language (German's are long), and never less than English needs.
            var labelWidth = Math.Max(88, rows.Max(row => Width(row.Label, _body)) + 10);
            foreach (var (label, value, face) in rows)
            {
                Text(label, _body, _muted, AsideLeft, y, XStringFormats.TopLeft);
                var lines = Wrap(value, face, Right - AsideLeft - labelWidth);
                foreach (var line in lines)
                {
                    Text(line, face, _ink, Right, y, XStringFormats.TopRight);
                    y += _body.LineHeight;
                }

                y += 2;
            }

            return y;
        }

        private void Table()
        {
            TableHeader();
            for (var index = 0; index < invoice.Lines.Count; index++)
            {
                var line = invoice.Lines[index];
                var description = Wrap(line.Description, _body, DescriptionWidth);
                if (description.Count > MaxDescriptionLines)
                {
                    description = [.. description.Take(MaxDescriptionLines - 1), Fit(string.Join(' ', description.Skip(MaxDescriptionLines - 1)), _body, DescriptionWidth)];
                }

                var period = PeriodLines(line.PeriodStart, line.PeriodEnd);
                var height = RowPadding * 2 + Math.Max(description.Count, period.Count) * _body.LineHeight;
                // The last row takes the totals with it, so a page never starts with totals alone.
                var keepWithNext = index == invoice.Lines.Count - 1 ? TotalsHeight : 0;
                if (_y + height + keepWithNext > ContentBottom)
                {
                    NewPage(continued: true);
                    TableHeader();
                }

                var y = _y + RowPadding;
                for (var i = 0; i < description.Count; i++)
                {
                    Text(description[i], _body, _ink, Left, y + i * _body.LineHeight, XStringFormats.TopLeft);
                }

                for (var i = 0; i < period.Count; i++)
                {
                    Text(period[i], _body, _muted, PeriodLeft, y + i * _body.LineHeight, XStringFormats.TopLeft);
                }

                Text(line.Quantity.ToString("N0", culture), _body, _ink, QuantityRight, y, XStringFormats.TopRight);
                Text(Amount(line.Amount), _body, _ink, Right, y, XStringFormats.TopRight);

                _y += height;
                Gfx.DrawLine(_rule, Left, _y, Right, _y);
            }

            if (invoice.Lines.Count == 0)
            {
                Text(Word("NoLines", culture), _body, _muted, Left, _y + RowPadding, XStringFormats.TopLeft);
                _y += RowPadding * 2 + _body.LineHeight;
                Gfx.DrawLine(_rule, Left, _y, Right, _y);
            }
        }

        private void TableHeader()
        {
            Text(Word("Description", culture).ToUpper(culture), _label, _muted, Left, _y, XStringFormats.TopLeft);
            Text(Word("Period", culture).ToUpper(culture), _label, _muted, PeriodLeft, _y, XStringFormats.TopLeft);
            Text(Word("Qty", culture).ToUpper(culture), _label, _muted, QuantityRight, _y, XStringFormats.TopRight);
            Text(Word("Amount", culture).ToUpper(culture), _label, _muted, Right, _y, XStringFormats.TopRight);
            _y += _label.LineHeight + 5;
            Gfx.DrawLine(_strongRule, Left, _y, Right, _y);
        }

        private void Totals()
        {
            (string Label, long Amount, Face Face, bool RuleAbove)[] taxRows = invoice.TaxAmounts.Count > 0
                ? [.. invoice.TaxAmounts.Select(t => (TaxLabel(t), t.Amount, _body, false))]
                : [(Word(invoice.ReverseCharge ? "ReverseCharge" : "Tax", culture), invoice.Tax, _body, false)];
            (string Label, long Amount, Face Face, bool RuleAbove)[] rows =
            [
                (Word("Subtotal", culture), invoice.Subtotal, _body, false),
                .. invoice.Discount is { } discount ? [(DiscountLabel(discount.Terms), -discount.Amount, _body, false)] : Array.Empty<(string, long, Face, bool)>(),
                .. taxRows,
                (Word("Total", culture), invoice.Total, _bodyBold, true),
                (Word("AmountPaid", culture), invoice.AmountPaid, _body, false),
                (Word("AmountDue", culture), invoice.AmountDue, _due, true),
            ];

            if (_y + TotalsHeight > ContentBottom)
            {
                NewPage(continued: true);
            }

            _y += 16;
            foreach (var (label, amount, face, ruleAbove) in rows)
            {
                if (ruleAbove)
                {
                    // Room on both sides of the rule, or it crowds the descenders of the row above.
                    _y += 4;
                    Gfx.DrawLine(_rule, AsideLeft, _y - 5, Right, _y - 5);
                }

                // Plain rows have muted labels; the two that matter (total, amount due) are bold throughout.
                Text(label, face, face == _body ? _muted : _ink, AsideLeft, _y, XStringFormats.TopLeft);
                Text(Amount(amount), face, _ink, Right, _y, XStringFormats.TopRight);
                _y += face == _due ? TotalsRowHeight + 3 : TotalsRowHeight;
            }
            if (invoice.ReverseCharge)
            {
                // The wording EU law asks of a reverse-charged invoice (Directive 2006/112/EC, art. 226).
                _y += 8;
                Text(Fit(Word("ReverseChargeNote", culture), _small, Right - Left), _small, _muted, Left, _y, XStringFormats.TopLeft);
                _y += NoteHeight - 8;
            }
        }

        /// <summary>"Discount: Win-back (50 % off)": the coupon as the invoice applied it.</summary>
        private string DiscountLabel(DiscountTerms discount)
        {
            var off = discount.PercentOffBasisPoints is { } basisPoints
                ? Word("PercentOff", culture, (basisPoints / 100m).ToString("0.##", culture))
                : Word("AmountOff", culture, Money.Format(discount.AmountOff ?? 0, discount.Currency ?? invoice.Currency, culture));
            return discount.CouponName is { Length: > 0 } name ? Word("DiscountNamed", culture, name, off) : Word("DiscountUnnamed", culture, off);
        }

        /// <summary>"TVA 20 %", "USt. 19 % (included)": the rate as the invoice applied it.</summary>
        private string TaxLabel(InvoiceTaxAmount tax) =>
            Word(tax.Rate.Inclusive ? "TaxRateIncluded" : "TaxRate", culture, tax.Rate.DisplayName, (tax.Rate.BasisPoints / 100m).ToString("0.##", culture));

        // "Page 1 of N" needs N, so footers are drawn once every page exists, appended to each page's content.
        private void Footers()
        {
            var count = document.PageCount;
            for (var i = 0; i < count; i++)
            {
                using var gfx = XGraphics.FromPdfPage(document.Pages[i], XGraphicsPdfPageOptions.Append);
                // Text and Width draw on, and measure with, the current page's graphics.
                _gfx = gfx;
                gfx.DrawLine(_rule, Left, FooterTop - 8, Right, FooterTop - 8);
                var pageText = Word("PageOf", culture, i + 1, count);
                var left = Fit($"{invoice.MerchantName} \u00B7 {Word("Title", culture, invoice.Number)}", _small, Right - Left - Width(pageText, _small) - 24);
                Text(left, _small, _muted, Left, FooterTop, XStringFormats.TopLeft);
                Text(pageText, _small, _muted, Right, FooterTop, XStringFormats.TopRight);
                _gfx = null;
            }
        }

        private string Amount(long minorUnits) => Money.Format(minorUnits, invoice.Currency, culture);

        private string Date(DateTimeOffset date) =>
            // German writes the day as an ordinal ("26. Nov. 2026"); every other culture gets "26 Nov 2026"
            // in its own month names.
            date.ToString(culture.TwoLetterISOLanguageName == "de" ? "d. MMM yyyy" : "d MMM yyyy", culture);

        private string Period(DateTimeOffset start, DateTimeOffset end) =>
            start.Date == end.Date ? Date(start) : $"{Date(start)} \u2013 {Date(end)}";

        private List<string> PeriodLines(DateTimeOffset start, DateTimeOffset end)
        {
            var period = Period(start, end);
            // Too wide for the column: break at the dash rather than inside a date.
            return Width(period, _body) <= PeriodWidth ? [period] : [$"{Date(start)} \u2013", Date(end)];
        }

        private double Width(string text, Face face)
        {
            var printable = WinAnsi.Normalise(text);
            return Gfx.MeasureString(printable, face.For(printable)).Width;
        }

        private void Text(string text, Face face, XBrush brush, double x, double y, XStringFormat format)
        {
            var printable = WinAnsi.Normalise(text);
            Gfx.DrawString(printable, face.For(printable), brush, x, y, format);
        }

        /// <summary>Breaks text into lines no wider than <paramref name="width"/>, at spaces where it can.</summary>
        private List<string> Wrap(string text, Face face, double width)
        {
            var lines = new List<string>();
            var current = "";
            foreach (var word in WinAnsi.Normalise(text).Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                var candidate = current.Length == 0 ? word : $"{current} {word}";
                if (Width(candidate, face) <= width)
                {
                    current = candidate;
                    continue;
                }

                if (current.Length > 0)
                {
                    lines.Add(current);
                }

                current = word;
                // A word wider than the column (a URL, an id) is broken between characters.
                while (Width(current, face) > width && current.Length > 1)
                {
                    var fits = 1;
                    while (fits < current.Length && Width(current[..(fits + 1)], face) <= width)
                    {
                        fits++;
                    }

                    lines.Add(current[..fits]);
                    current = current[fits..];
                }
            }

            if (current.Length > 0 || lines.Count == 0)
            {
                lines.Add(current);
            }

            return lines;
        }

        /// <summary>Cuts text to one line of <paramref name="width"/>, ending with an ellipsis if anything was cut.</summary>
        private string Fit(string text, Face face, double width)
        {
            var printable = WinAnsi.Normalise(text);
            if (Width(printable, face) <= width)
            {
                return printable;
            }

            var length = printable.Length;
            while (length > 0 && Width($"{printable[..length].TrimEnd()}\u2026", face) > width)
            {
                length--;
            }

            return $"{printable[..length].TrimEnd()}\u2026";
        }
    }

    /// <summary>One size and weight of Liberation Sans, in both encodings.</summary>
    private sealed class Face(double size, bool bold)
    {
        private readonly XFont _winAnsi = new(InvoiceFonts.Family, size, bold ? XFontStyleEx.Bold : XFontStyleEx.Regular,
            new XPdfFontOptions(PdfFontEncoding.WinAnsi));

        private readonly Lazy<XFont> _unicode = new(() => new XFont(InvoiceFonts.Family, size, bold ? XFontStyleEx.Bold : XFontStyleEx.Regular,
            new XPdfFontOptions(PdfFontEncoding.Unicode)), LazyThreadSafetyMode.None);

        public double Size => size;

        /// <summary>Generous leading: invoices are read by people checking numbers.</summary>
        public double LineHeight => size * 1.35;

        /// <summary>
        /// WinAnsi keeps text as plain bytes in the file (searchable by anything); a name in, say, Polish or
        /// Greek does not fit it, and is drawn with the Unicode encoding instead, which PDF viewers still
        /// search through the font's ToUnicode map.
        /// </summary>
        public XFont For(string printable) => WinAnsi.CanEncode(printable) ? _winAnsi : _unicode.Value;
    }

    /// <summary>What the PDF's WinAnsiEncoding (Windows-1252) can show.</summary>
    private static class WinAnsi
    {
        // Windows-1252's printable characters in 0x80-0x9F, which differ from Latin-1's control codes.
        private const string High = "\u20AC\u201A\u0192\u201E\u2026\u2020\u2021\u02C6\u2030\u0160\u2039\u0152\u017D"
            + "\u2018\u2019\u201C\u201D\u2022\u2013\u2014\u02DC\u2122\u0161\u203A\u0153\u017E\u0178";

        public static bool CanEncode(string text)
        {
            foreach (var c in text)
            {
                if (!(c is >= ' ' and <= '~' || c is >= '\u00A0' and <= '\u00FF' || High.Contains(c, StringComparison.Ordinal)))
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>
        /// Cultures format numbers with narrow or non-breaking spaces (fr, de) that WinAnsi lacks or PDFsharp
        /// drops: every kind of space becomes a plain one, and the typographic minus a hyphen.
        /// </summary>
        public static string Normalise(string text)
        {
            if (text.All(c => c is >= ' ' and <= '~'))
            {
                return text;
            }

            return string.Create(text.Length, text, static (span, source) =>
            {
                for (var i = 0; i < source.Length; i++)
                {
                    var c = source[i];
                    span[i] = c switch
                    {
                        '\u2212' or '\u2010' or '\u2011' => '-',
                        _ when char.IsWhiteSpace(c) || char.GetUnicodeCategory(c) == UnicodeCategory.SpaceSeparator => ' ',
                        _ => c,
                    };
                }
            });
        }
    }
}
