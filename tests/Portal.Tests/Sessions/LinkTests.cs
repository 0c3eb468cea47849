using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Vinr.Portal.Api.Features.BillingPortal.Sessions;
using Vinr.Portal.Tests.Support;

namespace Vinr.Portal.Tests.Sessions;

public sealed class LinkTests : IClassFixture<PortalFactory>
{
    private const string UsedTitle = "This link has expired or was already used";
    private readonly PortalFactory _factory;

    public LinkTests(PortalFactory factory) => _factory = factory;

    private async Task<string> StatusAsync(string sessionId)
    {
        using var api = _factory.CreateApiClient();
        var session = await api.GetFromJsonAsync<JsonElement>($"/v1/billing-portal/sessions/{sessionId}");
        return session.GetProperty("status").GetString()!;
    }

    private Task<int> OpenedEventsAsync(string sessionId) =>
        _factory.WithDbAsync(db => db.Events.CountAsync(e => e.PortalSessionId == sessionId && e.Type == "billing_portal.session.opened"));

    [Fact]
    public async Task Opening_the_link_shows_whose_account_and_changes_nothing()
    {
        var session = await _factory.CreateSessionAsync();
        var id = session.GetProperty("id").GetString()!;
        using var browser = _factory.CreateBrowser();

        var response = await browser.GetAsync(Links.PathOf(session));
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Continue to billing", html, StringComparison.Ordinal);
        Assert.Contains("Acme Cloud", html, StringComparison.Ordinal);
        Assert.Contains("Jane Cooper", html, StringComparison.Ordinal);
        Assert.Contains("j&#x2022;&#x2022;&#x2022;@example.com", html, StringComparison.Ordinal);
        Assert.DoesNotContain("jane.cooper@example.com", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.Null(Links.SetCookie(response, "vinr_portal"));
        Assert.Equal("unused", await StatusAsync(id));
        Assert.Equal(0, await OpenedEventsAsync(id));
    }

    [Fact]
    public async Task Head_prefetch_and_repeated_gets_leave_the_link_usable()
    {
        var session = await _factory.CreateSessionAsync();
        var path = Links.PathOf(session);
        using var scanner = _factory.CreateBrowser();

        var head = await scanner.SendAsync(new HttpRequestMessage(HttpMethod.Head, path));
        var prefetch = new HttpRequestMessage(HttpMethod.Get, path);
        prefetch.Headers.Add("Sec-Purpose", "prefetch");
        var prefetched = await scanner.SendAsync(prefetch);
        for (var i = 0; i < 3; i++)
        {
            await scanner.GetAsync(path);
        }

        Assert.Equal(HttpStatusCode.OK, head.StatusCode);
        Assert.Equal(HttpStatusCode.OK, prefetched.StatusCode);
        Assert.Equal("unused", await StatusAsync(session.GetProperty("id").GetString()!));
        using var person = _factory.CreateBrowser();
        Assert.Equal(HttpStatusCode.SeeOther, (await Links.ContinueAsync(person, path)).StatusCode);
    }

    [Fact]
    public async Task Continue_redeems_the_link_with_a_fresh_cookie_and_a_303_to_the_portal()
    {
        var session = await _factory.CreateSessionAsync();
        var id = session.GetProperty("id").GetString()!;
        using var browser = _factory.CreateBrowser();

        var response = await Links.ContinueAsync(browser, Links.PathOf(session));

        Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
        Assert.Equal("/", response.Headers.Location!.OriginalString);
        var cookie = Links.SetCookie(response, "vinr_portal");
        Assert.NotNull(cookie);
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=lax", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("expires=", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(Links.TokenOf(session), cookie, StringComparison.Ordinal);
        Assert.Equal("active", await StatusAsync(id));
        Assert.Equal(1, await OpenedEventsAsync(id));

        var portal = await browser.GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, portal.StatusCode);
        Assert.Contains("Jane Cooper", await portal.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Of_fifty_concurrent_continues_exactly_one_wins()
    {
        var session = await _factory.CreateSessionAsync();
        var path = Links.PathOf(session);
        var browsers = Enumerable.Range(0, 50).Select(_ => _factory.CreateBrowser()).ToList();
        var forms = await Task.WhenAll(browsers.Select(async b => Links.FormToken(await (await b.GetAsync(path)).Content.ReadAsStringAsync())));

        var responses = await Task.WhenAll(browsers.Select((b, i) => Links.PostFormAsync(b, path, forms[i])));

        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.SeeOther);
        Assert.All(responses.Where(r => r.StatusCode != HttpStatusCode.SeeOther), r =>
        {
            Assert.Equal(HttpStatusCode.NotFound, r.StatusCode);
            Assert.Null(Links.SetCookie(r, "vinr_portal"));
        });
        Assert.Equal(1, await OpenedEventsAsync(session.GetProperty("id").GetString()!));
        browsers.ForEach(b => b.Dispose());
    }

    [Fact]
    public async Task Of_fifty_concurrent_redemptions_in_the_database_exactly_one_wins()
    {
        var session = await _factory.CreateSessionAsync();
        var sessions = _factory.Services.GetRequiredService<PortalSessions>();
        var id = session.GetProperty("id").GetString()!;

        var credentials = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ =>
            Task.Run(() => sessions.RedeemAsync(id, Links.TokenOf(session), CancellationToken.None))));

        Assert.Single(credentials, c => c is not null);
    }

    [Fact]
    public async Task A_second_use_shows_the_used_page_with_the_way_back_and_no_cookie()
    {
        var session = await _factory.CreateSessionAsync();
        var path = Links.PathOf(session);
        using (var first = _factory.CreateBrowser())
        {
            await Links.ContinueAsync(first, path);
        }
        using var second = _factory.CreateBrowser();

        var page = await second.GetAsync(path);
        var html = await page.Content.ReadAsStringAsync();
        var post = await Links.PostFormAsync(second, path, null);

        Assert.Equal(HttpStatusCode.NotFound, page.StatusCode);
        Assert.Contains(UsedTitle, html, StringComparison.Ordinal);
        Assert.Contains("Return to Acme Cloud", html, StringComparison.Ordinal);
        Assert.Contains("href=\"https://example.com/account\"", html, StringComparison.Ordinal);
        Assert.Contains("Get a new link", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Continue to billing", html, StringComparison.Ordinal);
        Assert.True(post.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.BadRequest);
        Assert.Null(Links.SetCookie(post, "vinr_portal"));
    }

    public static TheoryData<string> BrokenLinks => new() { "tampered", "truncated", "other session", "other mode", "garbage", "empty token" };

    [Theory]
    [MemberData(nameof(BrokenLinks))]
    public async Task A_broken_link_shows_the_same_page_as_an_unknown_one_and_redeems_nothing(string kind)
    {
        var session = await _factory.CreateSessionAsync();
        var other = await _factory.CreateSessionAsync();
        var id = session.GetProperty("id").GetString()!;
        var token = Links.TokenOf(session);
        var path = kind switch
        {
            "tampered" => $"/session/{id}/{token[..40]}{(token[40] == 'A' ? 'B' : 'A')}{token[41..]}",
            "truncated" => $"/session/{id}/{token[..^10]}",
            "other session" => $"/session/{other.GetProperty("id").GetString()}/{token}",
            "other mode" => $"/session/{id}/live{token[4..]}",
            "garbage" => $"/session/{id}/test_tok_garbage",
            _ => $"/session/{id}/x",
        };
        using var browser = _factory.CreateBrowser();

        var page = await browser.GetAsync(path);
        var html = await page.Content.ReadAsStringAsync();
        var unknown = await (await browser.GetAsync("/session/bps_unknown/test_tok_unknown")).Content.ReadAsStringAsync();
        var post = await Links.PostFormAsync(browser, path, null);

        Assert.Equal(HttpStatusCode.NotFound, page.StatusCode);
        Assert.Equal(unknown, html);
        Assert.Contains(UsedTitle, html, StringComparison.Ordinal);
        Assert.DoesNotContain("Acme Cloud", html, StringComparison.Ordinal);
        Assert.Null(Links.SetCookie(post, "vinr_portal"));
        Assert.Equal("unused", await StatusAsync(id));
        Assert.Equal("unused", await StatusAsync(other.GetProperty("id").GetString()!));
    }

    [Fact]
    public async Task A_link_works_until_the_last_second_of_its_24_hours()
    {
        var early = await _factory.CreateSessionAsync();
        var late = await _factory.CreateSessionAsync();

        _factory.Time.Advance(TimeSpan.FromHours(24) - TimeSpan.FromSeconds(1));
        using var before = _factory.CreateBrowser();
        var justInTime = await Links.ContinueAsync(before, Links.PathOf(early));
        _factory.Time.Advance(TimeSpan.FromSeconds(1));
        using var after = _factory.CreateBrowser();
        var tooLate = await after.GetAsync(Links.PathOf(late));
        var tooLatePost = await Links.PostFormAsync(after, Links.PathOf(late), null);

        Assert.Equal(HttpStatusCode.SeeOther, justInTime.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, tooLate.StatusCode);
        Assert.Contains(UsedTitle, await tooLate.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Null(Links.SetCookie(tooLatePost, "vinr_portal"));
        Assert.Equal("expired", await StatusAsync(late.GetProperty("id").GetString()!));
    }

    [Fact]
    public async Task A_link_expired_by_the_merchant_no_longer_works()
    {
        var session = await _factory.CreateSessionAsync();
        var id = session.GetProperty("id").GetString()!;
        using var api = _factory.CreateApiClient();

        var expired = await (await api.PostAsync($"/v1/billing-portal/sessions/{id}/expire", null)).Content.ReadFromJsonAsync<JsonElement>();
        using var browser = _factory.CreateBrowser();
        var page = await browser.GetAsync(Links.PathOf(session));
        var post = await Links.PostFormAsync(browser, Links.PathOf(session), null);

        Assert.Equal("expired", expired.GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.NotFound, page.StatusCode);
        Assert.Null(Links.SetCookie(post, "vinr_portal"));
    }

    [Fact]
    public async Task Expiring_an_open_session_ends_access_in_the_portal()
    {
        var (session, browser) = await _factory.OpenPortalAsync();
        using var _ = browser;
        using var api = _factory.CreateApiClient();

        await api.PostAsync($"/v1/billing-portal/sessions/{session.GetProperty("id").GetString()}/expire", null);
        var portal = await browser.GetAsync("/");

        Assert.Equal(HttpStatusCode.Redirect, portal.StatusCode);
        Assert.Equal("/signed-out", portal.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task Return_ends_the_session_and_a_replayed_cookie_gets_nothing()
    {
        var session = await _factory.CreateSessionAsync(returnUrl: "https://example.com/after");
        using var browser = _factory.CreateBrowser();
        var redeemed = await Links.ContinueAsync(browser, Links.PathOf(session));
        var cookie = Links.SetCookie(redeemed, "vinr_portal")!.Split(';')[0];
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/")).StatusCode);

        var returned = await Links.PostFormAsync(browser, "/portal/return", antiforgeryToken: null);

        Assert.Equal(HttpStatusCode.SeeOther, returned.StatusCode);
        Assert.Equal("https://example.com/after", returned.Headers.Location!.OriginalString);
        Assert.Equal("ended", await StatusAsync(session.GetProperty("id").GetString()!));
        using var replay = _factory.CreateApiClient(key: null);
        var request = new HttpRequestMessage(HttpMethod.Get, "/");
        request.Headers.Add("Cookie", cookie);
        var replayed = await replay.SendAsync(request);
        Assert.Equal(HttpStatusCode.Redirect, replayed.StatusCode);
        Assert.Equal("/signed-out", replayed.Headers.Location!.OriginalString);
        Assert.Equal(1, await _factory.WithDbAsync(db => db.Events.CountAsync(e => e.PortalSessionId == session.GetProperty("id").GetString() && e.Type == "billing_portal.session.ended")));
    }

    [Fact]
    public async Task Return_from_another_site_is_refused_and_the_portal_stays_open()
    {
        var (session, browser) = await _factory.OpenPortalAsync();
        using var _ = browser;
        var refused = await Links.PostFormAsync(browser, "/portal/return", antiforgeryToken: null, origin: "https://evil.example");

        Assert.Equal("/", refused.Headers.Location!.OriginalString);
        Assert.Equal("active", await StatusAsync(session.GetProperty("id").GetString()!));
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/")).StatusCode);
    }

    [Fact]
    public async Task Return_from_a_page_with_a_stale_form_token_still_ends_the_session_so_a_replayed_cookie_gets_nothing()
    {
        const string formToken = "CfDJ8stale-token-from-before-a-deploy";
        var session = await _factory.CreateSessionAsync();
        using var browser = _factory.CreateBrowser();
        var redeemed = await Links.ContinueAsync(browser, Links.PathOf(session));
        var cookie = Links.SetCookie(redeemed, "vinr_portal")!.Split(';')[0];

        var returned = await Links.PostFormAsync(browser, "/portal/return", formToken);

        Assert.Equal("https://example.com/account", returned.Headers.Location!.OriginalString);
        Assert.Equal("ended", await StatusAsync(session.GetProperty("id").GetString()!));
        using var replay = _factory.CreateApiClient(key: null);
        var request = new HttpRequestMessage(HttpMethod.Get, "/");
        request.Headers.Add("Cookie", cookie);
        var replayed = await replay.SendAsync(request);
        Assert.Equal("/signed-out", replayed.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task Idle_sessions_expire_after_an_hour_and_activity_slides_it()
    {
        var (session, browser) = await _factory.OpenPortalAsync();
        using var _ = browser;

        _factory.Time.Advance(TimeSpan.FromMinutes(50));
        var stillIn = await browser.GetAsync("/");
        _factory.Time.Advance(TimeSpan.FromMinutes(50));
        var slid = await browser.GetAsync("/");
        _factory.Time.Advance(TimeSpan.FromMinutes(61));
        var idle = await browser.GetAsync("/");

        Assert.Equal(HttpStatusCode.OK, stillIn.StatusCode);
        Assert.Equal(HttpStatusCode.OK, slid.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, idle.StatusCode);
        Assert.Equal("expired", await StatusAsync(session.GetProperty("id").GetString()!));
    }

    [Fact]
    public async Task Sessions_end_after_twelve_hours_however_active()
    {
        var (session, browser) = await _factory.OpenPortalAsync();
        using var _ = browser;

        for (var i = 0; i < 14; i++)
        {
            _factory.Time.Advance(TimeSpan.FromMinutes(50));
            Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/")).StatusCode);
        }
        _factory.Time.Advance(TimeSpan.FromMinutes(50));

        Assert.Equal(HttpStatusCode.Redirect, (await browser.GetAsync("/")).StatusCode);
    }

    [Fact]
    public async Task A_post_from_another_origin_or_without_the_form_field_redeems_nothing()
    {
        var session = await _factory.CreateSessionAsync();
        var path = Links.PathOf(session);
        using var browser = _factory.CreateBrowser();
        var token = Links.FormToken(await (await browser.GetAsync(path)).Content.ReadAsStringAsync());

        var crossSite = await Links.PostFormAsync(browser, path, token, origin: "https://evil.example");
        var noField = await Links.PostFormAsync(browser, path, null);

        Assert.Equal(HttpStatusCode.BadRequest, crossSite.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, noField.StatusCode);
        Assert.Contains("Continue to billing", await noField.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal("unused", await StatusAsync(session.GetProperty("id").GetString()!));
    }

    [Fact]
    public async Task The_link_page_is_never_cached_framed_or_referred()
    {
        var session = await _factory.CreateSessionAsync();
        using var browser = _factory.CreateBrowser();

        var response = await browser.GetAsync(Links.PathOf(session));

        Assert.Equal("no-referrer", response.Headers.GetValues("Referrer-Policy").Single());
        Assert.Contains("no-store", response.Headers.CacheControl!.ToString(), StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", response.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
    }

    [Fact]
    public async Task Showing_and_redeeming_a_link_logs_no_cache_header_warning()
    {
        var session = await _factory.CreateSessionAsync();
        var path = Links.PathOf(session);
        using var browser = _factory.CreateBrowser();

        await Links.ContinueAsync(browser, path);

        // Antiforgery warned on every link page that it had overridden the page's Cache-Control (other tests here
        // post without tokens on purpose, so only that warning is looked for).
        Assert.DoesNotContain(_factory.Logs.Lines, l => l.StartsWith("Warning", StringComparison.Ordinal) && l.Contains("have been overridden", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_token_appears_in_no_log_line()
    {
        var session = await _factory.CreateSessionAsync();
        var path = Links.PathOf(session);
        var secret = Links.TokenOf(session)["test_tok_".Length..];
        using var browser = _factory.CreateBrowser();

        await browser.SendAsync(new HttpRequestMessage(HttpMethod.Head, path));
        await Links.ContinueAsync(browser, path);
        await browser.GetAsync("/");
        await browser.GetAsync(path);
        await browser.GetAsync($"/session/{session.GetProperty("id").GetString()}/{Links.TokenOf(session)[..^4]}");

        var lines = _factory.Logs.Lines.ToList();
        Assert.Contains(lines, l => l.Contains($"/session/{session.GetProperty("id").GetString()}/[redacted]", StringComparison.Ordinal));
        var leaks = lines.Where(l => l.Contains(secret[..24], StringComparison.Ordinal)).ToList();
        Assert.True(leaks.Count == 0, string.Join("\n", leaks.Select(l => l[..Math.Min(l.Length, 300)])));
    }
}
