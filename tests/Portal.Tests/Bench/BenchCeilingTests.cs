using System.Net;
using Vinr.Portal.Tests.Support;

namespace Vinr.Portal.Tests.Bench;

/// <summary>The benchmarks' ceilings exist only with Bench:Enabled (bench/README.md); without it they are not there at all.</summary>
public sealed class BenchCeilingTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    [Theory]
    [InlineData("/bench/bare")]
    [InlineData("/bench/static")]
    [InlineData("/bench/static/next")]
    [InlineData("/bench/memory")]
    [InlineData("/bench/counter")]
    public async Task Without_the_bench_setting_a_ceiling_is_not_found(string path)
    {
        using var browser = factory.CreateClient();

        using var response = await browser.GetAsync(path, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.DoesNotContain("data-count", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }
}
