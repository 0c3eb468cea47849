using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Vinr.Portal.Tests.Support;

namespace Vinr.Portal.Tests.Features.BillingPortal.Sessions;

public sealed class CreateSessionTests : IClassFixture<PortalFactory>
{
    private const string Path = "/v1/billing-portal/sessions";
    private readonly PortalFactory _factory;

    public CreateSessionTests(PortalFactory factory) => _factory = factory;

    private static FormUrlEncodedContent Form(params (string Key, string Value)[] pairs) =>
        new(pairs.Select(p => new KeyValuePair<string, string>(p.Key, p.Value)));

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private static Task<HttpResponseMessage> PostWithKeyAsync(HttpClient api, string idempotencyKey, HttpContent content) =>
        api.SendAsync(new HttpRequestMessage(HttpMethod.Post, Path) { Content = content, Headers = { { "Idempotency-Key", idempotencyKey } } });

    private static FormUrlEncodedContent SeedForm(string returnUrl = "https://example.com/account") =>
        Form(("customer", "cust_8aZ2"), ("return_url", returnUrl));

    [Fact]
    public async Task The_seed_request_returns_the_session_object()
    {
        using var api = _factory.CreateApiClient();

        var response = await api.PostAsync(Path, Form(("customer", "cust_8aZ2"), ("return_url", "https://example.com/account")));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var session = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Matches("^bps_[0-9A-Za-z]{24}$", session.GetProperty("id").GetString());
        Assert.Equal("billing_portal.session", session.GetProperty("object").GetString());
        Assert.Equal("cust_8aZ2", session.GetProperty("customer").GetString());
        Assert.Equal("https://example.com/account", session.GetProperty("return_url").GetString());
        Assert.Matches($"/session/{session.GetProperty("id").GetString()}/test_tok_[A-Za-z0-9_-]+$", session.GetProperty("url").GetString());
        var created = session.GetProperty("created").GetInt64();
        Assert.Equal(_factory.Time.GetUtcNow().ToUnixTimeSeconds(), created);
        Assert.Equal(created + 86_400, session.GetProperty("expires_at").GetInt64());
        Assert.False(session.GetProperty("livemode").GetBoolean());
        Assert.Equal(JsonValueKind.Null, session.GetProperty("locale").ValueKind);
        Assert.StartsWith("bpc_", session.GetProperty("configuration").GetString());
        Assert.Equal(JsonValueKind.Null, session.GetProperty("flow").ValueKind);
        Assert.Equal("unused", session.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Form_and_json_bodies_give_the_same_session()
    {
        using var api = _factory.CreateApiClient();

        var fromForm = await (await api.PostAsync(Path, Form(("customer", "cust_8aZ2"), ("return_url", "https://example.com/a"), ("locale", "fr"), ("expand[]", "customer"))))
            .Content.ReadFromJsonAsync<JsonElement>();
        var fromJson = await (await api.PostAsync(Path, Json("""{"customer":"cust_8aZ2","return_url":"https://example.com/a","locale":"fr","expand":["customer"]}""")))
            .Content.ReadFromJsonAsync<JsonElement>();

        foreach (var field in new[] { "object", "return_url", "livemode", "locale", "configuration", "status" })
        {
            Assert.Equal(fromForm.GetProperty(field).ToString(), fromJson.GetProperty(field).ToString());
        }
        Assert.Equal(fromForm.GetProperty("customer").ToString(), fromJson.GetProperty("customer").ToString());
        Assert.Equal("Jane Cooper", fromJson.GetProperty("customer").GetProperty("name").GetString());
        Assert.NotEqual(fromForm.GetProperty("id").GetString(), fromJson.GetProperty("id").GetString());
    }

    [Fact]
    public async Task Bearer_authorization_works_like_the_api_key_header()
    {
        using var api = _factory.CreateApiClient(key: null);
        api.DefaultRequestHeaders.Authorization = HttpExtensions.Bearer(PortalFactory.DemoKey);

        var response = await api.PostAsync(Path, Form(("customer", "cust_8aZ2"), ("return_url", "https://example.com/account")));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData(null, "api_key_missing")]
    [InlineData("sk_test_AcmeDemo4eC39HqLyjWDarjtT1zdp7dX", "api_key_invalid")]
    [InlineData("sk_live_AcmeDemo4eC39HqLyjWDarjtT1zdp7dc", "api_key_invalid")]
    [InlineData("pk_test_whatever", "api_key_invalid")]
    public async Task A_missing_or_wrong_key_is_401(string? key, string code)
    {
        using var api = _factory.CreateApiClient(key);

        var response = await api.PostAsync(Path, Form(("customer", "cust_8aZ2")));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var error = await response.ErrorAsync();
        Assert.Equal("authentication_error", error.GetProperty("type").GetString());
        Assert.Equal(code, error.GetProperty("code").GetString());
        Assert.DoesNotContain("AcmeDemo4eC39", error.GetProperty("message").GetString());
    }

    public static TheoryData<string, string, string, int, string, string?> BadRequests => new()
    {
        // name, content type, body, status, code, param
        { "missing customer", "form", "return_url=https://example.com", 400, "parameter_missing", "customer" },
        { "unknown parameter", "form", "customer=cust_8aZ2&return_url=https://example.com&colour=red", 400, "parameter_unknown", "colour" },
        { "empty customer", "form", "customer=&return_url=https://example.com", 400, "parameter_invalid", "customer" },
        { "customer twice", "form", "customer=a&customer=b", 400, "parameter_invalid", "customer" },
        { "customer not a string", "json", """{"customer":42,"return_url":"https://example.com"}""", 400, "parameter_invalid", "customer" },
        { "expand not a list", "json", """{"customer":"cust_8aZ2","expand":"customer"}""", 400, "parameter_invalid", "expand" },
        { "expand an unknown field", "form", "customer=cust_8aZ2&return_url=https://example.com&expand[]=invoices", 400, "parameter_invalid", "expand" },
        { "malformed json", "json", """{"customer": "cust_8aZ2",""", 400, "body_malformed", null },
        { "json array body", "json", """["cust_8aZ2"]""", 400, "body_malformed", null },
        { "bad brackets", "form", "customer[a=x", 400, "body_malformed", null },
        { "stray bracket is just an unknown name", "form", "customer]=x", 400, "parameter_unknown", "customer]" },
        { "unsupported content type", "text/plain", "customer=cust_8aZ2", 415, "content_type_unsupported", null },
        { "customer twice in json", "json", """{"customer":"a","customer":"b"}""", 400, "parameter_invalid", "customer" },
        { "a nested key twice in json", "json", """{"customer":"cust_8aZ2","flow_data":{"type":"a","type":"b"}}""", 400, "parameter_invalid", "flow_data[type]" },
        { "json without a content type", "none", """{"customer":"cust_8aZ2"}""", 400, "content_type_invalid", null },
        { "json sent as a form (curl -d without -H)", "form", """{"customer":"cust_8aZ2"}""", 400, "content_type_invalid", null },
        { "relative return_url", "form", "customer=cust_8aZ2&return_url=/account", 400, "url_invalid", "return_url" },
        { "javascript return_url", "form", "customer=cust_8aZ2&return_url=javascript:alert(1)", 400, "url_invalid", "return_url" },
        { "plain http return_url", "form", "customer=cust_8aZ2&return_url=http://example.com/account", 400, "url_invalid", "return_url" },
        { "return_url with credentials", "form", "customer=cust_8aZ2&return_url=https://user:pw@example.com/", 400, "url_invalid", "return_url" },
        { "unsupported locale", "form", "customer=cust_8aZ2&return_url=https://example.com&locale=xx", 400, "parameter_invalid", "locale" },
        { "unknown customer", "form", "customer=cust_nope&return_url=https://example.com", 404, "resource_missing", "customer" },
        { "unknown configuration", "form", "customer=cust_8aZ2&return_url=https://example.com&configuration=bpc_nope", 404, "resource_missing", "configuration" },
    };

    [Theory]
    [MemberData(nameof(BadRequests))]
    public async Task Each_bad_request_gets_a_clear_error_naming_the_parameter(string name, string contentType, string body, int status, string code, string? param)
    {
        using var api = _factory.CreateApiClient();
        HttpContent content = contentType switch
        {
            "form" => new StringContent(body, Encoding.UTF8, "application/x-www-form-urlencoded"),
            "json" => Json(body),
            "none" => new ByteArrayContent(Encoding.UTF8.GetBytes(body)),
            _ => new StringContent(body, Encoding.UTF8, contentType),
        };

        var response = await api.PostAsync(Path, content);

        Assert.True(status == (int)response.StatusCode, $"{name}: {(int)response.StatusCode}");
        var error = await response.ErrorAsync();
        Assert.Equal(status == 404 ? "invalid_request_error" : "invalid_request_error", error.GetProperty("type").GetString());
        Assert.Equal(code, error.GetProperty("code").GetString());
        Assert.Equal(param, error.GetProperty("param").GetString());
        Assert.False(string.IsNullOrWhiteSpace(error.GetProperty("message").GetString()));
        Assert.DoesNotContain("   at ", error.GetProperty("message").GetString());
    }

    [Fact]
    public async Task A_form_body_without_a_content_type_still_creates_a_session()
    {
        using var api = _factory.CreateApiClient();

        var response = await api.PostAsync(Path, new ByteArrayContent("customer=cust_8aZ2&return_url=https%3A%2F%2Fexample.com%2Faccount"u8.ToArray()));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("cust_8aZ2", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("customer").GetString());
    }

    [Fact]
    public async Task Localhost_return_url_over_http_is_allowed_in_test_mode()
    {
        using var api = _factory.CreateApiClient();

        var response = await api.PostAsync(Path, Form(("customer", "cust_8aZ2"), ("return_url", "http://localhost:3000/account")));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Localhost_return_url_over_http_is_refused_in_live_mode()
    {
        var live = await TestData.AddMerchantAsync(_factory, livemode: true);
        using var api = _factory.CreateApiClient(live.Key);

        var response = await api.PostAsync(Path, Form(("customer", live.CustomerId), ("return_url", "http://localhost:3000/account")));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("url_invalid", (await response.ErrorAsync()).GetProperty("code").GetString());
    }

    [Fact]
    public async Task A_body_over_64_KiB_is_413()
    {
        using var api = _factory.CreateApiClient();

        var response = await api.PostAsync(Path, Form(("customer", "cust_8aZ2"), ("return_url", "https://example.com/?" + new string('a', 70_000))));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("body_too_large", (await response.ErrorAsync()).GetProperty("code").GetString());
    }

    [Fact]
    public async Task Another_merchants_customer_reads_exactly_like_a_missing_one()
    {
        var other = await TestData.AddMerchantAsync(_factory, livemode: false);
        using var api = _factory.CreateApiClient();

        var foreign = await api.PostAsync(Path, Form(("customer", other.CustomerId), ("return_url", "https://example.com")));
        var missing = await api.PostAsync(Path, Form(("customer", "cust_DoesNotExist0000000000"), ("return_url", "https://example.com")));

        Assert.Equal(HttpStatusCode.NotFound, foreign.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        var foreignError = await foreign.ErrorAsync();
        var missingError = await missing.ErrorAsync();
        Assert.Equal(missingError.GetProperty("code").GetString(), foreignError.GetProperty("code").GetString());
        Assert.Equal(
            missingError.GetProperty("message").GetString()!.Replace("cust_DoesNotExist0000000000", "ID", StringComparison.Ordinal),
            foreignError.GetProperty("message").GetString()!.Replace(other.CustomerId, "ID", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_live_mode_customer_is_not_found_with_a_test_key()
    {
        var live = await TestData.AddMerchantAsync(_factory, livemode: true, merchantId: PortalFactory.DemoMerchant);
        using var api = _factory.CreateApiClient();

        var response = await api.PostAsync(Path, Form(("customer", live.CustomerId), ("return_url", "https://example.com")));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("resource_missing", (await response.ErrorAsync()).GetProperty("code").GetString());
    }

    [Fact]
    public async Task The_configuration_default_return_url_applies_when_none_is_sent()
    {
        using var api = _factory.CreateApiClient();

        var session = await (await api.PostAsync(Path, Form(("customer", "cust_8aZ2")))).Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal("https://example.com/account", session.GetProperty("return_url").GetString());
    }

    [Fact]
    public async Task The_same_idempotency_key_and_params_replay_the_first_response()
    {
        using var api = _factory.CreateApiClient();
        var key = Guid.NewGuid().ToString();

        var first = await PostWithKeyAsync(api, key, SeedForm());
        var second = await PostWithKeyAsync(api, key, SeedForm());

        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal(await first.Content.ReadAsStringAsync(), await second.Content.ReadAsStringAsync());
        Assert.Equal("true", second.Headers.GetValues("Idempotent-Replayed").Single());
    }

    [Fact]
    public async Task A_json_retry_of_a_form_request_with_the_same_key_replays()
    {
        using var api = _factory.CreateApiClient();
        var key = Guid.NewGuid().ToString();

        var first = await PostWithKeyAsync(api, key, Form(("customer", "cust_8aZ2"), ("return_url", "https://example.com/account"), ("expand[]", "customer")));
        var second = await PostWithKeyAsync(api, key, Json("""{"expand":["customer"],"return_url":"https://example.com/account","customer":"cust_8aZ2"}"""));

        Assert.Equal(await first.Content.ReadAsStringAsync(), await second.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_same_idempotency_key_with_other_params_is_refused()
    {
        using var api = _factory.CreateApiClient();
        var key = Guid.NewGuid().ToString();

        await PostWithKeyAsync(api, key, SeedForm());
        var second = await PostWithKeyAsync(api, key, SeedForm("https://example.com/other"));

        Assert.Equal(HttpStatusCode.BadRequest, second.StatusCode);
        var error = await second.ErrorAsync();
        Assert.Equal("idempotency_error", error.GetProperty("type").GetString());
        Assert.Equal("idempotency_key_reused", error.GetProperty("code").GetString());
    }

    [Fact]
    public async Task An_idempotency_key_is_forgotten_after_24_hours()
    {
        using var api = _factory.CreateApiClient();
        var key = Guid.NewGuid().ToString();

        var first = await (await PostWithKeyAsync(api, key, SeedForm())).Content.ReadFromJsonAsync<JsonElement>();
        _factory.Time.Advance(TimeSpan.FromHours(24));
        var later = await (await PostWithKeyAsync(api, key, SeedForm())).Content.ReadFromJsonAsync<JsonElement>();

        Assert.NotEqual(first.GetProperty("id").GetString(), later.GetProperty("id").GetString());
    }

    [Fact]
    public async Task Concurrent_requests_with_one_key_create_one_session()
    {
        var key = Guid.NewGuid().ToString();
        var before = await _factory.WithDbAsync(db => db.PortalSessions.CountAsync());

        var responses = await Task.WhenAll(Enumerable.Range(0, 12).Select(async _ =>
        {
            using var api = _factory.CreateApiClient();
            return await PostWithKeyAsync(api, key, SeedForm());
        }));

        Assert.Equal(before + 1, await _factory.WithDbAsync(db => db.PortalSessions.CountAsync()));
        var ids = new HashSet<string>();
        foreach (var response in responses)
        {
            Assert.Contains(response.StatusCode, new[] { HttpStatusCode.OK, HttpStatusCode.Conflict });
            if (response.StatusCode == HttpStatusCode.OK)
            {
                ids.Add((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!);
            }
            else
            {
                Assert.Equal("idempotency_key_in_use", (await response.ErrorAsync()).GetProperty("code").GetString());
            }
        }
        Assert.Single(ids);
    }

    [Fact]
    public async Task Creating_a_session_records_an_event_without_the_link()
    {
        var session = await _factory.CreateSessionAsync();
        var id = session.GetProperty("id").GetString();
        var token = session.GetProperty("url").GetString()!.Split('/')[^1];

        var created = await _factory.WithDbAsync(db => db.Events.SingleAsync(e => e.PortalSessionId == id && e.Type == "billing_portal.session.created"));

        Assert.Equal("api", created.Source);
        Assert.Contains(id!, created.Data, StringComparison.Ordinal);
        Assert.DoesNotContain(token, created.Data, StringComparison.Ordinal);
        Assert.DoesNotContain("_tok_", created.Data, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_api_route_answers_in_the_error_shape()
    {
        using var api = _factory.CreateApiClient();

        var response = await api.GetAsync("/v1/nothing-here");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("url_unrecognized", (await response.ErrorAsync()).GetProperty("code").GetString());
    }
}
