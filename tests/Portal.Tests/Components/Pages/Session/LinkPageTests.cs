using System.Globalization;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Vinr.Portal.Api.Features.BillingPortal.Portal;
using Vinr.Portal.Api.Features.BillingPortal.Sessions;
using Vinr.Portal.Components.Layout;
using Vinr.Portal.Components.Pages.Session;

namespace Vinr.Portal.Tests.Components.Pages.Session;

public sealed class LinkPageTests : BunitContext
{
    private static readonly PortalBranding Acme = new("Acme Cloud", "/demo/acme-logo.svg", "#123456", "Billing made simple.", "https://example.com/privacy", "https://example.com/terms");
    private static readonly LinkInspection Redeemable = new(LinkState.Redeemable, Acme, "Jane Cooper", "j•••@example.com", "https://example.com", null);

    public LinkPageTests()
    {
        Services.AddLocalization(o => o.ResourcesPath = "Resources");
        InCulture("en");
    }

    // The endpoint renders in the session's culture by setting the current one; so does this.
    private static void InCulture(string name) =>
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(name);

    private IRenderedComponent<LinkPage> Confirm(LinkInspection inspection) =>
        Render<LinkPage>(p => p
            .Add(c => c.Kind, LinkPage.PageKind.Confirm)
            .Add(c => c.Inspection, inspection)
            .Add(c => c.AntiforgeryFieldName, "__RequestVerificationToken")
            .Add(c => c.AntiforgeryToken, "t0k3n"));

    [Fact]
    public void The_confirm_page_has_one_button_and_no_script()
    {
        var page = Confirm(Redeemable);

        Assert.Single(page.FindAll("button"));
        Assert.Empty(page.FindAll("script"));
        Assert.Equal("post", page.Find("form").GetAttribute("method"));
        Assert.Equal("t0k3n", page.Find("input[type=hidden]").GetAttribute("value"));
        Assert.Contains("--accent: #123456", page.Find("body").GetAttribute("style"), StringComparison.Ordinal);
    }

    [Fact]
    public void The_confirm_page_is_branded_with_landmarks_and_one_heading()
    {
        var page = Confirm(Redeemable);

        Assert.Equal("Acme Cloud", page.Find("header [data-testid=merchant]").TextContent);
        Assert.Equal("Billing made simple.", page.Find("header .headline").TextContent);
        Assert.Equal("/demo/acme-logo.svg", page.Find("header img").GetAttribute("src"));
        Assert.Equal(["https://example.com/privacy", "https://example.com/terms"], page.FindAll("footer a").Select(a => a.GetAttribute("href")));
        Assert.Single(page.FindAll("main"));
        Assert.Single(page.FindAll("h1"));
        Assert.Equal("en", page.Find("html").GetAttribute("lang"));
    }

    [Fact]
    public void The_accent_comes_with_readable_text_colours_for_both_themes()
    {
        var colors = BrandColors.For("#FACC15");

        var page = Confirm(Redeemable with { Branding = Acme with { AccentColor = "#facc15" } });

        Assert.Equal(
            $"--accent: #FACC15; --on-accent: {colors.OnAccent}; --accent-text-light: {colors.TextOnLight}; --accent-text-dark: {colors.TextOnDark}",
            page.Find("body").GetAttribute("style"));
        Assert.Equal("#000000", colors.OnAccent);
    }

    [Theory]
    [InlineData("fr", "Gérez votre facturation", "Continuer vers la facturation", "Continuer vers la facturation · Acme Cloud")]
    [InlineData("de", "Verwalten Sie Ihre Abrechnung", "Weiter zur Abrechnung", "Weiter zur Abrechnung · Acme Cloud")]
    [InlineData("es", "Gestione su facturación", "Continuar a la facturación", "Continuar a la facturación · Acme Cloud")]
    public void The_confirm_page_speaks_the_current_language(string language, string heading, string button, string title)
    {
        InCulture(language);

        var page = Confirm(Redeemable);

        Assert.Equal(language, page.Find("html").GetAttribute("lang"));
        Assert.Equal(heading, page.Find("h1").TextContent);
        Assert.Equal(button, page.Find("button").TextContent);
        Assert.Equal(title, page.Find("title").TextContent);
    }

    [Fact]
    public void An_invalid_link_names_no_merchant_and_offers_no_way_in()
    {
        var page = Render<LinkPage>(p => p.Add(c => c.Kind, LinkPage.PageKind.Failure).Add(c => c.Inspection, LinkInspection.Invalid));

        Assert.Contains("This link has expired or was already used", page.Markup, StringComparison.Ordinal);
        Assert.Empty(page.FindAll("button"));
        Assert.Empty(page.FindAll(".actions a"));
        Assert.Empty(page.FindAll("footer a"));
        Assert.Equal("VINR", page.Find("header [data-testid=merchant]").TextContent);
        Assert.Contains("Ask the merchant for a new link.", page.Markup, StringComparison.Ordinal);
        Assert.Contains($"--accent: {BrandColors.DefaultAccent}", page.Find("body").GetAttribute("style"), StringComparison.Ordinal);
    }

    [Fact]
    public void A_used_genuine_link_offers_a_new_link_and_the_way_back()
    {
        var page = Render<LinkPage>(p => p
            .Add(c => c.Kind, LinkPage.PageKind.Failure)
            .Add(c => c.Inspection, new LinkInspection(LinkState.Unavailable, Acme, null, null, "https://example.com/account", "https://example.com/refresh")));

        var links = page.FindAll(".actions a");
        Assert.Equal("https://example.com/refresh", links[0].GetAttribute("href"));
        Assert.Equal("https://example.com/account", links[1].GetAttribute("href"));
        Assert.Contains("Return to Acme Cloud", links[1].TextContent, StringComparison.Ordinal);
        Assert.Equal("Acme Cloud", page.Find("header [data-testid=merchant]").TextContent);
        Assert.Equal(2, page.FindAll("footer a").Count);
    }

    [Fact]
    public void A_merchant_colour_that_is_not_a_hex_colour_never_reaches_the_style()
    {
        var hostile = Acme with { AccentColor = "red; background: url(https://evil.test)" };

        var page = Render<LinkPage>(p => p
            .Add(c => c.Kind, LinkPage.PageKind.Failure)
            .Add(c => c.Inspection, new LinkInspection(LinkState.Unavailable, hostile, null, null, null, null)));

        var style = page.Find("body").GetAttribute("style")!;
        Assert.StartsWith($"--accent: {BrandColors.DefaultAccent};", style, StringComparison.Ordinal);
        Assert.DoesNotContain("evil", style, StringComparison.Ordinal);
    }
}
