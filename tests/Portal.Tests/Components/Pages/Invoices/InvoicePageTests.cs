using System.Security.Claims;
using Bunit;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Vinr.Portal.Api.Features.BillingPortal.Sessions;
using Vinr.Portal.Api.Features.BillingSettings;
using Vinr.Portal.Api.Features.Demo;
using Vinr.Portal.Api.Features.Invoices;
using Vinr.Portal.Api.Features.PaymentMethods;
using Vinr.Portal.Api.Features.Subscriptions;
using Vinr.Portal.Api.Infrastructure;
using Vinr.Portal.Api.Infrastructure.Data;
using Vinr.Portal.Api.Infrastructure.Http;
using Vinr.Portal.Components.Pages.Invoices;
using Vinr.Portal.Sessions;
using Vinr.Portal.Tests.Support;

namespace Vinr.Portal.Tests.Components.Pages.Invoices;

public sealed class InvoicePageTests : PortalComponentTest
{
    private readonly GatedProcessor _processor = new();
    private readonly SignedIn _user = new();
    private readonly PortalSessions _sessions;

    public InvoicePageTests()
    {
        var options = Options.Create(new PortalSessionOptions { PublicBaseUrl = "https://billing.example.test" });
        _sessions = new PortalSessions(DbFactory, new SessionLinks(new EphemeralDataProtectionProvider()),
            new PortalBaseUrl(options, new NoServer()), options, TimeProvider.System);
        Services.AddSingleton<IPaymentProcessor>(_processor);
        Services.AddSingleton(TimeProvider.System);
        Services.AddSingleton<InvoicePayments>();
        Services.AddSingleton(Options.Create(new DunningOptions()));
        Services.AddSingleton<DunningSettings>();
        Services.AddSingleton<AuthenticationStateProvider>(_user);
        Services.AddScoped(sp => new CurrentPortal(sp.GetRequiredService<AuthenticationStateProvider>(), _sessions));
    }

    /// <summary>A real portal session for the customer, minted and redeemed, signed in as the circuit would be.</summary>
    private async Task<PortalAccess> SignInAsync(string customerId = DemoSeeder.CustomerId)
    {
        var session = await _sessions.CreateAsync(new ApiCaller(DemoSeeder.MerchantId, false),
            new CreateSessionRequest(customerId, "https://example.com/account", null, null, false), CancellationToken.None);
        var credential = (await _sessions.RedeemAsync(session.Id, session.Url!.Split('/')[^1], CancellationToken.None))?.Credential;
        _user.User = PortalCookie.Principal(credential!);
        return (await _sessions.CheckAccessAsync(credential!, active: false, CancellationToken.None))!;
    }

    private string InvoiceId(string number)
    {
        using var db = DbFactory.CreateDbContext();
        return db.Invoices.Single(i => i.Number == number).Id;
    }

    /// <summary>The demo customer's subscription is past due on ACME-0013, which their Visa 4242 failed to pay once.</summary>
    private string OpenInvoice()
    {
        using (var db = DbFactory.CreateDbContext())
        {
            db.Subscriptions.Single(s => s.CustomerId == DemoSeeder.CustomerId).Status = SubscriptionStatus.PastDue;
            db.SaveChanges();
        }
        return AddInvoice(DemoSeeder.CustomerId, "ACME-0013", Now, InvoiceStatus.Open, change: i =>
        {
            i.PaymentAttempts = 1;
            i.LastPaymentError = "Your card has insufficient funds.";
        }).Id;
    }

    private IRenderedComponent<InvoicePage> Open(PortalAccess access, string id) =>
        RenderInPortal<InvoicePage>(access, parameters: p => p.Add(x => x.Id, id));

    [Fact]
    public void A_paid_invoice_shows_dates_bill_to_lines_totals_and_the_card_that_paid()
    {
        var paid = AddInvoice(DemoSeeder.CustomerId, "ACME-0099", Now.AddDays(-1), change: i => i.PaymentMethodId = DefaultCardId());

        var page = Open(AccessFor(), paid.Id);

        page.WaitForAssertion(() => Assert.Equal("Invoice ACME-0099", page.Find("h1").TextContent));
        Assert.Equal("paid", page.Find(".status-chip").GetAttribute("data-status"));
        Assert.Contains($"{Now.AddDays(-1):d MMM yyyy}", page.Find("[data-testid=summary]").TextContent, StringComparison.Ordinal);
        Assert.Contains("Visa •••• 4242", page.Find("[data-testid=paid-with]").TextContent.Replace("  ", " ", StringComparison.Ordinal), StringComparison.Ordinal);
        var billTo = page.Find("[data-testid=bill-to]").TextContent;
        Assert.Contains("Jane Cooper", billTo, StringComparison.Ordinal);
        Assert.Contains("San Francisco, CA 94104", billTo, StringComparison.Ordinal);
        Assert.Contains("United States", billTo, StringComparison.Ordinal);
        Assert.Contains("Pro × 1 (monthly)", page.Find("[data-testid=lines] tbody").TextContent, StringComparison.Ordinal);
        var totals = page.Find("[data-testid=totals]").TextContent;
        Assert.Contains("Total$49.00", totals, StringComparison.Ordinal);
        Assert.Equal("$0.00", page.Find("[data-testid=amount-due]").TextContent);
        Assert.Equal($"/portal/invoices/{paid.Id}/pdf", page.Find("[data-testid=download-pdf]").GetAttribute("href"));
        Assert.Empty(page.FindAll("[data-testid=pay-invoice]"));
    }

    [Fact]
    public void Proration_lines_are_marked()
    {
        var invoice = AddInvoice(DemoSeeder.CustomerId, "ACME-0098", Now, change: i => i.Lines.Add(new InvoiceLine
        {
            Id = Ids.New("il"), InvoiceId = i.Id, Description = "Unused time on Starter", Amount = -600, Proration = true, PeriodStart = Now, PeriodEnd = Now.AddDays(15),
        }));

        var page = Open(AccessFor(), invoice.Id);

        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("[data-testid=lines] tbody tr").Count));
        var proration = page.FindAll("[data-testid=lines] tbody tr").Single(r => r.TextContent.Contains("Unused time", StringComparison.Ordinal));
        Assert.Contains("Proration", proration.QuerySelector(".proration-tag")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("-$6.00", proration.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void An_open_invoice_says_why_the_last_payment_failed_and_offers_to_pay_its_amount()
    {
        var id = OpenInvoice();

        var page = Open(AccessFor(), id);

        page.WaitForAssertion(() => Assert.Equal("open", page.Find(".status-chip").GetAttribute("data-status")));
        Assert.Contains("Your card has insufficient funds.", page.Find("[data-testid=payment-error]").TextContent, StringComparison.Ordinal);
        Assert.Equal("Pay $49.00", page.Find("[data-testid=pay-invoice]").TextContent.Trim());
        Assert.Contains("Charged to your default card, Visa\u00A0••••\u00A04242.", page.Find("[data-testid=pay-panel]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void An_open_invoice_reads_in_german()
    {
        var id = OpenInvoice();

        var page = RenderInPortal<InvoicePage>(AccessFor(), culture: "de", p => p.Add(c => c.Id, id));

        page.WaitForAssertion(() => Assert.Equal("Fällig", page.Find(".status-chip").TextContent.Trim()));
        Assert.StartsWith("Rechnung ACME-", page.Find("h1").TextContent, StringComparison.Ordinal);
        Assert.Equal(["Fälliger Betrag", "Zusammenfassung", "Rechnung an", "Positionen"], page.FindAll("h2").Select(h => h.TextContent.Trim()));
        Assert.Matches(@"^49,00\s\$ bezahlen$", page.Find("[data-testid=pay-invoice]").TextContent.Trim());
        Assert.StartsWith("Der letzte Zahlungsversuch ist fehlgeschlagen:", page.Find("[data-testid=payment-error]").TextContent.Trim(), StringComparison.Ordinal);
        Assert.Equal(["Beschreibung", "Zeitraum", "Menge", "Betrag"], page.FindAll("[data-testid=lines] th").Select(h => h.TextContent));
        Assert.Contains("Zwischensumme", page.Find("[data-testid=totals]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Paying_marks_it_paid_in_the_page_and_a_second_click_while_paying_does_nothing()
    {
        var id = OpenInvoice();
        var access = await SignInAsync();
        var page = Open(access, id);
        page.WaitForAssertion(() => page.Find("[data-testid=pay-invoice]"));

        _processor.Hold();
        page.Find("[data-testid=pay-invoice]").Click();
        // The charge starts after the page has rendered "Paying…", and nothing renders again until it
        // ends: wait on the processor itself, not on a render (a render-driven wait would hang here).
        await _processor.ChargeStarted.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(1, _processor.Charges);
        page.WaitForAssertion(() => Assert.Equal("Paying…", page.Find("[data-testid=pay-invoice]").TextContent.Trim()));
        page.Find("[data-testid=pay-invoice]").Click();
        _processor.Release();

        page.WaitForAssertion(() => Assert.Equal("Thank you: invoice ACME-0013 is paid.", page.Find("[data-testid=pay-result]").TextContent.Trim()));
        Assert.Equal(1, _processor.Charges);
        Assert.Equal("paid", page.Find(".status-chip").GetAttribute("data-status"));
        Assert.Empty(page.FindAll("[data-testid=pay-panel]"));
        using var db = DbFactory.CreateDbContext();
        Assert.Equal(InvoiceStatus.Paid, db.Invoices.Single(i => i.Id == id).Status);
        Assert.Equal(1, db.Events.Count(e => e.Type == "invoice.paid" && e.PortalSessionId == access.SessionId));
    }

    [Fact]
    public async Task A_declined_payment_says_why_in_the_page_and_leaves_it_open()
    {
        var id = OpenInvoice();
        _processor.Declines = true;
        var page = Open(await SignInAsync(), id);
        page.WaitForAssertion(() => page.Find("[data-testid=pay-invoice]"));

        page.Find("[data-testid=pay-invoice]").Click();

        page.WaitForAssertion(() => Assert.Equal("Your card was declined.", page.Find("[data-testid=pay-result]").TextContent.Trim()));
        Assert.Equal("open", page.Find(".status-chip").GetAttribute("data-status"));
        Assert.Contains("failed: Your card was declined.", page.Find("[data-testid=payment-error]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void Another_customers_invoice_is_not_found_and_shows_nothing_of_it()
    {
        AddPortalCustomer("cust_other");

        var page = Open(AccessFor("cust_other"), InvoiceId("ACME-0012"));

        page.WaitForAssertion(() => Assert.Equal("Invoice not found", page.Find("h1").TextContent));
        Assert.NotNull(page.Find("[data-testid=invoice-not-found]"));
        Assert.DoesNotContain("ACME-0012", page.Markup, StringComparison.Ordinal);
        Assert.DoesNotContain("Jane Cooper", page.Markup, StringComparison.Ordinal);
        Assert.DoesNotContain("$49.00", page.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_id_is_not_found()
    {
        var page = Open(AccessFor(), "in_doesNotExist");

        page.WaitForAssertion(() => Assert.Equal("Invoice not found", page.Find("h1").TextContent));
    }

    [Fact]
    public void When_invoice_history_is_off_no_invoice_shows()
    {
        ChangeConfiguration(c => c.Features.InvoiceHistory = false);

        var page = Open(AccessFor(), InvoiceId("ACME-0012"));

        Assert.NotNull(page.Find("[data-testid=invoices-unavailable]"));
        Assert.DoesNotContain("$49.00", page.Markup, StringComparison.Ordinal);
    }

    private string DefaultCardId()
    {
        using var db = DbFactory.CreateDbContext();
        return db.Customers.Single(c => c.Id == DemoSeeder.CustomerId).DefaultPaymentMethodId!;
    }

    /// <summary>Succeeds (or declines when told to); can hold a charge in flight to test double clicks.</summary>
    private sealed class GatedProcessor : IPaymentProcessor
    {
        private TaskCompletionSource _gate = CompletedGate();
        private readonly TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _charges;

        /// <summary>Completes when the first charge reaches the processor.</summary>
        public Task ChargeStarted => _started.Task;

        public int Charges => Volatile.Read(ref _charges);

        public bool Declines { get; set; }

        public void Hold() => _gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        public void Release() => _gate.TrySetResult();

        public async Task<ChargeOutcome> ChargeAsync(ChargeRequest charge, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _charges);
            _started.TrySetResult();
            await _gate.Task;
            return Declines
                ? new ChargeOutcome(null, new PaymentDecline("card_declined", "Your card was declined."))
                : new ChargeOutcome($"ch_test_{charge.IdempotencyKey}", null);
        }

        public Task<AttachOutcome> AttachAsync(CardDetails card, ICustomerScope customer, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<CardAuthentication?> FindAuthenticationAsync(ICustomerScope customer, string authenticationId, CancellationToken cancellationToken) =>
            Task.FromResult<CardAuthentication?>(null);

        public Task<CardAuthentication?> AuthenticateAsync(ICustomerScope customer, string authenticationId, bool completed, CancellationToken cancellationToken) =>
            throw new NotSupportedException();

        public Task<RefundOutcome> RefundAsync(RefundRequest refund, CancellationToken cancellationToken) => throw new NotSupportedException();

        private static TaskCompletionSource CompletedGate()
        {
            var gate = new TaskCompletionSource();
            gate.SetResult();
            return gate;
        }
    }

    private sealed class SignedIn : AuthenticationStateProvider
    {
        public ClaimsPrincipal User { get; set; } = new(new ClaimsIdentity());

        public override Task<AuthenticationState> GetAuthenticationStateAsync() => Task.FromResult(new AuthenticationState(User));
    }

    /// <summary>PortalBaseUrl asks the server for its address only when no public URL is configured; here one is.</summary>
    private sealed class NoServer : IServer
    {
        public IFeatureCollection Features { get; } = new FeatureCollection();

        public Task StartAsync<TContext>(IHttpApplication<TContext> application, CancellationToken cancellationToken) where TContext : notnull => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public void Dispose()
        {
        }
    }
}
