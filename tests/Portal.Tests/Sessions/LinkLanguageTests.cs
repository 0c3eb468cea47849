using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Vinr.Portal.Tests.Support;

namespace Vinr.Portal.Tests.Sessions;

/// <summary>
/// The link's page has no portal cookie to read a language from: it speaks the session's
/// <c>locale</c> when the link verified, else the browser's; a link that does not verify reveals nothing.
/// </summary>
public sealed class LinkLanguageTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    private async Task<JsonElement> CreateSessionAsync(string? locale)
    {
        using var api = factory.CreateApiClient();
        var form = new Dictionary<string, string> { ["customer"] = "cust_8aZ2", ["return_url"] = "https://example.com/account" };
        if (locale is not null)
        {
            form["locale"] = locale;
        }
        var response = await api.PostAsync("/v1/billing-portal/sessions", new FormUrlEncodedContent(form));
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static async Task<string> GetAsync(HttpClient browser, string path, string acceptLanguage)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("Accept-Language", acceptLanguage);
        // The renderer writes letters beyond ASCII as character references (é as &#xE9;).
        return WebUtility.HtmlDecode(await (await browser.SendAsync(request)).Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("fr", "<html lang=\"fr\">", "Continuer vers la facturation")]
    [InlineData("de", "<html lang=\"de\">", "Weiter zur Abrechnung")]
    [InlineData("es", "<html lang=\"es\">", "Continuar a la facturación")]
    public async Task The_confirm_page_speaks_the_sessions_locale_whatever_the_browser_asks(string locale, string lang, string button)
    {
        var session = await CreateSessionAsync(locale);
        using var browser = factory.CreateBrowser();

        var html = await GetAsync(browser, Links.PathOf(session), "en-US,en;q=0.9");

        Assert.Contains(lang, html, StringComparison.Ordinal);
        Assert.Contains(button, html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_a_locale_the_page_speaks_the_browsers_language()
    {
        var session = await CreateSessionAsync(null);
        using var browser = factory.CreateBrowser();

        var html = await GetAsync(browser, Links.PathOf(session), "de-DE,de;q=0.9");

        Assert.Contains("<html lang=\"de\">", html, StringComparison.Ordinal);
        Assert.Contains("Weiter zur Abrechnung", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_used_link_keeps_its_sessions_locale_and_an_unknown_one_the_browsers()
    {
        var session = await CreateSessionAsync("fr");
        using var browser = factory.CreateBrowser();
        await Links.ContinueAsync(browser, Links.PathOf(session));

        using var stranger = factory.CreateBrowser();

        var used = await GetAsync(stranger, Links.PathOf(session), "es");
        var unknown = await GetAsync(stranger, "/session/bps_unknown/test_tok_unknown", "es");

        Assert.Contains("<html lang=\"fr\">", used, StringComparison.Ordinal);
        Assert.Contains("Ce lien a expiré ou a déjà été utilisé", used, StringComparison.Ordinal);
        Assert.Contains("Acme Cloud", used, StringComparison.Ordinal);
        Assert.Contains("<html lang=\"es\">", unknown, StringComparison.Ordinal);
        Assert.Contains("Este enlace ha caducado o ya se ha utilizado", unknown, StringComparison.Ordinal);
        Assert.DoesNotContain("Acme Cloud", unknown, StringComparison.Ordinal);
    }
}
