using Microsoft.AspNetCore.DataProtection;
using Vinr.Portal.Api.Features.BillingPortal.Sessions;

namespace Vinr.Portal.Tests.Features.BillingPortal.Sessions;

public sealed class SessionLinksTests
{
    private readonly EphemeralDataProtectionProvider _provider = new();
    private readonly SessionLinks _links;

    public SessionLinksTests() => _links = new SessionLinks(_provider);

    private static readonly DateTimeOffset InADay = DateTimeOffset.UtcNow.AddDays(1);

    [Fact]
    public void A_minted_token_reads_back_for_its_session_and_mode()
    {
        var token = _links.Mint("bps_1", livemode: true, InADay);

        Assert.StartsWith("live_tok_", token);
        Assert.True(_links.TryRead("bps_1", token, out var livemode));
        Assert.True(livemode);
    }

    [Fact]
    public void Two_tokens_for_one_session_differ_by_their_nonce()
    {
        Assert.NotEqual(_links.Mint("bps_1", false, InADay), _links.Mint("bps_1", false, InADay));
    }

    [Fact]
    public void A_token_does_not_read_for_another_session()
    {
        var token = _links.Mint("bps_1", false, InADay);

        Assert.False(_links.TryRead("bps_2", token, out _));
    }

    [Fact]
    public void Swapping_the_mode_prefix_breaks_the_token()
    {
        var token = _links.Mint("bps_1", false, InADay);

        Assert.False(_links.TryRead("bps_1", "live" + token[4..], out _));
    }

    [Fact]
    public void A_token_past_its_protector_expiry_does_not_read()
    {
        var token = _links.Mint("bps_1", false, DateTimeOffset.UtcNow.AddSeconds(-1));

        Assert.False(_links.TryRead("bps_1", token, out _));
    }

    [Fact]
    public void A_payload_under_another_purpose_does_not_read()
    {
        var other = _provider.CreateProtector("Vinr.BillingPortal.SessionLink.v0").ToTimeLimitedDataProtector();
        var forged = "test_tok_" + other.Protect("bps_1|test|nonce", InADay);

        Assert.False(_links.TryRead("bps_1", forged, out _));
    }

    [Theory]
    [InlineData("")]
    [InlineData("test_tok_")]
    [InlineData("test_tok_!!!not-base64!!!")]
    [InlineData("tok_abc")]
    public void Garbage_never_reads_and_never_throws(string token)
    {
        Assert.False(_links.TryRead("bps_1", token, out _));
    }

    [Fact]
    public void The_same_token_reads_any_number_of_times_so_single_use_must_live_in_the_database()
    {
        var token = _links.Mint("bps_1", false, InADay);

        Assert.True(_links.TryRead("bps_1", token, out _));
        Assert.True(_links.TryRead("bps_1", token, out _));
    }

    [Theory]
    [InlineData("jane.cooper@example.com", "j•••@example.com")]
    [InlineData("a@b.c", "a•••@b.c")]
    [InlineData("no-at-sign", null)]
    [InlineData(null, null)]
    public void Emails_are_masked_to_first_letter_and_domain(string? email, string? masked)
    {
        Assert.Equal(masked, PortalSessions.MaskEmail(email));
    }
}
