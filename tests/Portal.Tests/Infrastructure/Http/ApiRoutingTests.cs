using System.Net;
using System.Text;
using Vinr.Portal.Tests.Support;

namespace Vinr.Portal.Tests.Infrastructure.Http;

/// <summary>
/// Every /v1 answer is the error shape, including the router's: the test host runs from build
/// output, so MapStaticAssets' GET/HEAD fallback ({**path:file}) is mapped here as in <c>dotnet run</c>.
/// </summary>
public sealed class ApiRoutingTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    [Theory]
    [InlineData("POST", "/v1/promotion_codes")]
    [InlineData("POST", "/v1/nothing/here")]
    [InlineData("DELETE", "/v1/nothing/here")]
    [InlineData("GET", "/v1/nothing/here")]
    [InlineData("GET", "/v1/nothing/here.json")]
    [InlineData("PUT", "/v1")]
    [InlineData("GET", "/v1/invoices/in_1/pdf/extra")]
    public async Task A_url_no_endpoint_serves_is_404_whatever_the_method(string method, string path)
    {
        using var api = factory.CreateApiClient();

        var response = await api.SendAsync(new HttpRequestMessage(new HttpMethod(method), path) { Content = new StringContent("a=b") });

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var error = await response.ErrorAsync();
        Assert.Equal("invalid_request_error", error.GetProperty("type").GetString());
        Assert.Equal("url_unrecognized", error.GetProperty("code").GetString());
        Assert.Equal($"Unrecognized request URL ({method}: {path}).", error.GetProperty("message").GetString());
        Assert.Empty(response.Content.Headers.Allow);
    }

    [Theory]
    [InlineData("DELETE", "/v1/billing-portal/sessions", "POST")]
    [InlineData("GET", "/v1/billing-portal/sessions", "POST")]
    [InlineData("PATCH", "/v1/billing-portal/sessions/bps_1", "GET")]
    [InlineData("GET", "/v1/billing-portal/sessions/bps_1/expire", "POST")]
    [InlineData("PUT", "/v1/invoices/x", "GET")]
    [InlineData("POST", "/v1/invoices", "GET")]
    [InlineData("DELETE", "/v1/payment_methods/pm_1", "GET")]
    public async Task A_known_url_with_a_wrong_method_is_405_naming_the_allowed_ones(string method, string path, string allow)
    {
        using var api = factory.CreateApiClient();

        var response = await api.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.Equal(allow, string.Join(", ", response.Content.Headers.Allow));
        var error = await response.ErrorAsync();
        Assert.Equal("invalid_request_error", error.GetProperty("type").GetString());
        Assert.Equal("method_not_allowed", error.GetProperty("code").GetString());
        Assert.Equal($"{method} is not allowed on {path}; it accepts {allow}.", error.GetProperty("message").GetString());
    }

    [Theory]
    [InlineData("customer=cust_8aZ2")]
    [InlineData("")]
    public async Task A_content_type_the_endpoint_does_not_accept_is_415_even_for_an_empty_body(string body)
    {
        using var api = factory.CreateApiClient();

        var response = await api.PostAsync("/v1/billing-portal/sessions", new StringContent(body, Encoding.UTF8, "text/plain"));

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        var error = await response.ErrorAsync();
        Assert.Equal("content_type_unsupported", error.GetProperty("code").GetString());
        Assert.Equal("Unsupported Content-Type 'text/plain': send application/x-www-form-urlencoded or application/json.", error.GetProperty("message").GetString());
    }

    [Theory]
    [InlineData("POST", "/v1/promotion_codes", HttpStatusCode.NotFound)]
    [InlineData("DELETE", "/v1/billing-portal/sessions", HttpStatusCode.MethodNotAllowed)]
    [InlineData("POST", "/v1/billing-portal/sessions", HttpStatusCode.Unauthorized)]
    public async Task The_url_and_method_are_checked_before_the_key(string method, string path, HttpStatusCode status)
    {
        using var anonymous = factory.CreateApiClient(key: null);

        var response = await anonymous.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));

        Assert.Equal(status, response.StatusCode);
        Assert.True((await response.ErrorAsync()).TryGetProperty("code", out _));
    }
}
