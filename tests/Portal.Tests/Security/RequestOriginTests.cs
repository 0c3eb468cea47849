using Microsoft.AspNetCore.Http;
using Vinr.Portal.Security;

namespace Vinr.Portal.Tests.Security;

public sealed class RequestOriginTests
{
    private static HttpRequest Request(string? fetchSite, string? origin)
    {
        var context = new DefaultHttpContext();
        context.Request.Scheme = "https";
        context.Request.Host = new HostString("billing.vinr.test");
        if (fetchSite is not null)
        {
            context.Request.Headers["Sec-Fetch-Site"] = fetchSite;
        }
        if (origin is not null)
        {
            context.Request.Headers.Origin = origin;
        }
        return context.Request;
    }

    [Theory]
    [InlineData("same-origin", "null", true)]
    [InlineData("same-origin", null, true)]
    [InlineData("cross-site", "null", false)]
    [InlineData("same-site", "https://billing.vinr.test", false)]
    [InlineData(null, "https://billing.vinr.test", true)]
    [InlineData(null, "https://evil.test", false)]
    [InlineData(null, "null", true)]
    [InlineData(null, null, true)]
    public void A_post_counts_as_same_origin_only_when_the_browser_says_so(string? fetchSite, string? origin, bool sameOrigin)
    {
        Assert.Equal(sameOrigin, RequestOrigin.IsSameOrigin(Request(fetchSite, origin)));
    }
}
