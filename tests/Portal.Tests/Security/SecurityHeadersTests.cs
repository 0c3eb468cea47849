using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Extensions.DependencyInjection;
using Vinr.Portal.Tests.Support;

namespace Vinr.Portal.Tests.Security;

/// <summary>
/// Every route the app maps, asked as an anonymous client over a real socket, answers with one CSP
/// that allows no inline script and posts forms only here, no sniffing, no framing, and no
/// <c>Server</c> banner.
/// </summary>
public sealed class SecurityHeadersTests(KestrelPortalFactory factory) : IClassFixture<KestrelPortalFactory>
{
    [Fact]
    public async Task Every_route_sends_one_strict_policy_and_no_server_banner()
    {
        using var client = factory.CreateApiClient(key: null);
        var routes = factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Select(e => (Method: e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods is [var first, ..] ? first : "GET", Path: Concrete(e.RoutePattern)))
            .Distinct().ToList();
        var problems = new List<string>();

        foreach (var (method, path) in routes)
        {
            using var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));
            var policies = response.Headers.TryGetValues("Content-Security-Policy", out var values) ? values.ToList() : [];
            var policy = policies.FirstOrDefault() ?? "";
            var scripts = policy.Split(';').Select(d => d.Trim()).FirstOrDefault(d => d.StartsWith("script-src", StringComparison.Ordinal)) ?? "";
            if (policies.Count != 1 || scripts.Length == 0 || scripts.Contains("unsafe-inline", StringComparison.Ordinal)
                || !policy.Contains("form-action", StringComparison.Ordinal) || !policy.Contains("frame-ancestors", StringComparison.Ordinal))
            {
                problems.Add($"{method} {path}: {policies.Count} CSP headers: {string.Join(" | ", policies)}");
            }
            if (response.Headers.Server.Count > 0)
            {
                problems.Add($"{method} {path}: Server: {response.Headers.Server}");
            }
            if (!response.Headers.TryGetValues("X-Content-Type-Options", out var sniff) || sniff.Single() != "nosniff")
            {
                problems.Add($"{method} {path}: no X-Content-Type-Options: nosniff");
            }
        }

        Assert.True(routes.Count >= 40, $"only {routes.Count} routes found");
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    /// <summary>A path that matches the pattern: each parameter filled with a plausible word.</summary>
    private static string Concrete(RoutePattern pattern) =>
        "/" + string.Join("/", pattern.PathSegments.Select(segment => string.Concat(segment.Parts.Select(part => part switch
        {
            RoutePatternLiteralPart literal => literal.Content,
            RoutePatternParameterPart parameter => parameter.IsCatchAll ? "a/b" : "x",
            RoutePatternSeparatorPart separator => separator.Content,
            _ => "",
        }))));
}

/// <summary>"Return" redirects to the merchant after a form post, and browsers hold that redirect to form-action.</summary>
public sealed class FormActionTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    [Fact]
    public async Task A_portal_page_may_post_only_here_and_to_its_return_origin()
    {
        var (_, browser) = await factory.OpenPortalAsync(returnUrl: "https://shop.example.com:8443/account?tab=billing");
        using (browser)
        {
            using var response = await browser.GetAsync("/");

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var policy = Assert.Single(response.Headers.GetValues("Content-Security-Policy"));
            Assert.EndsWith("; form-action 'self' https://shop.example.com:8443", policy, StringComparison.Ordinal);
        }
    }
}

/// <summary>Outside Development: over https, HSTS asks for a year, subdomains included; logs are JSON.</summary>
public sealed class OutsideDevelopmentTests(OutsideDevelopmentTests.ProductionFactory factory) : IClassFixture<OutsideDevelopmentTests.ProductionFactory>
{
    [Fact]
    public async Task Https_responses_outside_development_carry_a_year_of_hsts_with_subdomains()
    {
        using var client = factory.CreateClient(new() { BaseAddress = new Uri("https://billing.example.com"), AllowAutoRedirect = false });

        using var response = await client.GetAsync("/healthz");

        Assert.Equal("max-age=31536000; includeSubDomains", Assert.Single(response.Headers.GetValues("Strict-Transport-Security")));
    }

    [Fact]
    public void Logs_outside_development_are_one_json_object_per_line()
    {
        var console = factory.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<Microsoft.Extensions.Logging.Console.ConsoleLoggerOptions>>().Value;

        Assert.Equal(Microsoft.Extensions.Logging.Console.ConsoleFormatterNames.Json, console.FormatterName);
    }

    public sealed class ProductionFactory : PortalFactory
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseEnvironment("Production");
            builder.UseSetting("Database:MigrateOnStartup", "true"); // outside Development a release step would have run migrate
            builder.UseSetting("Payments:FingerprintKey", Convert.ToBase64String(new byte[32]));
        }
    }
}
