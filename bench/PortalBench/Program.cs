// Time to interactive after Continue, in headless Chromium, against a static page of the same app.
// Usage: dotnet run --project bench/PortalBench -c Release -- <base url> <api key> <runs>
// Prints one line per measure: "name p50_ms p95_ms".
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;

var (baseUrl, key, runs) = (args[0], args[1], int.Parse(args[2], CultureInfo.InvariantCulture));
var chromium = Environment.GetEnvironmentVariable("VINR_CHROMIUM_PATH") is { Length: > 0 } configured ? configured : "/usr/bin/chromium";
using var playwright = await Playwright.CreateAsync();
await using var browser = await playwright.Chromium.LaunchAsync(new()
{
    ExecutablePath = chromium,
    Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-dev-shm-usage"],
});
using var api = new HttpClient { BaseAddress = new Uri(baseUrl) };
api.DefaultRequestHeaders.Add("X-Api-Key", key);

// One warm-up of each, untimed: JIT and the browser's first start.
await PortalAsync();
await StaticAsync();
var portal = new List<double>();
var ceiling = new List<double>();
for (var i = 0; i < runs; i++)
{
    portal.Add(await PortalAsync());
    ceiling.Add(await StaticAsync());
}
Report("portal_tti", portal);
Report("static_tti", ceiling);

// The link page is open; from pressing Continue until the overview's circuit is live and a navigation through it answers.
async Task<double> PortalAsync()
{
    var created = await api.PostAsync("/v1/billing-portal/sessions", new FormUrlEncodedContent(
        [new("customer", "cust_8aZ2"), new("return_url", "https://example.com/account")]));
    var url = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("url").GetString()!;
    await using var context = await browser.NewContextAsync();
    var page = await context.NewPageAsync();
    await page.GotoAsync(url);
    var clock = Stopwatch.StartNew();
    await page.GetByRole(AriaRole.Button, new() { Name = "Continue to billing" }).ClickAsync();
    await page.Locator(".portal-shell[data-interactive=true]").WaitForAsync();
    await page.GetByRole(AriaRole.Navigation, new() { Name = "Billing" }).GetByRole(AriaRole.Link, new() { Name = "Invoices" }).ClickAsync();
    await page.GetByRole(AriaRole.Heading, new() { Name = "Invoices", Level = 1 }).WaitForAsync();
    return clock.Elapsed.TotalMilliseconds;
}

// The same steps without a circuit: a form POST, a 303, a page whose button answers a click.
async Task<double> StaticAsync()
{
    await using var context = await browser.NewContextAsync();
    var page = await context.NewPageAsync();
    await page.GotoAsync($"{baseUrl}/bench/static");
    var clock = Stopwatch.StartNew();
    await page.GetByRole(AriaRole.Button, new() { Name = "Continue" }).ClickAsync();
    await page.GetByRole(AriaRole.Heading, new() { Name = "Overview" }).WaitForAsync();
    await page.GetByRole(AriaRole.Button, new() { Name = "Respond" }).ClickAsync();
    await page.Locator("#out", new() { HasTextString = "ok" }).WaitForAsync();
    return clock.Elapsed.TotalMilliseconds;
}

static void Report(string name, List<double> samples)
{
    samples.Sort();
    double At(double q) => samples[(int)Math.Min(samples.Count - 1, Math.Ceiling(q * samples.Count) - 1)];
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name} {At(0.5):F1} {At(0.95):F1}"));
}
