using Bunit;
using Vinr.Portal.Api.Features.BillingPortal.Portal;
using Vinr.Portal.Api.Features.BillingPortal.Sessions;
using Vinr.Portal.Components.Pages.Session;

namespace Vinr.Portal.Tests.Components.Pages.Session;

public sealed class LinkPageTests : BunitContext
{
    private static readonly PortalBranding Acme = new("Acme Cloud", "/demo/acme-logo.svg", "#123456", null, "https://example.com/privacy", null);

    [Fact]
    public void The_confirm_page_has_one_button_and_no_script()
    {
        var page = Render<LinkPage>(p => p
            .Add(c => c.Kind, LinkPage.PageKind.Confirm)
            .Add(c => c.Inspection, new LinkInspection(LinkState.Redeemable, Acme, "Jane Cooper", "j•••@example.com", "https://example.com", null))
            .Add(c => c.AntiforgeryFieldName, "__RequestVerificationToken")
            .Add(c => c.AntiforgeryToken, "t0k3n"));

        Assert.Single(page.FindAll("button"));
        Assert.Empty(page.FindAll("script"));
        Assert.Equal("post", page.Find("form").GetAttribute("method"));
        Assert.Equal("t0k3n", page.Find("input[type=hidden]").GetAttribute("value"));
        Assert.Contains("--accent: #123456", page.Find("body").GetAttribute("style"), StringComparison.Ordinal);
    }

    [Fact]
    public void An_invalid_link_names_no_merchant_and_offers_no_way_in()
    {
        var page = Render<LinkPage>(p => p.Add(c => c.Kind, LinkPage.PageKind.Failure).Add(c => c.Inspection, LinkInspection.Invalid));

        Assert.Contains("This link has expired or was already used", page.Markup, StringComparison.Ordinal);
        Assert.Empty(page.FindAll("button"));
        Assert.Empty(page.FindAll(".actions a"));
        Assert.Contains("Ask the merchant for a new link.", page.Markup, StringComparison.Ordinal);
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
    }

    [Fact]
    public void A_merchant_colour_that_is_not_a_hex_colour_never_reaches_the_style()
    {
        var hostile = Acme with { AccentColor = "red; background: url(https://evil.test)" };

        var page = Render<LinkPage>(p => p
            .Add(c => c.Kind, LinkPage.PageKind.Failure)
            .Add(c => c.Inspection, new LinkInspection(LinkState.Unavailable, hostile, null, null, null, null)));

        Assert.Equal("--accent: #4338CA", page.Find("body").GetAttribute("style"));
    }
}
