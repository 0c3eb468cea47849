using System.Diagnostics;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Vinr.Portal.Api.Features.PaymentMethods;
using Vinr.Portal.Api.Features.Subscriptions;
using Vinr.Portal.Api.Infrastructure;
using Vinr.Portal.Api.Infrastructure.Data;
using static Microsoft.Playwright.Assertions;

namespace Vinr.Portal.E2E;

/// <summary>
/// Every enabled, visible button and link on every portal page does something a person can see:
/// it navigates, opens a page or a download, opens something, changes the page or shows a message.
/// Controls are read from the DOM, so a new one is covered without touching this test.
/// </summary>
public sealed class EveryControlJourneyTests(BrowserFixture fixture, ITestOutputHelper output) : IClassFixture<BrowserFixture>
{
    /// <summary>
    /// What a person can press. Disabled ones are left out (they are meant to do nothing), and so is the
    /// skip link: it only shows while focused, and its effect is where focus goes (LayoutJourneyTests).
    /// </summary>
    private const string Pressable = "button:visible:enabled, a[href]:visible:not(.skip-link), [role=button]:visible, [role=link]:visible, " +
        "input[type=submit]:visible:enabled, input[type=button]:visible:enabled";

    /// <summary>How long a control has to show its effect. Only a dead control waits this long.</summary>
    private const float EffectTimeout = 15_000;

    /// <summary>
    /// What a person sees, in the page and in its same-origin frames (the card form): address, text,
    /// field values, and the states assistive technology announces. Focus rings and ripples are not
    /// effects: a dead button gets those too.
    /// </summary>
    private const string Seen = """
        () => {
          const docs = [document];
          for (const frame of document.querySelectorAll('iframe')) {
            try { if (frame.contentDocument?.body) docs.push(frame.contentDocument); } catch { /* another origin */ }
          }
          const all = selector => docs.flatMap(d => [...d.querySelectorAll(selector)]);
          const states = ['aria-pressed', 'aria-expanded', 'aria-checked', 'aria-selected', 'aria-current', 'aria-invalid', 'open'];
          return {
            address: location.href,
            text: docs.map(d => d.body ? d.body.innerText : '').join('\n'),
            fields: all('input:not([type=hidden]), textarea, select')
              .map(e => e.type === 'checkbox' || e.type === 'radio' ? String(e.checked) : e.value).join('\n'),
            states: all(states.map(s => `[${s}]`).join(', ')).map(e => states.map(s => e.getAttribute(s)).join(',')).join('\n'),
            frames: String(all('iframe').length),
          };
        }
        """;

    /// <summary>Polled after a click: what changed since <c>before</c>, or false. <c>__e2eStop</c> ends the poll (a popup or download came first).</summary>
    private const string Changed = $$"""
        before => {
          if (window.__e2eStop) return 'stopped';
          const now = ({{Seen}})();
          for (const key of Object.keys(before)) {
            if (now[key] === before[key]) continue;
            if (key === 'address') return `navigated to ${now.address}`;
            if (key === 'text') {
              const old = new Set(before.text.split('\n'));
              const added = now.text.split('\n').find(line => line.trim() && !old.has(line));
              return added ? `shows "${added.trim().slice(0, 80)}"` : 'changed its text';
            }
            return `changed its ${key}`;
          }
          return false;
        }
        """;

    /// <summary>Whether the page looks exactly as <c>pristine</c> again.</summary>
    private const string IsAsSeen = $$"""
        pristine => {
          const now = ({{Seen}})();
          return Object.keys(pristine).every(key => now[key] === pristine[key]);
        }
        """;

    /// <summary>Role, accessible name (simplified), whether it sits in the layout's sidebar, and whether it has nothing to do here.</summary>
    private const string Describe = """
        elements => elements.map(e => {
          // Nothing to do here: a toggle already on, a link to this very page, a stepper at its limit.
          const idle = e => {
            if (e.getAttribute('aria-pressed') === 'true' || (e.getAttribute('aria-current') === 'page' && e.href === location.href)) return true;
            const input = e.closest('.mud-input-numeric-spin')?.closest('.mud-input')?.querySelector('input');
            const label = e.getAttribute('aria-label');
            return !!input && ((label === 'Decrement' && input.min !== '' && +input.value <= +input.min)
              || (label === 'Increment' && input.max !== '' && +input.value >= +input.max));
          };
          const clean = s => (s || '').replace(/\s+/g, ' ').trim();
          const labelledBy = (e.getAttribute('aria-labelledby') || '').split(/\s+/).filter(Boolean)
            .map(id => document.getElementById(id)?.innerText).join(' ');
          return {
            role: e.getAttribute('role') || (e.tagName === 'A' ? 'link' : 'button'),
            name: clean(e.getAttribute('aria-label')) || clean(labelledBy) || clean(e.innerText) || clean(e.title) || clean(e.value),
            layout: !!e.closest('.portal-aside'),
            idle: idle(e),
            href: e.tagName === 'A' && e.hasAttribute('href'),
            disabled: e.getAttribute('aria-disabled') === 'true',
          };
        })
        """;

    private sealed record Control(string Key, string Role, ILocator Locator, bool Idle, bool IsLink);

    /// <summary>
    /// A portal page in one state. <see cref="Reach"/> goes there from the overview the way a person
    /// does; <see cref="Ready"/> waits for its content; <see cref="Setup"/> puts it in a state that
    /// has no address of its own (a preview, an open form).
    /// </summary>
    private sealed record Screen(string Name, string Page, Func<Task<string>> Customer, Func<IPage, Task> Reach,
        Func<IPage, Task> Ready, Func<IPage, Task>? Setup = null);

    /// <summary>One open screen: its tab, its address, and what it looked like untouched (at that address, and once set up).</summary>
    private sealed record Visit(IPage Page, string Url, Dictionary<string, string> PristineAtUrl, Dictionary<string, string> Pristine);

    private IEnumerable<Screen> Screens()
    {
        Task<string> Demo() => Task.FromResult("cust_8aZ2");
        Task<string> Fresh() => fixture.Server.CreateCustomerAsync();
        Task<string> PastDue() => fixture.Server.CreateCustomerAsync(pastDue: true);
        // States whose controls only appear there: set up in the database, as the billing clock or an earlier visit would leave them.
        Task<string> Cancelling() => FreshWith((db, subscription) => subscription.CancelAtPeriodEnd = true);
        Task<string> Scheduled() => FreshWith((db, subscription) =>
            subscription.ScheduledPriceId = db.Prices.Single(p => p.MerchantId == subscription.MerchantId && p.Nickname == "Starter monthly").Id);
        Task<string> TwoCards() => FreshWith((db, subscription) => db.PaymentMethods.Add(new PaymentMethod
        {
            Id = Ids.New("pm"), MerchantId = subscription.MerchantId, CustomerId = subscription.CustomerId, Brand = "mastercard", Last4 = "4444",
            ExpMonth = 6, ExpYear = DateTimeOffset.UtcNow.Year + 3, Fingerprint = "e2e-second", ProcessorReference = "testcard_succeeds_e2e",
            Created = DateTimeOffset.UtcNow,
        }));
        // Resubscribing shows only where the merchant turned it on (here: the demo configuration) and the subscription ended.
        async Task<string> Ended()
        {
            await fixture.Server.AllowResubscribeAsync();
            return await fixture.Server.CreateEndedCustomerAsync();
        }
        static Task Stay(IPage page) => Task.CompletedTask;
        static Func<IPage, Task> Visible(Func<IPage, ILocator> what) => page => Expect(what(page).First).ToBeVisibleAsync();
        static Func<IPage, Task> Click(AriaRole role, string name) => page => page.GetByRole(role, new() { Name = name, Exact = true }).First.ClickAsync();
        static Func<IPage, Task> Then(Func<IPage, Task> first, Func<IPage, Task> second) => async page =>
        {
            await first(page);
            await second(page);
        };

        var overview = Visible(page => page.GetByTestId("customer"));
        var plans = Visible(page => page.GetByTestId("plan"));
        var toPlans = Then(Click(AriaRole.Link, "Change plan"), plans);
        var cards = Visible(page => page.GetByTestId("add-card"));
        var toCards = Then(page => Portal.NavigateAsync(page, "Payment methods"), cards);
        var invoices = Visible(page => page.GetByTestId("invoices"));
        var toInvoices = Then(page => Portal.NavigateAsync(page, "Invoices"), invoices);
        var invoice = Visible(page => page.GetByTestId("totals"));

        yield return new("overview", "overview", Demo, Stay, overview);
        yield return new("overview, past due", "overview", PastDue, Stay, overview);
        yield return new("overview, cancelling at period end", "overview", Cancelling, Stay, overview);
        yield return new("overview, downgrade scheduled", "overview", Scheduled, Stay, overview);
        yield return new("change plan", "change plan", Fresh, toPlans, plans);
        // Yearly, so that "Monthly" has something to do; two seats, so that the seat stepper can go down.
        yield return new("change plan, yearly, 2 seats", "change plan", Fresh, toPlans, plans,
            async page =>
            {
                await page.GetByRole(AriaRole.Button, new() { Name = "Yearly" }).ClickAsync();
                await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Yearly" })).ToHaveAttributeAsync("aria-pressed", "true");
                var seats = page.GetByLabel("Seats").First;
                await seats.FillAsync("2");
                await seats.BlurAsync();
                await Expect(seats).ToHaveValueAsync("2");
            });
        yield return new("plan preview", "change plan", Fresh, toPlans, plans,
            async page =>
            {
                await page.GetByRole(AriaRole.Button, new() { Name = "Choose Business" }).ClickAsync();
                await Expect(page.GetByTestId("preview")).ToBeVisibleAsync();
            });
        var toResubscribe = Then(Click(AriaRole.Link, "Resubscribe"), plans);
        yield return new("overview, subscription ended", "overview", Ended, Stay, overview);
        yield return new("resubscribe", "resubscribe", Ended, toResubscribe, plans);
        // As for change plan: yearly for "Monthly", two seats for the stepper's way down.
        yield return new("resubscribe, yearly, 2 seats", "resubscribe", Ended, toResubscribe, plans,
            async page =>
            {
                await page.GetByRole(AriaRole.Button, new() { Name = "Yearly" }).ClickAsync();
                await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Yearly" })).ToHaveAttributeAsync("aria-pressed", "true");
                var seats = page.GetByLabel("Seats").First;
                await seats.FillAsync("2");
                await seats.BlurAsync();
                await Expect(seats).ToHaveValueAsync("2");
            });
        yield return new("resubscribe preview", "resubscribe", Ended, toResubscribe, plans,
            async page =>
            {
                await page.GetByRole(AriaRole.Button, new() { Name = "Choose Business" }).ClickAsync();
                await Expect(page.GetByTestId("preview")).ToBeVisibleAsync();
            });
        yield return new("cancel", "cancel", Fresh,
            Then(Click(AriaRole.Link, "Cancel subscription"), Visible(page => page.GetByTestId("cancel-statement"))),
            Visible(page => page.GetByTestId("cancel-statement")));
        yield return new("payment methods", "payment methods", Fresh, toCards, cards);
        yield return new("payment methods, past due", "payment methods", PastDue, toCards, cards);
        yield return new("payment methods, two cards", "payment methods", TwoCards, toCards, cards);
        yield return new("payment methods, removing a card", "payment methods", TwoCards, toCards, cards,
            async page =>
            {
                await page.GetByRole(AriaRole.Button, new() { Name = "Remove: Mastercard ending 4444" }).ClickAsync();
                await Expect(page.GetByRole(AriaRole.Dialog)).ToBeVisibleAsync();
            });
        yield return new("payment methods, adding a card", "payment methods", Fresh, toCards, cards,
            async page =>
            {
                await page.GetByTestId("add-card").ClickAsync();
                await Expect(page.FrameLocator("iframe.card-frame").Locator("#number")).ToBeVisibleAsync();
                // The form's own script (deferred) has run once its frame has loaded: before that its button would do nothing.
                var frame = await (await page.Locator("iframe.card-frame").ElementHandleAsync())!.ContentFrameAsync();
                await frame!.WaitForLoadStateAsync(LoadState.Load);
            });
        var upcoming = Visible(page => page.GetByTestId("upcoming-lines"));
        yield return new("next invoice", "next invoice", Demo, Then(page => page.GetByTestId("upcoming-invoice-link").First.ClickAsync(), upcoming), upcoming);
        yield return new("invoices", "invoices", Demo, toInvoices, invoices);
        yield return new("invoice, paid", "invoice", Demo,
            Then(toInvoices, Then(Click(AriaRole.Link, "ACME-0012"), invoice)), invoice);
        yield return new("invoice, open", "invoice", PastDue,
            Then(toInvoices, Then(page => page.GetByTestId("invoices").GetByRole(AriaRole.Link).First.ClickAsync(), invoice)), invoice);
        var details = Visible(page => page.GetByTestId("details-form"));
        var toDetails = Then(page => Portal.NavigateAsync(page, "Billing details"), details);
        yield return new("billing details", "billing details", Fresh, toDetails, details);
        // Edited but not saved, so that "Discard changes" is enabled.
        yield return new("billing details, edited", "billing details", Fresh, toDetails, details,
            async page =>
            {
                await page.GetByLabel("Name", new() { Exact = true }).FillAsync("Sam R. Rivera");
                await page.GetByLabel("Name", new() { Exact = true }).BlurAsync();
                await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Discard changes" })).ToBeEnabledAsync();
            });
    }

    /// <summary>A fresh customer (Pro monthly, a Visa), then changed in the database before any page shows it.</summary>
    private async Task<string> FreshWith(Action<BillingDbContext, Subscription> change)
    {
        var customer = await fixture.Server.CreateCustomerAsync();
        return await fixture.Server.WithDbAsync(async db =>
        {
            change(db, await db.Subscriptions.SingleAsync(s => s.CustomerId == customer));
            await db.SaveChangesAsync();
            return customer;
        });
    }

    [Fact]
    public async Task Every_button_and_link_on_every_page_does_something_visible()
    {
        var total = Stopwatch.StartNew();
        var judged = new Dictionary<string, string>();
        var onlyIdle = new SortedSet<string>();
        var dead = new List<string>();
        var counts = new List<string>();

        foreach (var screen in Screens())
        {
            var clock = Stopwatch.StartNew();
            var visit = await OpenAsync(screen);
            var touched = false;
            var lastWasLink = false;
            var activated = 0;
            var controls = await ControlsAsync(visit.Page, screen);
            for (var i = 0; i < controls.Count; i++)
            {
                if (touched && !judged.ContainsKey(controls[i].Key) && !controls[i].Idle)
                {
                    var restored = await RestoreAsync(screen, visit, lastWasLink);
                    var again = await ControlsAsync(restored.Page, screen);
                    // A new customer's screen has the same controls in the same places; only names
                    // that carry its own data (an invoice number) differ.
                    Assert.True(again.Select(c => c.Role).SequenceEqual(controls.Select(c => c.Role)),
                        $"{screen.Name}: the untouched screen has other controls than before:\n{string.Join("\n", again.Select(c => c.Key))}");
                    (visit, controls, touched) = (restored, again, false);
                }
                var control = controls[i];
                if (judged.ContainsKey(control.Key))
                {
                    continue;
                }
                if (control.Idle)
                {
                    // Pressing it has nothing to do here, and its state says so: it is judged on a screen where it has.
                    onlyIdle.Add(control.Key);
                    continue;
                }
                var effect = await ActivateAsync(visit.Page, control.Locator);
                (touched, lastWasLink) = (true, control.IsLink);
                activated++;
                judged[control.Key] = effect ?? "nothing";
                if (effect is null)
                {
                    var screenshot = Path.Combine(BrowserFixture.ScreenshotDirectory, $"90-dead-control-{dead.Count + 1}.png");
                    await visit.Page.ScreenshotAsync(new() { Path = screenshot, FullPage = true });
                    dead.Add($"{screen.Name}: {control.Key} (after the click: {screenshot})");
                }
                output.WriteLine($"{screen.Name}: {control.Key} → {effect ?? "NOTHING"}");
            }
            await visit.Page.Context.CloseAsync();
            counts.Add($"{screen.Name}: {activated} in {clock.Elapsed.TotalSeconds:F1} s");
        }

        output.WriteLine($"Activated {judged.Count} controls in {total.Elapsed.TotalSeconds:F1} s:\n{string.Join("\n", counts)}");
        onlyIdle.ExceptWith(judged.Keys);
        Assert.True(dead.Count == 0, $"These controls did nothing visible within {EffectTimeout / 1000} s of a click " +
            $"(no navigation, page, download, dialog or change on screen):\n{string.Join("\n", dead)}");
        Assert.True(onlyIdle.Count == 0, "These controls only ever had nothing to do (already on, this very page, at a limit), " +
            $"so nothing judged them; add a screen where they have:\n{string.Join("\n", onlyIdle)}");
    }

    /// <summary>A new tab and session for the screen's customer (a fresh one where the screen's controls change things).</summary>
    private async Task<Visit> OpenAsync(Screen screen)
    {
        var customer = await screen.Customer();
        var page = await Portal.OpenAsync(fixture, customer);
        await screen.Reach(page);
        await screen.Ready(page);
        var url = page.Url;
        await SettledAsync(page);
        var atUrl = await SeenAsync(page);
        await SetUpAsync(screen, page);
        await MarkAsync(page);
        return new Visit(page, url, atUrl, await SeenAsync(page));
    }

    /// <summary>
    /// The untouched screen again: in the same session when that gives exactly what was first seen;
    /// otherwise (the session ended, or the last control changed the account) a new session and,
    /// unless it is the demo customer, a new customer.
    /// </summary>
    private async Task<Visit> RestoreAsync(Screen screen, Visit visit, bool afterLink)
    {
        foreach (var other in visit.Page.Context.Pages.Where(p => p != visit.Page).ToList())
        {
            await other.CloseAsync();
        }
        // A link is a GET: it changed nothing on the server. If it stayed in this document (the
        // circuit's own navigation, a new tab, a download), Back gives the untouched screen without
        // the cost of a new circuit.
        if (afterLink && screen.Setup is null && await SameDocumentAsync(visit.Page))
        {
            try
            {
                if (visit.Page.Url != visit.Url)
                {
                    // The address changes before the circuit renders the new page: wait for that page,
                    // or its render could land after Back's and leave it on screen.
                    await visit.Page.WaitForFunctionAsync("text => document.body.innerText !== text && !document.querySelector('.mud-skeleton, .portal-loading')",
                        visit.Pristine["text"], new() { PollingInterval = 50, Timeout = 10_000 });
                    await visit.Page.GoBackAsync();
                }
                await visit.Page.WaitForFunctionAsync(IsAsSeen, visit.Pristine, new() { PollingInterval = 50, Timeout = 10_000 });
                return visit;
            }
            catch (TimeoutException)
            {
                // Not as it was: start it again below.
            }
        }
        await visit.Page.GotoAsync(visit.Url);
        if (visit.Page.Url == visit.Url)
        {
            await Portal.WaitForCircuitAsync(visit.Page);
            await SettledAsync(visit.Page);
            // Compared before the setup too: a changed account may no longer offer what the setup presses.
            if (Same(await SeenAsync(visit.Page), visit.PristineAtUrl))
            {
                await SetUpAsync(screen, visit.Page);
                if (Same(await SeenAsync(visit.Page), visit.Pristine))
                {
                    await MarkAsync(visit.Page);
                    return visit;
                }
            }
        }
        await visit.Page.Context.CloseAsync();
        return await OpenAsync(screen);
    }

    private static async Task SetUpAsync(Screen screen, IPage page)
    {
        if (screen.Setup is not null)
        {
            await screen.Setup(page);
            await SettledAsync(page);
        }
    }

    /// <summary>Loaded and still: every page shows a skeleton until its data is in; no animation half way.</summary>
    private static async Task SettledAsync(IPage page) => await page.WaitForFunctionAsync(
        "() => !document.querySelector('.mud-skeleton, .portal-loading') && document.getAnimations().every(a => a.playState !== 'running')");

    private static Task<Dictionary<string, string>> SeenAsync(IPage page) => page.EvaluateAsync<Dictionary<string, string>>(Seen);

    /// <summary>Marks the document, so that a restore can tell whether a control left it (and its circuit) or not.</summary>
    private static async Task MarkAsync(IPage page) => await page.EvaluateAsync("() => { window.__e2eVisit = true; }");

    private static async Task<bool> SameDocumentAsync(IPage page)
    {
        try
        {
            return await page.EvaluateAsync<bool>("() => window.__e2eVisit === true");
        }
        catch (PlaywrightException)
        {
            return false; // mid-navigation: it is leaving
        }
    }

    private static bool Same(Dictionary<string, string> a, Dictionary<string, string> b) =>
        a.Count == b.Count && a.All(pair => b.TryGetValue(pair.Key, out var value) && value == pair.Value);

    /// <summary>
    /// The screen's controls, each with a stable key: links first, then buttons, each in document
    /// order, page before frames. Links are GETs, put back cheaply with Back; a button may change
    /// the account and cost a new customer before the next control, unless it comes last.
    /// </summary>
    private static async Task<List<Control>> ControlsAsync(IPage page, Screen screen)
    {
        var controls = new List<Control>();
        var seen = new Dictionary<string, int>();
        foreach (var frame in page.Frames)
        {
            var scope = frame == page.MainFrame ? screen.Page : frame.Url.Contains("/portal/card-form", StringComparison.Ordinal) ? "card form" : frame.Url;
            // Behind an open dialog nothing else can be pressed: only the dialog's controls count then.
            var dialog = frame.Locator("[role=dialog]:visible, [role=alertdialog]:visible");
            var all = (await dialog.CountAsync() > 0 ? dialog : frame.Locator(":root")).Locator(Pressable);
            var described = await all.EvaluateAllAsync<JsonElement>(Describe);
            for (var i = 0; i < described.GetArrayLength(); i++)
            {
                var d = described[i];
                if (d.GetProperty("disabled").GetBoolean())
                {
                    continue;
                }
                var role = $"{(d.GetProperty("layout").GetBoolean() ? "layout" : scope)} · {d.GetProperty("role").GetString()}";
                var name = $"{role} \"{d.GetProperty("name").GetString()}\"";
                seen[name] = seen.GetValueOrDefault(name) + 1;
                controls.Add(new Control($"{name} #{seen[name]}", role, all.Nth(i), d.GetProperty("idle").GetBoolean(), d.GetProperty("href").GetBoolean()));
            }
        }
        return [.. controls.OrderBy(c => c.IsLink ? 0 : 1)];
    }

    /// <summary>Clicks, then waits for the first visible effect; null when there is none.</summary>
    private static async Task<string?> ActivateAsync(IPage page, ILocator control)
    {
        var before = await page.EvaluateAsync<Dictionary<string, string>>($"() => {{ window.__e2eStop = false; return ({Seen})(); }}");
        var elsewhere = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnPopup(object? sender, IPage popup) => elsewhere.TrySetResult("opened a new page");
        void OnDownload(object? sender, IDownload download) => elsewhere.TrySetResult($"downloaded {download.SuggestedFilename}");
        page.Popup += OnPopup;
        page.Download += OnDownload;
        try
        {
            await control.ClickAsync();
            var changed = page.WaitForFunctionAsync(Changed, before, new() { PollingInterval = 50, Timeout = EffectTimeout });
            if (await Task.WhenAny(elsewhere.Task, changed) == elsewhere.Task)
            {
                await page.EvaluateAsync("() => { window.__e2eStop = true; }");
                await changed;
                return await elsewhere.Task;
            }
            try
            {
                return await (await changed).JsonValueAsync<string>();
            }
            catch (TimeoutException)
            {
                return elsewhere.Task.IsCompleted ? await elsewhere.Task : null;
            }
        }
        finally
        {
            page.Popup -= OnPopup;
            page.Download -= OnDownload;
        }
    }
}
