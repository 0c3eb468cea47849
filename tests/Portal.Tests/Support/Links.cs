using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Vinr.Portal.Tests.Support;

/// <summary>What a browser does with a link: open it, press Continue.</summary>
public static partial class Links
{
    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();

    public static string PathOf(JsonElement session) => new Uri(session.GetProperty("url").GetString()!).AbsolutePath;

    public static string TokenOf(JsonElement session) => PathOf(session).Split('/')[^1];

    public static string? FormToken(string html) => AntiforgeryField().Match(html) is { Success: true } m ? WebUtility.HtmlDecode(m.Groups[1].Value) : null;

    /// <summary>POSTs a form as the page would (same origin, with the anti-forgery field).</summary>
    public static Task<HttpResponseMessage> PostFormAsync(HttpClient browser, string path, string? antiforgeryToken, string origin = "http://localhost")
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path)
        {
            Content = new FormUrlEncodedContent(antiforgeryToken is null ? [] : [new("__RequestVerificationToken", antiforgeryToken)]),
        };
        request.Headers.Add("Origin", origin);
        return browser.SendAsync(request);
    }

    /// <summary>Opens the link and presses Continue; returns the POST's response.</summary>
    public static async Task<HttpResponseMessage> ContinueAsync(HttpClient browser, string path)
    {
        var page = await browser.GetAsync(path);
        var html = await page.Content.ReadAsStringAsync();
        return await PostFormAsync(browser, path, FormToken(html));
    }

    public static string? SetCookie(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues("Set-Cookie", out var values) ? values.FirstOrDefault(v => v.StartsWith(name + "=", StringComparison.Ordinal)) : null;
}
