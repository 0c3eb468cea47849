using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Vinr.Portal.Api.Features.Invoices;
using Vinr.Portal.Api.Features.PaymentMethods;
using Vinr.Portal.Tests.Support;
using Vinr.Portal.Api.Features.Events;
using Vinr.Portal.Api.Infrastructure;

namespace Vinr.Portal.Tests.PaymentMethods;

public sealed class CardEntryTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    [Fact]
    public async Task The_card_form_is_a_static_page_with_its_own_strict_policy_framed_only_by_the_portal()
    {
        var (_, browser) = await factory.OpenPortalAsync();

        var response = await browser.GetAsync("/portal/card-form");
        var html = await response.Content.ReadAsStringAsync();

        var policy = response.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("default-src 'none'", policy, StringComparison.Ordinal);
        Assert.Contains("script-src 'self'", policy, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'self'", policy, StringComparison.Ordinal);
        Assert.Contains("form-action 'none'", policy, StringComparison.Ordinal);
        Assert.Equal("SAMEORIGIN", response.Headers.GetValues("X-Frame-Options").Single());
        Assert.DoesNotContain("blazor", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("<script src=\"/card/card-form.js\" defer></script>", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_card_form_and_its_errors_speak_the_customers_language()
    {
        var (_, browser) = await factory.OpenPortalAsync();
        browser.DefaultRequestHeaders.AcceptLanguage.ParseAdd("de-DE,de;q=0.9");

        var html = System.Net.WebUtility.HtmlDecode(await (await browser.GetAsync("/portal/card-form")).Content.ReadAsStringAsync());
        Assert.Contains("<html lang=\"de\">", html, StringComparison.Ordinal);
        Assert.Contains("<label for=\"number\">Kartennummer</label>", html, StringComparison.Ordinal);
        Assert.Contains("placeholder=\"MM / JJ\"", html, StringComparison.Ordinal);
        // The script's messages are the server's, with the CVC length left for the script to fill in.
        Assert.Contains("data-exp-past=\"Das Ablaufdatum Ihrer Karte liegt in der Vergangenheit.\"", html, StringComparison.Ordinal);
        Assert.Contains("data-cvc-length=\"Der Sicherheitscode Ihrer Karte muss {0} Ziffern haben.\"", html, StringComparison.Ordinal);

        var declined = await Cards.AddAsync(browser, Cards.Card("4000000000000002"));
        Assert.Equal("Ihre Karte wurde abgelehnt.", (await declined.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetProperty("message").GetString());
        var expired = await Cards.AddAsync(browser, Cards.Card("4242424242424242", expYear: 2020));
        Assert.Equal("Das Ablaufdatum Ihrer Karte liegt in der Vergangenheit.",
            (await expired.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetProperty("fields").GetProperty("exp").GetString());
    }

    [Fact]
    public async Task Adding_a_card_stores_only_brand_last4_expiry_and_fingerprint_and_makes_it_the_default()
    {
        var (session, browser) = await factory.OpenPortalAsync();

        var response = await Cards.AddAsync(browser, Cards.Card("5555 5555 5555 4444"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("payment_method").GetProperty("id").GetString()!;
        var stored = await factory.WithDbAsync(db => db.PaymentMethods.SingleAsync(p => p.Id == id));
        Assert.Equal(("mastercard", "4444", 12, 2034), (stored.Brand, stored.Last4, stored.ExpMonth, stored.ExpYear));
        Assert.Equal(32, stored.Fingerprint.Length);
        Assert.Equal(id, await factory.WithDbAsync(db => db.Customers.Where(c => c.Id == PortalFactory.DemoCustomer).Select(c => c.DefaultPaymentMethodId).SingleAsync()));
        var events = await factory.WithDbAsync(db => db.Events.Where(e => e.PortalSessionId == session.GetProperty("id").GetString()).Select(e => e.Type).ToListAsync());
        Assert.Contains("payment_method.attached", events);
        Assert.Contains("customer.updated", events);
    }

    [Theory]
    [InlineData("4000000000000002", "Your card was declined.")]
    [InlineData("4000000000009995", "Your card has insufficient funds.")]
    [InlineData("4000000000000069", "Your card has expired.")]
    [InlineData("4000000000000127", "Your card's security code is incorrect.")]
    [InlineData("4000000000000119", "An error occurred while processing your card. Try again in a little bit.")]
    public async Task A_declined_card_is_402_with_its_reason_and_stores_nothing(string number, string reason)
    {
        var (_, browser) = await factory.OpenPortalAsync();
        var before = await factory.WithDbAsync(db => db.PaymentMethods.CountAsync());

        var response = await Cards.AddAsync(browser, Cards.Card(number));

        Assert.Equal(HttpStatusCode.PaymentRequired, response.StatusCode);
        Assert.Equal(reason, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetProperty("message").GetString());
        Assert.Equal(before, await factory.WithDbAsync(db => db.PaymentMethods.CountAsync()));
    }

    [Fact]
    public async Task An_invalid_card_is_refused_field_by_field_without_echoing_it()
    {
        var (_, browser) = await factory.OpenPortalAsync();

        var response = await Cards.AddAsync(browser, new { number = "4242424242424241", exp_month = 1, exp_year = 2020, cvc = "1", name = "", postal_code = "" });
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var fields = JsonDocument.Parse(body).RootElement.GetProperty("error").GetProperty("fields");
        Assert.Equal(["number", "exp", "cvc", "name", "postal_code"], fields.EnumerateObject().Select(p => p.Name));
        Assert.DoesNotContain("4242424242424241", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_a_session_or_the_form_token_nothing_is_attached()
    {
        var (_, browser) = await factory.OpenPortalAsync();
        using var stranger = factory.CreateBrowser();

        var anonymous = await Cards.AddAsync(stranger, Cards.Card("4242424242424242"));
        var forged = await Cards.AddAsync(browser, Cards.Card("4242424242424242"), withToken: false);
        var malformed = await browser.PostAsync("/portal/payment-methods", new StringContent("{\"number\": 4242", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        Assert.DoesNotContain("4242", await malformed.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_card_number_and_cvc_reach_no_database_page_log_line_or_event()
    {
        var (_, browser) = await factory.OpenPortalAsync();
        const string number = "378282246310005";
        const string cvc = "8675";

        Assert.Equal(HttpStatusCode.OK, (await Cards.AddAsync(browser, Cards.Card(number, cvc))).StatusCode);
        Assert.Equal(HttpStatusCode.PaymentRequired, (await Cards.AddAsync(browser, Cards.Card("4000000000000002", "530"))).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await Cards.AddAsync(browser, Cards.Card("3782 822463 10006", cvc))).StatusCode);

        SqliteConnection.ClearAllPools();
        var stored = string.Concat(new[] { "", "-wal" }.Where(s => File.Exists(factory.DatabasePath + s))
            .Select(s => Encoding.Latin1.GetString(File.ReadAllBytes(factory.DatabasePath + s))));
        var logs = string.Join("\n", factory.Logs.Lines);
        var events = string.Join("\n", await factory.WithDbAsync(db => db.Events.Select(e => e.Data).ToListAsync()));
        foreach (var (place, text) in new[] { ("database", stored), ("logs", logs), ("events", events) })
        {
            foreach (var secret in new[] { number, "3782 822463 10005", "4000000000000002", "378282246310006" })
            {
                Assert.False(text.Contains(secret, StringComparison.Ordinal), $"{secret} found in {place}");
            }
            // A serialised card carries its field name. Bare "cvc" or the CVC's digits alone occur by chance
            // in binary pages and random ids, so only the forms a serialiser or logger writes are searched.
            foreach (var field in new[] { "\"cvc\"", "\"Cvc\"", "cvc=", "Cvc =", "Cvc:", "cvc:" })
            {
                Assert.False(text.Contains(field, StringComparison.Ordinal), $"{field} found in {place}");
            }
            foreach (var quoted in new[] { $"\"{cvc}\"", $"={cvc}", $": {cvc}", "\"530\"" })
            {
                Assert.False(text.Contains(quoted, StringComparison.Ordinal), $"{quoted} found in {place}");
            }
        }
    }

    [Fact]
    public async Task One_portal_session_cannot_act_on_another_customers_card()
    {
        var other = await TestData.AddMerchantAsync(factory, livemode: false, merchantId: PortalFactory.DemoMerchant);
        var (_, otherBrowser) = await factory.OpenPortalAsync();
        var sessions = factory.Services.GetRequiredService<Api.Features.BillingPortal.Sessions.PortalSessions>();
        var cards = factory.Services.GetRequiredService<CustomerCards>();
        var demoCard = await factory.WithDbAsync(db => db.Customers.Where(c => c.Id == PortalFactory.DemoCustomer).Select(c => c.DefaultPaymentMethodId!).SingleAsync());
        var session = await factory.CreateSessionAsync(customer: other.CustomerId);
        var credential = (await sessions.RedeemAsync(session.GetProperty("id").GetString()!, Links.TokenOf(session), CancellationToken.None))?.Credential;
        var access = (await sessions.CheckAccessAsync(credential!, false, CancellationToken.None))!;

        var setDefault = await cards.SetDefaultAsync(access, demoCard, CancellationToken.None);
        var detach = await cards.DetachAsync(Actor.Portal(access), demoCard, CancellationToken.None);

        Assert.Equal(ProblemKind.NotFound, setDefault.Problem?.Kind);
        Assert.Equal(ProblemKind.NotFound, detach.Problem?.Kind);
        Assert.Null(await factory.WithDbAsync(db => db.PaymentMethods.Where(p => p.Id == demoCard).Select(p => p.DetachedAt).SingleAsync()));
        otherBrowser.Dispose();
    }
}
