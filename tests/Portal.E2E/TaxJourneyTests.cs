using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Vinr.Portal.E2E;

/// <summary>
/// Tax as customers meet it: a French customer sees VAT beside prices, per rate in the plan-change preview
/// (inside "due today") and on the invoice charged; a German business enters its VAT number (a wrong one is
/// refused), and its upgrade is invoiced under the reverse charge, without VAT and with the legal note.
/// </summary>
public sealed partial class TaxJourneyTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    /// <summary>The merchant's French VAT and German VAT, and the EU reverse charge from France (its origin).</summary>
    private async Task SetUpTaxAsync()
    {
        using var api = fixture.Server.CreateApiClient();
        var existing = await api.GetFromJsonAsync<JsonElement>("/v1/tax_rates?active=true");
        if (existing.GetProperty("data").GetArrayLength() > 0)
        {
            return;
        }
        await PostAsync(api, "/v1/tax_rates", ("display_name", "TVA"), ("percentage", "20"), ("inclusive", "false"), ("country", "FR"), ("jurisdiction", "France"));
        await PostAsync(api, "/v1/tax_rates", ("display_name", "MwSt."), ("percentage", "19"), ("inclusive", "false"), ("country", "DE"));
        await PostAsync(api, "/v1/billing/settings", ("tax[origin_country]", "FR"), ("tax[reverse_charge]", "true"));
    }

    private Task<string> CustomerInAsync(string country, string city) =>
        fixture.Server.WithDbAsync(async db =>
        {
            var id = await PortalServer.AddCustomerAsync(db);
            var customer = await db.Customers.SingleAsync(c => c.Id == id);
            (customer.Address.Country, customer.Address.City, customer.Address.Line1, customer.Address.PostalCode) = (country, city, "1 rue de la Paix", "75002");
            await db.SaveChangesAsync();
            return id;
        });

    private async Task<IPage> OpenAsync(string customer, string locale, bool phone)
    {
        var session = await fixture.Server.CreateSessionAsync(customer, parameters: ("locale", locale));
        var page = await fixture.NewPageAsync(phone);
        await page.GotoAsync(session.GetProperty("url").GetString()!);
        await page.Locator("form button[type=submit]").ClickAsync();
        await Portal.WaitForCircuitAsync(page);
        return page;
    }

    /// <summary>An amount as the page prints it ("58,80 $", "$58.80", "-13,00 $") in minor units.</summary>
    private static long Cents(string text) => long.Parse(NotDigits().Replace(text, ""), System.Globalization.CultureInfo.InvariantCulture) * (text.Contains('-', StringComparison.Ordinal) ? -1 : 1);

    private static long Vat(long amount, int percent) => (long)Math.Round(amount * percent / 100m, MidpointRounding.AwayFromZero);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_french_customer_sees_vat_beside_prices_in_the_preview_and_on_the_invoice_charged(bool phone)
    {
        var size = phone ? "360" : "1280";
        await SetUpTaxAsync();
        var page = await OpenAsync(await CustomerInAsync("FR", "Paris"), "fr", phone);

        await Expect(page.GetByTestId("subscription").GetByTestId("price-tax")).ToHaveTextAsync("+ TVA 20 %");
        await page.GetByTestId("upcoming-invoice-link").ClickAsync();
        await Expect(page.GetByTestId("tax-rate")).ToHaveTextAsync("TVA 20 %");
        await Expect(page.GetByTestId("tax-amount")).ToHaveTextAsync(new Regex(@"^9,80\s\$$"));
        await Expect(page.GetByTestId("upcoming-total")).ToHaveTextAsync(new Regex(@"^58,80\s\$$"));
        await BrowserFixture.ScreenshotAsync(page, $"80-upcoming-invoice-vat-fr-{size}");
        await Accessibility.AssertEverywhereAsync(page, "upcoming-invoice-vat-fr");

        await page.GotoAsync($"{fixture.Server.BaseUrl}/");
        await Portal.WaitForCircuitAsync(page);
        await page.GetByRole(AriaRole.Link, new() { Name = "Changer de formule" }).ClickAsync();
        var business = page.Locator("[data-plan=Business]");
        await Expect(business.GetByTestId("price-tax")).ToHaveTextAsync("+ TVA 20 %");
        await business.Locator("input").FillAsync("3"); // 3 seats: an upgrade, charged today
        await business.GetByRole(AriaRole.Button, new() { Name = "Choisir Business" }).ClickAsync();

        var preview = page.GetByTestId("preview-lines");
        await Expect(preview.GetByTestId("preview-tax")).ToContainTextAsync("TVA 20 %");
        var rows = await preview.Locator("tr").AllInnerTextsAsync();
        var lines = rows.TakeWhile(r => !r.StartsWith("Sous-total", StringComparison.Ordinal)).Select(r => Cents(r.Split('\t')[^1])).ToList();
        var subtotal = Cents(rows.Single(r => r.StartsWith("Sous-total", StringComparison.Ordinal)).Split('\t')[^1]);
        var tax = Cents((await preview.GetByTestId("preview-tax").InnerTextAsync()).Split('\t')[^1]);
        Assert.Equal(lines.Sum(), subtotal);
        Assert.Equal(lines.Sum(l => Vat(l, 20)), tax); // rounded per line, then summed
        var dueToday = await page.GetByTestId("due-today").InnerTextAsync();
        Assert.Equal(subtotal + tax, Cents(dueToday));
        await BrowserFixture.ScreenshotAsync(page, $"81-plan-preview-vat-fr-{size}");
        await Accessibility.AssertEverywhereAsync(page, "plan-preview-vat-fr");
        await page.GetByTestId("confirm-change").ClickAsync();

        var latest = page.GetByTestId("invoices").Locator("tbody tr").First;
        await Expect(latest).ToContainTextAsync(dueToday);
        await latest.GetByRole(AriaRole.Link).ClickAsync();
        var totals = page.GetByTestId("totals");
        await Expect(totals.GetByTestId("tax-rate")).ToHaveTextAsync("TVA 20 %");
        Assert.Equal(tax, Cents(await totals.GetByTestId("tax-amount").InnerTextAsync()));
        await Expect(totals.Locator("dd.total")).ToHaveTextAsync(dueToday);
        await Expect(page.GetByTestId("amount-due")).ToHaveTextAsync(new Regex(@"^0,00\s\$$"));
        await BrowserFixture.ScreenshotAsync(page, $"82-invoice-vat-fr-{size}");
        Assert.Contains("TVA 20 %", await SavePdfAsync(page, $"82-invoice-vat-fr-{size}"), StringComparison.Ordinal);
        await Accessibility.AssertEverywhereAsync(page, "invoice-vat-fr");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_german_business_enters_its_vat_number_and_is_invoiced_under_the_reverse_charge()
    {
        await SetUpTaxAsync();
        var page = await OpenAsync(await CustomerInAsync("DE", "Berlin"), "en", phone: false);
        await Expect(page.GetByTestId("subscription").GetByTestId("price-tax")).ToHaveTextAsync("+ MwSt. 19 %");

        await page.GetByTestId("edit-details").ClickAsync();
        var taxId = page.GetByLabel("Tax ID (optional)");
        await taxId.FillAsync("DE 123 456");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Expect(page.GetByText("Not a VAT number of Germany: check it against your VAT registration (for example DE123456789).", new() { Exact = true })).ToBeVisibleAsync();
        await BrowserFixture.ScreenshotAsync(page, "83-vat-number-refused");
        await taxId.FillAsync("DE 123 456 789");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Expect(page.GetByText("Billing details saved")).ToBeVisibleAsync();
        await Portal.NavigateAsync(page, "Overview");

        await Expect(page.GetByTestId("subscription").GetByTestId("price-tax")).ToHaveTextAsync("excl. VAT (reverse charge)");
        await page.GetByRole(AriaRole.Link, new() { Name = "Change plan" }).ClickAsync();
        await page.Locator("[data-plan=Business]").GetByLabel("Seats").FillAsync("3");
        await page.Locator("[data-plan=Business]").GetByRole(AriaRole.Button, new() { Name = "Choose Business" }).ClickAsync();
        var preview = page.GetByTestId("preview-lines");
        await Expect(preview.GetByTestId("preview-reverse-charge")).ToHaveTextAsync(new Regex(@"^Reverse charge\s*\$0\.00$"));
        await Expect(preview.GetByTestId("preview-tax")).ToHaveCountAsync(0);
        var subtotal = (await preview.Locator("tr.subtotal").InnerTextAsync()).Split('\t')[^1];
        var dueToday = await page.GetByTestId("due-today").InnerTextAsync();
        Assert.Equal(subtotal, dueToday);
        await BrowserFixture.ScreenshotAsync(page, "84-plan-preview-reverse-charge");
        await page.GetByTestId("confirm-change").ClickAsync();

        var latest = page.GetByTestId("invoices").Locator("tbody tr").First;
        await Expect(latest).ToContainTextAsync(dueToday);
        await latest.GetByRole(AriaRole.Link).ClickAsync();
        await Expect(page.GetByTestId("totals").GetByTestId("reverse-charge-row")).ToHaveTextAsync("Reverse charge");
        await Expect(page.GetByTestId("reverse-charge")).ToContainTextAsync("Article 196, Council Directive 2006/112/EC");
        await Expect(page.GetByText("DE123456789")).ToBeVisibleAsync(); // printed as VIES writes it
        await Expect(page.GetByTestId("totals").Locator("dd.total")).ToHaveTextAsync(dueToday);
        await BrowserFixture.ScreenshotAsync(page, "85-invoice-reverse-charge");
        var pdf = await SavePdfAsync(page, "85-invoice-reverse-charge");
        Assert.Contains("Article 196", pdf, StringComparison.Ordinal);
        Assert.Contains("DE123456789", pdf, StringComparison.Ordinal);
        await Accessibility.AssertEverywhereAsync(page, "invoice-reverse-charge");
        await page.Context.CloseAsync();
    }

    /// <summary>Downloads the invoice's PDF beside the screenshots, to be looked at (pdftoppm), after checking it is one.</summary>
    /// <returns>Its bytes as text, where its words can be found.</returns>
    private static async Task<string> SavePdfAsync(IPage page, string name)
    {
        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByTestId("download-pdf").ClickAsync());
        var path = Path.Combine(BrowserFixture.ScreenshotDirectory, $"{name}.pdf");
        await download.SaveAsAsync(path);
        var text = System.Text.Encoding.Latin1.GetString(await File.ReadAllBytesAsync(path));
        Assert.StartsWith("%PDF-", text, StringComparison.Ordinal);
        return text;
    }

    private static async Task PostAsync(HttpClient api, string path, params (string Key, string Value)[] form)
    {
        var response = await api.PostAsync(path, new FormUrlEncodedContent(form.Select(p => KeyValuePair.Create(p.Key, p.Value))));
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    [GeneratedRegex(@"[^\d]")]
    private static partial Regex NotDigits();
}
