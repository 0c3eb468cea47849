// The portal in headless Chromium, each figure with its ceiling from the same app (bench/README.md):
//   memory per idle circuit: N overview circuits, against N circuits of the bench counter page;
//   time to interactive after Continue, against the same steps on a static page.
// Usage: dotnet run --project bench/PortalBench -c Release -- <base url> <api key> <runs> <circuits>
//        ... -- memory <base url> <api key> <circuits> [<replica url>...]   memory only (bench/scale.py): pages
//        opened through <base url> (a replica or the balancer), memory summed over the replicas named (default: base)
// Prints one line per measure: "memory_<page> managed_bytes rss_bytes" per circuit, "<name> p50_ms p95_ms".
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;

var memoryOnly = args is ["memory", ..];
args = memoryOnly ? args[1..] : args;
var (baseUrl, key) = (args[0], args[1]);
var runs = memoryOnly ? 0 : int.Parse(args[2], CultureInfo.InvariantCulture);
var circuits = int.Parse(args[memoryOnly ? 2 : 3], CultureInfo.InvariantCulture);
// Behind a balancer a circuit lives on one replica or the other: the growth is the sum over all of them.
var replicas = (memoryOnly && args.Length > 3 ? args[3..] : [baseUrl]).Select(url => new HttpClient { BaseAddress = new Uri(url) }).ToList();
var chromium = Environment.GetEnvironmentVariable("VINR_CHROMIUM_PATH") is { Length: > 0 } configured ? configured : "/usr/bin/chromium";
using var playwright = await Playwright.CreateAsync();
await using var browser = await playwright.Chromium.LaunchAsync(new()
{
    ExecutablePath = chromium,
    Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-dev-shm-usage"],
});
using var api = new HttpClient { BaseAddress = new Uri(baseUrl) };
api.DefaultRequestHeaders.Add("X-Api-Key", key);

// Memory first, while no closed tab's circuit is waiting out its retention (they would be freed mid-measure).
await MemoryPerCircuitAsync("memory_counter", async page =>
{
    await page.GotoAsync($"{baseUrl}/bench/counter");
    // Live once rendered by the circuit; a click that changes the count proves it.
    await page.Locator("h1[data-interactive=true]").WaitForAsync();
    await page.Locator("#increment").ClickAsync();
    await page.Locator("h1[data-count='1']").WaitForAsync();
});
await MemoryPerCircuitAsync("memory_overview", async page =>
{
    await page.GotoAsync(await MintAsync());
    await page.GetByRole(AriaRole.Button, new() { Name = "Continue to billing" }).ClickAsync();
    await page.Locator(".portal-shell[data-interactive=true]").WaitForAsync();
});
if (memoryOnly)
{
    return;
}

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

// N idle tabs of a page, open together: the server's managed heap (after a full, compacting collection) and
// resident set grow by this much per circuit. One tab first, closed, so the page's one-time costs are paid.
async Task MemoryPerCircuitAsync(string name, Func<IPage, Task> open)
{
    await using (var first = await browser.NewContextAsync())
    {
        await open(await first.NewPageAsync());
    }
    var before = await MemoryAsync();
    var tabs = new List<IBrowserContext>();
    for (var i = 0; i < circuits; i++)
    {
        var context = await browser.NewContextAsync();
        tabs.Add(context);
        await open(await context.NewPageAsync());
    }
    var after = await MemoryAsync();
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"{name} {(after.Managed - before.Managed) / circuits} {(after.Rss - before.Rss) / circuits}"));
    foreach (var tab in tabs)
    {
        await tab.DisposeAsync();
    }
}

async Task<(long Managed, long Rss)> MemoryAsync()
{
    var (managed, rss) = (0L, 0L);
    foreach (var replica in replicas)
    {
        var memory = await replica.GetFromJsonAsync<JsonElement>("/bench/memory");
        (managed, rss) = (managed + memory.GetProperty("managed").GetInt64(), rss + memory.GetProperty("rss").GetInt64());
    }
    return (managed, rss);
}

async Task<string> MintAsync()
{
    var created = await api.PostAsync("/v1/billing-portal/sessions", new FormUrlEncodedContent(
        [new("customer", "cust_8aZ2"), new("return_url", "https://example.com/account")]));
    var url = new Uri((await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("url").GetString()!);
    // The link's path on the base URL: a replica measured alone names the balancer (Portal:PublicBaseUrl) in its links.
    return new Uri(new Uri(baseUrl), url.PathAndQuery).ToString();
}

// The link page is open; from pressing Continue until the overview's circuit is live and a navigation through it answers.
async Task<double> PortalAsync()
{
    var url = await MintAsync();
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
