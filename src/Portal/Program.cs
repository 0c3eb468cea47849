using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server.Circuits;
using Microsoft.AspNetCore.HttpLogging;
using Microsoft.Extensions.Options;
using MudBlazor.Services;
using Vinr.Portal;
using Vinr.Portal.Api;
using Vinr.Portal.Api.Features.BillingPortal.Sessions;
using Vinr.Portal.Api.Features.PaymentMethods;
using Vinr.Portal.Api.Infrastructure.Data;
using Vinr.Portal.Bench;
using Vinr.Portal.Components;
using Vinr.Portal.Components.Layout;
using Vinr.Portal.Components.Pages.Session;
using Vinr.Portal.Docs;
using Vinr.Portal.Invoices;
using Vinr.Portal.PaymentMethods;
using Vinr.Portal.Security;
using Vinr.Portal.Sessions;

// "migrate": bring the database to this build's migrations and exit (a release step; see DatabaseMigrator).
var migrateOnly = args is ["migrate", ..];
var builder = WebApplication.CreateBuilder(migrateOnly ? args[1..] : args);
builder.Configuration.UseRootAppSettings();
builder.WebHost.ConfigureKestrel(o => o.AddServerHeader = false); // no product banner for a scanner
// A build's output (not a publish) finds Blazor's script and the assets through the build's manifest,
// which ASP.NET Core reads only in Development: read it in every environment, so `dotnet run -c Release`
// in Production works too. A published app has no such manifest, and this does nothing there.
builder.WebHost.UseStaticWebAssets();

// Link tokens are bearer secrets in the path. ASP.NET Core's request log and the router's debug
// diagnostics write raw paths, so both are capped in code (configuration cannot re-enable them);
// the HTTP log below replaces the request log with a redacted path (LinkTokenRedactor). Hosting is
// off entirely: while its category is on it opens a scope with the raw RequestPath around every
// line of the request, which the JSON logs below print. Lines still carry TraceId and SpanId.
// LinkTests.The_token_appears_in_no_log_line runs everything else at Trace, scopes included.
builder.Logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.None);
if (!builder.Environment.IsDevelopment())
{
    // One JSON object per line, with scopes (the trace id among them), for a log collector to parse.
    builder.Logging.AddJsonConsole(o => o.IncludeScopes = true);
}
builder.Logging.AddFilter("Microsoft.AspNetCore.Routing.Matching", LogLevel.Information);
builder.Services.AddHttpLogging(o =>
{
    o.LoggingFields = HttpLoggingFields.RequestMethod | HttpLoggingFields.RequestPath | HttpLoggingFields.ResponseStatusCode | HttpLoggingFields.Duration;
    o.CombineLogs = true;
});
builder.Services.AddHttpLoggingInterceptor<LinkTokenRedactor>();

// The merchant API and the billing domain (Portal.Api).
builder.Services.AddBillingApi();

// The portal: Blazor Server with MudBlazor, behind a cookie for a server-side session.
builder.Services.AddRazorComponents().AddInteractiveServerComponents();
builder.Services.AddLocalization(o => o.ResourcesPath = "Resources");
builder.Services.AddMudServices(o => o.SnackbarConfiguration.PositionClass = MudBlazor.Defaults.Classes.Position.BottomRight);
builder.Services.AddTransient<MudBlazor.MudLocalizer, PortalMudLocalizer>();
builder.Services.AddPortalCookie();
builder.Services.AddAuthorization();
builder.Services.AddCascadingAuthenticationState();
builder.Services.AddScoped<AuthenticationStateProvider, PortalAuthenticationStateProvider>();
builder.Services.AddScoped<CurrentPortal>();
builder.Services.AddScoped<CircuitActivity>();
builder.Services.AddSingleton<CircuitSlots>();
builder.Services.AddScoped<CircuitSlot>();
builder.Services.AddScoped<CircuitHandler, CircuitActivityHandler>();
builder.Services.AddAntiforgery(o => o.SuppressXFrameOptionsHeader = true); // SecurityHeaders sends DENY
builder.Services.AddKeyedSingleton(AttemptLimiter.Links, (sp, _) =>
{
    var portal = sp.GetRequiredService<IOptions<PortalSessionOptions>>().Value;
    return new AttemptLimiter(portal.RedeemAttemptsPerClientPerMinute, portal.RedeemAttemptsPerSessionPerMinute, TimeSpan.FromMinutes(1));
});
builder.Services.AddKeyedSingleton(AttemptLimiter.Cards, (sp, _) =>
{
    var perSession = sp.GetRequiredService<IOptions<PaymentOptions>>().Value.CardAttemptsPerSessionPerHour;
    return new AttemptLimiter(perClient: perSession * 3, perSubject: perSession, TimeSpan.FromHours(1));
});
builder.Services.AddHsts(o =>
{
    o.MaxAge = TimeSpan.FromDays(365);
    o.IncludeSubDomains = true;
});
builder.Services.AddPortalTelemetry(builder.Configuration);
var keyRingEncrypted = builder.Services.AddKeyRingProtection(builder.Configuration);
builder.Services.AddHealthChecks().AddCheck<ReadinessCheck>("ready", tags: ["ready"]);

var app = builder.Build();
if (migrateOnly)
{
    var applied = await app.Services.GetRequiredService<DatabaseMigrator>().MigrateAsync(CancellationToken.None);
    Console.WriteLine(applied.Count == 0 ? "The database is up to date." : $"Applied {applied.Count} migration(s): {string.Join(", ", applied)}.");
    return;
}
if (!keyRingEncrypted)
{
    app.Logger.LogWarning(KeyRingProtection.Unprotected);
}

// First: the client address and scheme as the configured proxies saw them (ProxyHeaders), for everything after.
app.UseProxyHeaders(app.Configuration);

// A friendly page, never a stack trace, in every environment (the API writes its own error shape).
app.UseExceptionHandler("/error", createScopeForErrors: true);
if (!app.Environment.IsDevelopment())
{
    app.UseHsts();
}
app.UseSecurityHeaders();
app.UseHubOriginCheck();
// Routing runs after the path rewrite, so /v1/billing_portal/... reaches the /v1/billing-portal/... endpoints.
app.UseStripePaths();
app.UseRouting();
app.UseHttpLogging();
app.UseBillingApi();
app.MapStaticAssets();
app.UseAuthentication();
app.UseAuthorization();
// After authentication: the portal speaks its session's locale (PortalCulture).
app.UsePortalCulture();
app.UseAntiforgery();

app.MapBillingApi();
app.MapPortalLinks();
app.MapCardEntry();
app.MapChallenges();
app.MapInvoiceDownloads();
app.Map("/error", () => LinkPage.Error()).ExcludeFromDescription();
app.MapHealthChecks("/healthz", new() { Predicate = _ => false });
app.MapHealthChecks("/readyz", new() { Predicate = check => check.Tags.Contains("ready") });
app.MapApiReference();
// SecurityHeaders sends the one CSP (frame-ancestors 'none' included); Blazor would add a second.
app.MapRazorComponents<App>().AddInteractiveServerRenderMode(o => o.ContentSecurityFrameAncestorsPolicy = null);

// The ceilings benchmarks compare against, in this same build and pipeline (bench/README.md).
if (app.Configuration.GetValue<bool>("Bench:Enabled"))
{
    app.MapBenchCeilings();
}

app.Run();
