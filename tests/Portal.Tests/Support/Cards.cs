using System.Net.Http.Json;
using System.Text.RegularExpressions;

namespace Vinr.Portal.Tests.Support;

/// <summary>What the card form's script does: read its token, POST the card as JSON.</summary>
public static partial class Cards
{
    [GeneratedRegex("name=\"request-verification-token\" content=\"([^\"]+)\"")]
    private static partial Regex TokenMeta();

    public static object Card(string number, string cvc = "123", int expYear = 2034) =>
        new { number, exp_month = 12, exp_year = expYear, cvc, name = "Jane Cooper", postal_code = "94104" };

    public static async Task<HttpResponseMessage> AddAsync(HttpClient browser, object card, bool withToken = true)
    {
        var form = await (await browser.GetAsync("/portal/card-form")).Content.ReadAsStringAsync();
        var request = new HttpRequestMessage(HttpMethod.Post, "/portal/payment-methods") { Content = JsonContent.Create(card) };
        request.Headers.Add("Sec-Fetch-Site", "same-origin");
        if (withToken && TokenMeta().Match(form) is { Success: true } token)
        {
            request.Headers.Add("RequestVerificationToken", System.Net.WebUtility.HtmlDecode(token.Groups[1].Value));
        }
        return await browser.SendAsync(request);
    }
}
