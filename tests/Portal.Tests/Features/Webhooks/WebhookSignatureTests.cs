using System.Net;
using Vinr.Portal.Api.Features.Webhooks;

namespace Vinr.Portal.Tests.Features.Webhooks;

public sealed class WebhookSignatureTests
{
    private const string Secret = "whsec_test_0123456789abcdefghij";
    private const string Payload = """{"id":"evt_1","object":"event"}""";
    private static readonly DateTimeOffset Now = DateTimeOffset.FromUnixTimeSeconds(1_800_000_000);
    private static readonly TimeSpan Tolerance = TimeSpan.FromMinutes(5);

    [Fact]
    public void A_signature_verifies_with_its_secret_and_payload_only()
    {
        var header = WebhookSignature.Sign(Payload, Secret, Now);

        Assert.Matches("^t=1800000000,v1=[0-9a-f]{64}$", header);
        Assert.True(WebhookSignature.Verify(Payload, header, Secret, Tolerance, Now));
        Assert.False(WebhookSignature.Verify(Payload, header, Secret + "x", Tolerance, Now));
        Assert.False(WebhookSignature.Verify(Payload.Replace("evt_1", "evt_2"), header, Secret, Tolerance, Now));
        Assert.False(WebhookSignature.Verify(Payload, header.Replace("t=1800000000", "t=1800000001"), Secret, Tolerance, Now));
    }

    [Fact]
    public void The_timestamp_must_be_within_the_tolerance_either_way()
    {
        var header = WebhookSignature.Sign(Payload, Secret, Now);

        Assert.True(WebhookSignature.Verify(Payload, header, Secret, Tolerance, Now.AddMinutes(5)));
        Assert.False(WebhookSignature.Verify(Payload, header, Secret, Tolerance, Now.AddMinutes(5).AddSeconds(1)));
        Assert.False(WebhookSignature.Verify(Payload, header, Secret, Tolerance, Now.AddMinutes(-5).AddSeconds(-1)));
    }

    [Fact]
    public void Any_of_several_v1_values_may_match_during_a_rotation()
    {
        var good = WebhookSignature.Sign(Payload, Secret, Now);
        var other = WebhookSignature.Sign(Payload, "whsec_old", Now);

        Assert.True(WebhookSignature.Verify(Payload, $"{other},{good["t=1800000000,".Length..]}", Secret, Tolerance, Now));
        Assert.True(WebhookSignature.Verify(Payload, $"{good},v0=abc", Secret, Tolerance, Now));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("v1=00")]
    [InlineData("t=1800000000")]
    [InlineData("t=abc,v1=0000000000000000000000000000000000000000000000000000000000000000")]
    [InlineData("t=1800000000,v1=zz00000000000000000000000000000000000000000000000000000000000000")]
    public void A_malformed_header_does_not_verify(string? header) =>
        Assert.False(WebhookSignature.Verify(Payload, header, Secret, Tolerance, Now));

    [Fact]
    public void Stripe_net_validates_the_same_header()
    {
        var now = DateTimeOffset.UtcNow;
        var header = WebhookSignature.Sign(Payload, Secret, now);

        Stripe.EventUtility.ValidateSignature(Payload, header, Secret);
        Assert.Throws<Stripe.StripeException>(() => Stripe.EventUtility.ValidateSignature(Payload, header, "whsec_wrong"));
    }
}

public sealed class EndpointAddressesTests
{
    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("127.8.9.10")]
    [InlineData("10.1.2.3")]
    [InlineData("172.16.0.1")]
    [InlineData("172.31.255.255")]
    [InlineData("192.168.1.1")]
    [InlineData("169.254.169.254")]
    [InlineData("100.64.0.1")]
    [InlineData("100.127.255.255")]
    [InlineData("0.0.0.0")]
    [InlineData("224.0.0.1")]
    [InlineData("255.255.255.255")]
    [InlineData("::1")]
    [InlineData("::")]
    [InlineData("fe80::1")]
    [InlineData("fd00::1")]
    [InlineData("fc00::1")]
    [InlineData("ff02::1")]
    [InlineData("::ffff:127.0.0.1")]
    [InlineData("::ffff:10.0.0.1")]
    [InlineData("::ffff:169.254.169.254")]
    public void Private_and_reserved_addresses_are_refused(string address) =>
        Assert.True(EndpointAddresses.IsForbidden(IPAddress.Parse(address)));

    [Theory]
    [InlineData("93.184.215.14")]
    [InlineData("8.8.8.8")]
    [InlineData("172.32.0.1")]
    [InlineData("100.128.0.1")]
    [InlineData("2606:4700:4700::1111")]
    [InlineData("::ffff:8.8.8.8")]
    public void Public_addresses_are_allowed(string address) =>
        Assert.False(EndpointAddresses.IsForbidden(IPAddress.Parse(address)));
}

public sealed class WebhookRetryTests
{
    [Fact]
    public void The_delay_doubles_from_a_minute_up_to_six_hours()
    {
        Assert.Equal(TimeSpan.FromMinutes(1), WebhookRetry.Delay(1, 0.5));
        Assert.Equal(TimeSpan.FromMinutes(2), WebhookRetry.Delay(2, 0.5));
        Assert.Equal(TimeSpan.FromMinutes(16), WebhookRetry.Delay(5, 0.5));
        Assert.Equal(TimeSpan.FromHours(6), WebhookRetry.Delay(10, 0.5));
        Assert.Equal(TimeSpan.FromHours(6), WebhookRetry.Delay(1000, 0.5));
    }

    [Fact]
    public void Jitter_spreads_each_delay_by_ten_percent_and_never_reorders_them()
    {
        Assert.Equal(TimeSpan.FromSeconds(54), WebhookRetry.Delay(1, 0));
        Assert.True(WebhookRetry.Delay(1, 0.999999) < TimeSpan.FromSeconds(66));
        Assert.True(WebhookRetry.Delay(1, 0.999999) < WebhookRetry.Delay(2, 0));
    }

    [Fact]
    public void Retries_stop_at_the_give_up_time()
    {
        var now = DateTimeOffset.UnixEpoch;
        Assert.Equal(now.AddMinutes(1), WebhookRetry.Next(now, 1, now.AddMinutes(1), 0.5));
        Assert.Null(WebhookRetry.Next(now, 1, now.AddSeconds(59), 0.5));
    }
}
