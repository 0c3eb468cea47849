using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Vinr.Portal.Api.Features.PaymentMethods;
using Vinr.Portal.Tests.Support;

namespace Vinr.Portal.Tests.PaymentMethods;

/// <summary>Adding a card whose bank asks (3-D Secure): the card endpoint, the challenge page, and who may see or answer it.</summary>
public sealed partial class ChallengeEntryTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    [GeneratedRegex("name=\"request-verification-token\" content=\"([^\"]+)\"")]
    private static partial Regex TokenMeta();

    /// <summary>Adds the card and returns the challenge page's address the card frame is sent to.</summary>
    private static async Task<string> AskedAsync(HttpClient browser, string number)
    {
        var response = await Cards.AddAsync(browser, Cards.Card(number));
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("requires_action", body.GetProperty("status").GetString());
        return body.GetProperty("next_action").GetProperty("redirect_to_url").GetProperty("url").GetString()!;
    }

    /// <summary>What the challenge page's script does: read the page's token, POST the answer to the page's own address.</summary>
    private static async Task<HttpResponseMessage> AnswerAsync(HttpClient browser, string url, string result, bool withToken = true)
    {
        // The page's token; a stranger, who gets no page, brings one from their own card form.
        var page = await (await browser.GetAsync(url)).Content.ReadAsStringAsync();
        if (!TokenMeta().IsMatch(page))
        {
            page = await (await browser.GetAsync("/portal/card-form")).Content.ReadAsStringAsync();
        }
        var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = JsonContent.Create(new { result }) };
        request.Headers.Add("Sec-Fetch-Site", "same-origin");
        if (withToken && TokenMeta().Match(page) is { Success: true } token)
        {
            request.Headers.Add("RequestVerificationToken", WebUtility.HtmlDecode(token.Groups[1].Value));
        }
        return await browser.SendAsync(request);
    }

    private Task<int> CardsEndingAsync(string last4) =>
        factory.WithDbAsync(db => db.PaymentMethods.CountAsync(p => p.CustomerId == PortalFactory.DemoCustomer && p.Last4 == last4 && p.DetachedAt == null));

    private Task<List<string>> EventTypesAsync(string sessionId) =>
        factory.WithDbAsync(db => db.Events.Where(e => e.PortalSessionId == sessionId && !e.Type.StartsWith("billing_portal."))
            .OrderBy(e => e.Created).Select(e => e.Type).ToListAsync());

    [Theory]
    [InlineData(TestPaymentProcessor.AuthenticateOnSetup)]
    [InlineData(TestPaymentProcessor.AuthenticateAlways)]
    public async Task A_card_that_asks_is_attached_only_after_the_challenge_is_completed(string number)
    {
        var (session, browser) = await factory.OpenPortalAsync();
        var sessionId = session.GetProperty("id").GetString()!;
        var before = await CardsEndingAsync(number[^4..]);

        var url = await AskedAsync(browser, number);

        Assert.StartsWith("/portal/authenticate/seti_", url);
        Assert.Equal(before, await CardsEndingAsync(number[^4..]));
        Assert.Equal(["setup_intent.requires_action"], await EventTypesAsync(sessionId));
        var page = WebUtility.HtmlDecode(await (await browser.GetAsync(url)).Content.ReadAsStringAsync());
        Assert.Contains($"Visa •••• {number[^4..]}", page, StringComparison.Ordinal);
        Assert.Contains("Complete authentication", page, StringComparison.Ordinal);
        Assert.Contains("Fail authentication", page, StringComparison.Ordinal);
        Assert.DoesNotContain(number, page, StringComparison.Ordinal);

        var completed = await AnswerAsync(browser, url, "complete");

        Assert.Equal(HttpStatusCode.OK, completed.StatusCode);
        var pmId = (await completed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("payment_method").GetProperty("id").GetString()!;
        var stored = await factory.WithDbAsync(db => db.PaymentMethods.SingleAsync(p => p.Id == pmId));
        Assert.Equal(number[^4..], stored.Last4);
        Assert.Equal(pmId, await factory.WithDbAsync(db => db.Customers.Where(c => c.Id == PortalFactory.DemoCustomer).Select(c => c.DefaultPaymentMethodId).SingleAsync()));
        // Written together, at one instant: compared as a set.
        Assert.Equal(["customer.updated", "payment_method.attached", "setup_intent.requires_action", "setup_intent.succeeded"], (await EventTypesAsync(sessionId)).Order());

        // Answering again (a second tab, a retry) stores nothing more and says the same.
        var again = await AnswerAsync(browser, url, "complete");
        Assert.Equal(pmId, (await again.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("payment_method").GetProperty("id").GetString());
        Assert.Equal(before + 1, await CardsEndingAsync(number[^4..]));
    }

    [Fact]
    public async Task A_failed_challenge_attaches_nothing_and_says_so_in_stripes_words()
    {
        var (session, browser) = await factory.OpenPortalAsync();
        var before = await factory.WithDbAsync(db => db.PaymentMethods.CountAsync());
        var url = await AskedAsync(browser, TestPaymentProcessor.AuthenticateAlways);

        var failed = await AnswerAsync(browser, url, "fail");
        var completeAfterwards = await AnswerAsync(browser, url, "complete");

        Assert.Equal(HttpStatusCode.PaymentRequired, failed.StatusCode);
        var error = await failed.ErrorAsync();
        Assert.Equal("setup_intent_authentication_failure", error.GetProperty("code").GetString());
        Assert.Contains("not added", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.PaymentRequired, completeAfterwards.StatusCode); // one answer per challenge
        Assert.Equal(before, await factory.WithDbAsync(db => db.PaymentMethods.CountAsync()));
        Assert.Equal(["setup_intent.requires_action", "setup_intent.setup_failed"], await EventTypesAsync(session.GetProperty("id").GetString()!));
        // Its page no longer offers the buttons.
        var page = await (await browser.GetAsync(url)).Content.ReadAsStringAsync();
        Assert.Contains("data-testid=\"challenge-closed\"", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_challenge_page_is_static_with_the_card_forms_strict_policy_framed_only_by_the_portal()
    {
        var (_, browser) = await factory.OpenPortalAsync();
        var url = await AskedAsync(browser, TestPaymentProcessor.AuthenticateOnSetup);

        var response = await browser.GetAsync(url);
        var html = await response.Content.ReadAsStringAsync();

        var policy = response.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("default-src 'none'", policy, StringComparison.Ordinal);
        Assert.Contains("script-src 'self'", policy, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'self'", policy, StringComparison.Ordinal);
        Assert.Equal("SAMEORIGIN", response.Headers.GetValues("X-Frame-Options").Single());
        Assert.Contains("no-store", response.Headers.CacheControl!.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("blazor", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("<script src=\"/card/challenge.js\" defer></script>", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Another_customers_challenge_is_404_and_cannot_be_answered()
    {
        var (_, owner) = await factory.OpenPortalAsync();
        var url = await AskedAsync(owner, TestPaymentProcessor.AuthenticateAlways);
        using var api = factory.CreateApiClient();
        var created = await api.PostAsync("/v1/customers", new FormUrlEncodedContent([KeyValuePair.Create("name", "Someone else")]));
        var other = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        var (_, stranger) = await factory.OpenPortalAsync(customer: other);
        var before = await factory.WithDbAsync(db => db.PaymentMethods.CountAsync());

        var seen = await stranger.GetAsync(url);
        var answered = await AnswerAsync(stranger, url, "complete");

        Assert.Equal(HttpStatusCode.NotFound, seen.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, answered.StatusCode);
        Assert.Equal(before, await factory.WithDbAsync(db => db.PaymentMethods.CountAsync()));
        var id = url.Split('/')[^1];
        Assert.Equal(AuthenticationStatus.RequiresAction, await factory.WithDbAsync(db => db.CardAuthentications.Where(a => a.Id == id).Select(a => a.Status).SingleAsync()));
    }

    [Fact]
    public async Task Without_a_session_or_the_pages_token_nothing_is_answered()
    {
        var (_, browser) = await factory.OpenPortalAsync();
        var url = await AskedAsync(browser, TestPaymentProcessor.AuthenticateAlways);
        using var anonymous = factory.CreateBrowser();

        var page = await anonymous.GetAsync(url);
        var post = await AnswerAsync(anonymous, url, "complete");
        var forged = await AnswerAsync(browser, url, "complete", withToken: false);
        var nonsense = await AnswerAsync(browser, url, "maybe");

        Assert.Contains("Your billing session has ended", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.DoesNotContain("Complete authentication", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, post.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, nonsense.StatusCode);
        var id = url.Split('/')[^1];
        Assert.Equal(AuthenticationStatus.RequiresAction, await factory.WithDbAsync(db => db.CardAuthentications.Where(a => a.Id == id).Select(a => a.Status).SingleAsync()));
    }

    [Fact]
    public async Task An_expired_challenge_can_no_longer_be_completed()
    {
        var (_, browser) = await factory.OpenPortalAsync();
        var url = await AskedAsync(browser, TestPaymentProcessor.AuthenticateAlways);
        var before = await factory.WithDbAsync(db => db.PaymentMethods.CountAsync());

        factory.Time.Advance(CardAuthentication.ValidFor + TimeSpan.FromSeconds(1));
        var late = await AnswerAsync(browser, url, "complete");

        Assert.Equal(HttpStatusCode.BadRequest, late.StatusCode);
        Assert.Contains("expired", (await late.ErrorAsync()).GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(before, await factory.WithDbAsync(db => db.PaymentMethods.CountAsync()));
    }
}
