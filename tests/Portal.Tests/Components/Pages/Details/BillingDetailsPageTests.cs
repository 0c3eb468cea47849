using System.Security.Claims;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MudBlazor;
using Vinr.Portal.Api.Features.BillingPortal.Configurations;
using Vinr.Portal.Api.Features.BillingPortal.Sessions;
using Vinr.Portal.Api.Features.Customers;
using Vinr.Portal.Api.Features.Demo;
using Vinr.Portal.Api.Infrastructure.Http;
using Vinr.Portal.Sessions;
using Page = Vinr.Portal.Components.Pages.Details.BillingDetailsPage;
using Vinr.Portal.Tests.Support;

namespace Vinr.Portal.Tests.Components.Pages.Details;

public sealed class BillingDetailsPageTests : PortalComponentTest
{
    private readonly GatedAuthentication _authentication = new();
    private readonly IRenderedComponent<MudSnackbarProvider> _snackbars;

    public BillingDetailsPageTests()
    {
        // Real sessions in the test database: Save re-checks the session there, as in the app.
        var options = Options.Create(new PortalSessionOptions { PublicBaseUrl = "https://billing.example.com" });
        Services.AddSingleton(new PortalSessions(DbFactory, new SessionLinks(new EphemeralDataProtectionProvider()),
            new PortalBaseUrl(options, new NoServer()), options, TimeProvider.System));
        Services.AddSingleton<AuthenticationStateProvider>(_authentication);
        Services.AddScoped<CurrentPortal>();
        Render<MudPopoverProvider>();
        _snackbars = Render<MudSnackbarProvider>();
    }

    /// <summary>The browser's cookie, as a principal; the gate, when shut, holds the session check (and so the save) mid-way.</summary>
    private sealed class GatedAuthentication : AuthenticationStateProvider
    {
        public ClaimsPrincipal User { get; set; } = new(new ClaimsIdentity());
        public TaskCompletionSource Gate { get; set; } = CompletedGate();
        public int Checks { get; private set; }

        public override async Task<AuthenticationState> GetAuthenticationStateAsync()
        {
            Checks++;
            await Gate.Task;
            return new AuthenticationState(User);
        }

        private static TaskCompletionSource CompletedGate()
        {
            var gate = new TaskCompletionSource();
            gate.SetResult();
            return gate;
        }
    }

    private sealed class NoServer : IServer
    {
        public IFeatureCollection Features { get; } = new FeatureCollection();
        public Task StartAsync<TContext>(IHttpApplication<TContext> application, CancellationToken cancellationToken) where TContext : notnull => Task.CompletedTask;
        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
        public void Dispose() { }
    }

    /// <summary>A merchant-minted session, redeemed, its cookie in this "browser": what Continue leaves behind.</summary>
    private async Task<PortalAccess> SignInAsync()
    {
        var sessions = Services.GetRequiredService<PortalSessions>();
        var session = await sessions.CreateAsync(new ApiCaller(DemoSeeder.MerchantId, Livemode: false),
            new CreateSessionRequest(DemoSeeder.CustomerId, ReturnUrl: null, Configuration: null, Locale: null, ExpandCustomer: false), CancellationToken.None);
        var credential = (await sessions.RedeemAsync(session.Id, new Uri(session.Url!).AbsolutePath.Split('/')[^1], CancellationToken.None))?.Credential;
        _authentication.User = PortalCookie.Principal(credential!);
        return (await sessions.CheckAccessAsync(credential!, active: false, CancellationToken.None))!;
    }

    private void Configure(Action<CustomerUpdateFeature> change)
    {
        using var db = DbFactory.CreateDbContext();
        var configuration = db.PortalConfigurations.Single(c => c.MerchantId == DemoSeeder.MerchantId && c.IsDefault);
        change(configuration.Features.CustomerUpdate);
        configuration.Features.CustomerUpdate.AllowedFields = [.. configuration.Features.CustomerUpdate.AllowedFields];
        db.SaveChanges();
    }

    private Customer StoredCustomer()
    {
        using var db = DbFactory.CreateDbContext();
        return db.Customers.AsNoTracking().Single(c => c.Id == DemoSeeder.CustomerId);
    }

    private int CustomerUpdatedEvents()
    {
        using var db = DbFactory.CreateDbContext();
        return db.Events.Count(e => e.Type == "customer.updated");
    }

    private IRenderedComponent<Page> RenderForm(PortalAccess? access = null, string culture = "en")
    {
        var page = RenderInPortal<Page>(access ?? AccessFor(), culture);
        page.WaitForElement("[data-testid=details-form]");
        return page;
    }

    [Fact]
    public void Every_field_is_offered_by_default_each_with_a_label_and_the_current_value()
    {
        var page = RenderForm();

        foreach (var id in new[] { "name", "email", "phone", "line1", "line2", "city", "state", "postal_code", "tax_id" })
        {
            Assert.NotNull(page.Find($"input#{id}"));
            Assert.NotNull(page.Find($"label[for={id}]"));
        }
        Assert.Equal("Jane Cooper", page.Find("input#name").GetAttribute("value"));
        Assert.Equal("email", page.Find("input#email").GetAttribute("autocomplete"));
        Assert.Equal("548 Market St", page.Find("input#line1").GetAttribute("value"));
        Assert.Equal("United States", page.Find("input#country").GetAttribute("value"));
    }

    [Fact]
    public void Only_the_fields_the_merchant_allows_are_shown()
    {
        Configure(f => f.AllowedFields = ["address", "tax_id"]);

        var page = RenderForm();

        Assert.Empty(page.FindAll("input#name"));
        Assert.Empty(page.FindAll("input#email"));
        Assert.Empty(page.FindAll("input#phone"));
        Assert.DoesNotContain("Contact", page.Markup, StringComparison.Ordinal);
        Assert.NotNull(page.Find("input#line1"));
        Assert.NotNull(page.Find("input#postal_code"));
        Assert.NotNull(page.Find("input#tax_id"));
    }

    [Fact]
    public void When_editing_is_off_the_page_says_so_and_offers_no_form()
    {
        Configure(f => f.Enabled = false);

        var page = RenderInPortal<Page>(AccessFor());

        page.WaitForAssertion(() => Assert.Contains("Billing details can't be changed here.", page.Find("[data-testid=details-locked]").TextContent, StringComparison.Ordinal));
        Assert.Contains("contact Acme Cloud", page.Find("[data-testid=details-locked]").TextContent, StringComparison.Ordinal);
        Assert.Empty(page.FindAll("form"));
        Assert.Empty(page.FindAll("input"));
        Assert.Contains("Jane Cooper", page.Markup, StringComparison.Ordinal);
        Assert.Contains("548 Market St, San Francisco, CA, 94104, United States", page.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public void A_bad_email_is_called_out_when_the_customer_leaves_the_field_and_cleared_once_fixed()
    {
        var page = RenderForm();

        page.Find("input#email").Change("jane@example");

        // The message is the input's description, so a screen reader reads it with the field.
        page.WaitForAssertion(() => Assert.Equal("Enter a valid email address, like name@example.com.", page.Find("#email-error").TextContent));
        Assert.Equal("true", page.Find("input#email").GetAttribute("aria-invalid"));
        Assert.Contains("email-error", page.Find("input#email").GetAttribute("aria-describedby") ?? "", StringComparison.Ordinal);
        Assert.DoesNotContain("Enter your name.", page.Markup, StringComparison.Ordinal);

        page.Find("input#email").Change("jane@example.com");

        page.WaitForAssertion(() => Assert.DoesNotContain("Enter a valid email address", page.Markup, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Save_with_mistakes_marks_each_field_and_saves_nothing()
    {
        await SignInAsync();
        var page = RenderForm();
        page.Find("input#name").Change("");
        page.Find("input#postal_code").Change("94104!");
        page.Find("input#tax_id").Change("US/1");

        await page.Find("form").SubmitAsync();

        Assert.Contains("Enter your name.", page.Markup, StringComparison.Ordinal);
        Assert.Contains("Enter a postal code of up to 16 letters, digits, spaces or hyphens.", page.Markup, StringComparison.Ordinal);
        Assert.Contains("A tax ID can have up to 64 letters, digits, spaces, hyphens and dots.", page.Markup, StringComparison.Ordinal);
        var summary = page.Find("[role=alert][data-testid=form-error]");
        Assert.Equal("Please correct these 3 fields:", summary.QuerySelector("p")!.TextContent);
        Assert.Equal(["Name: Enter your name.", "Postal code: Enter a postal code of up to 16 letters, digits, spaces or hyphens.",
            "Tax ID (optional): A tax ID can have up to 64 letters, digits, spaces, hyphens and dots."], summary.QuerySelectorAll("li").Select(li => li.TextContent));
        // Each field is marked invalid and tied to its own message.
        var name = page.Find("input#name");
        Assert.Equal("true", name.GetAttribute("aria-invalid"));
        Assert.Contains("name-error", name.GetAttribute("aria-describedby") ?? "", StringComparison.Ordinal);
        Assert.Equal("Enter your name.", page.Find("#name-error").TextContent.Trim());
        Assert.Equal(0, _authentication.Checks);
        Assert.Equal("Jane Cooper", StoredCustomer().Name);
        Assert.Equal(0, CustomerUpdatedEvents());
    }

    [Fact]
    public async Task In_french_the_labels_countries_and_problems_are_french()
    {
        await SignInAsync();
        var page = RenderForm(culture: "fr");
        Assert.Equal("Coordonnées de facturation", page.Find("h1").TextContent);
        Assert.NotNull(page.FindAll("label").SingleOrDefault(l => l.TextContent.Contains("Ligne d’adresse 1", StringComparison.Ordinal)));
        page.Find("input#email").Change("jane@");
        page.Find("input#postal_code").Change("94104!");

        await page.Find("form").SubmitAsync();

        var summary = page.Find("[role=alert][data-testid=form-error]");
        Assert.Equal("Veuillez corriger ces 2 champs\u00a0:", summary.QuerySelector("p")!.TextContent);
        Assert.Contains("Saisissez une adresse e-mail valide, comme nom@exemple.fr.", page.Find("#email-error").TextContent, StringComparison.Ordinal);
        Assert.Contains("Saisissez un code postal d’au plus 16 lettres", page.Find("#postal_code-error").TextContent, StringComparison.Ordinal);
        // The customer's country (US) by its French name, in a list sorted the French way.
        var names = Countries.All.Select(c => c.Name).ToList();
        Assert.Contains("États-Unis", names);
        Assert.True(names.IndexOf("Allemagne") < names.IndexOf("Autriche") && names.IndexOf("Espagne") < names.IndexOf("États-Unis"));
    }

    [Fact]
    public async Task Save_writes_the_details_for_this_session_and_says_so()
    {
        var access = await SignInAsync();
        var page = RenderForm(access);
        page.Find("input#line1").Change("1 Grand Canal Quay");
        page.Find("input#city").Change("Dublin");
        page.Find("input#state").Change("");
        page.Find("input#postal_code").Change("D02 X285");
        page.Find("input#tax_id").Change("IE1234567T");

        await page.Find("form").SubmitAsync();

        page.WaitForAssertion(() => Assert.Contains("Billing details saved", _snackbars.Markup, StringComparison.Ordinal));
        var stored = StoredCustomer();
        Assert.Equal(("1 Grand Canal Quay", "Dublin", null, "D02 X285", "IE1234567T"), (stored.Address.Line1, stored.Address.City, stored.Address.State, stored.Address.PostalCode, stored.TaxId));
        using var db = DbFactory.CreateDbContext();
        var update = db.Events.Single(e => e.Type == "customer.updated");
        Assert.Equal(("portal", access.SessionId), (update.Source, update.PortalSessionId));
        Assert.Equal(1, _authentication.Checks);
    }

    [Fact]
    public async Task A_second_save_while_the_first_runs_does_nothing()
    {
        await SignInAsync();
        var page = RenderForm();
        page.Find("input#tax_id").Change("US-99");
        _authentication.Gate = new TaskCompletionSource();

        var first = page.Find("form").SubmitAsync();
        page.WaitForAssertion(() => Assert.Equal(1, _authentication.Checks));
        var second = page.Find("form").SubmitAsync(); // Enter pressed again, or a double click
        _authentication.Gate.SetResult();
        await Task.WhenAll(first, second);

        page.WaitForAssertion(() => Assert.Contains("Billing details saved", _snackbars.Markup, StringComparison.Ordinal));
        Assert.Equal(1, _authentication.Checks);
        Assert.Equal(1, CustomerUpdatedEvents());
        Assert.Equal("US-99", StoredCustomer().TaxId);
    }

    [Fact]
    public async Task Save_after_the_session_ended_saves_nothing_and_leaves_for_the_signed_out_page()
    {
        var page = RenderForm(); // no cookie: the merchant expired the session, or the customer returned
        page.Find("input#tax_id").Change("US-99");

        await page.Find("form").SubmitAsync();

        Assert.EndsWith("/signed-out", Services.GetRequiredService<NavigationManager>().Uri, StringComparison.Ordinal);
        Assert.Null(StoredCustomer().TaxId);
        Assert.Equal(0, CustomerUpdatedEvents());
    }
}
