using Vinr.Portal.Sessions;

namespace Vinr.Portal.Tests.Sessions;

public sealed class LinkTokenRedactorTests
{
    [Theory]
    [InlineData("/session/bps_1/test_tok_secret", "/session/bps_1/[redacted]")]
    [InlineData("/session/bps_1/test_tok_secret/extra", "/session/bps_1/[redacted]/extra")]
    [InlineData("/invoices/in_1", "/invoices/in_1")]
    [InlineData("/v1/billing-portal/sessions/bps_1", "/v1/billing-portal/sessions/bps_1")]
    public void Link_tokens_are_redacted_from_logged_paths(string path, string logged)
    {
        Assert.Equal(logged, LinkTokenRedactor.Redact(path));
    }
}
