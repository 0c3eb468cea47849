using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Vinr.Portal.Tests.Support;

namespace Vinr.Portal.Tests.Infrastructure.Http;

/// <summary>A body the server cannot read completely is the client's or the network's failure: a 400 and a warning.</summary>
public sealed class UnreadableBodyTests(KestrelPortalFactory factory) : IClassFixture<KestrelPortalFactory>
{
    [Fact(Timeout = 60_000)] // a guard only: the response comes when the server's timeout fires
    public async Task A_body_that_stalls_short_of_its_content_length_is_a_400_once_the_server_gives_up()
    {
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, factory.Port, TestContext.Current.CancellationToken);
        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(
            "POST /v1/billing-portal/sessions HTTP/1.1\r\n" +
            "Host: 127.0.0.1\r\n" +
            $"X-Api-Key: {PortalFactory.DemoKey}\r\n" +
            "Content-Type: application/x-www-form-urlencoded\r\n" +
            "Content-Length: 100\r\n" +
            "\r\n" +
            "customer=c"), TestContext.Current.CancellationToken);

        // Then nothing more: Kestrel's minimum request body data rate (240 B/s after a 5 s grace
        // period, its default) ends the wait; the response arrives and the server closes the connection.
        using var response = new MemoryStream();
        await stream.CopyToAsync(response, TestContext.Current.CancellationToken);

        var (status, body) = Parse(Encoding.ASCII.GetString(response.ToArray()));
        Assert.Equal(400, status);
        var error = JsonDocument.Parse(body).RootElement.GetProperty("error");
        Assert.Equal("invalid_request_error", error.GetProperty("type").GetString());
        Assert.Equal("body_unreadable", error.GetProperty("code").GetString());
        Assert.StartsWith("The request body could not be read completely", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Contains(factory.Logs.Lines, line => line.StartsWith("Warning Vinr.Portal.Api.Infrastructure.Http.ApiPipelineMiddleware: Could not read the request body", StringComparison.Ordinal)
            && line.Contains("BadHttpRequestException", StringComparison.Ordinal));
        Assert.DoesNotContain(factory.Logs.Lines, line => line.StartsWith("Error ", StringComparison.Ordinal) || line.StartsWith("Critical ", StringComparison.Ordinal));
    }

    // Kestrel takes a half-close (FIN) like a reset, as the client gone: no response can be sent.
    [Theory(Timeout = 60_000)]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_body_the_client_cuts_off_is_a_warning_not_an_error(bool reset)
    {
        var warnings = Warnings().Count;
        using (var client = new TcpClient())
        {
            var stream = await StartReadingBodyAsync(client);
            await stream.WriteAsync("customer=c"u8.ToArray(), TestContext.Current.CancellationToken);
            if (reset)
            {
                client.LingerState = new LingerOption(true, 0); // closing sends RST
            }
            else
            {
                client.Client.Shutdown(SocketShutdown.Send);
            }
        }

        while (Warnings().Count == warnings)
        {
            await Task.Delay(20, TestContext.Current.CancellationToken);
        }
        Assert.DoesNotContain(factory.Logs.Lines, line => line.StartsWith("Error ", StringComparison.Ordinal) || line.StartsWith("Critical ", StringComparison.Ordinal));
    }

    private List<string> Warnings() =>
        [.. factory.Logs.Lines.Where(line => line.StartsWith("Warning Vinr.Portal.Api.Infrastructure.Http.ApiPipelineMiddleware: Could not read the request body", StringComparison.Ordinal))];

    /// <summary>
    /// Sends the head of a POST with <c>Expect: 100-continue</c> and returns once Kestrel answers
    /// <c>100 Continue</c>, which it does when the app starts reading the body: whatever the client
    /// does next happens while the server reads.
    /// </summary>
    private async Task<NetworkStream> StartReadingBodyAsync(TcpClient client)
    {
        await client.ConnectAsync(IPAddress.Loopback, factory.Port, TestContext.Current.CancellationToken);
        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(
            "POST /v1/billing-portal/sessions HTTP/1.1\r\n" +
            "Host: 127.0.0.1\r\n" +
            $"X-Api-Key: {PortalFactory.DemoKey}\r\n" +
            "Content-Type: application/x-www-form-urlencoded\r\n" +
            "Content-Length: 100\r\n" +
            "Expect: 100-continue\r\n" +
            "\r\n"), TestContext.Current.CancellationToken);
        var expected = "HTTP/1.1 100 Continue\r\n\r\n"u8.ToArray();
        var received = new byte[expected.Length];
        await stream.ReadExactlyAsync(received, TestContext.Current.CancellationToken);
        Assert.Equal(expected, received);
        return stream;
    }

    /// <summary>The status and the (de-chunked) body of a raw HTTP/1.1 response.</summary>
    private static (int Status, string Body) Parse(string response)
    {
        var split = response.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        var head = response[..split];
        var body = response[(split + 4)..];
        var status = int.Parse(head.Split(' ', 3)[1], System.Globalization.CultureInfo.InvariantCulture);
        if (!head.Contains("Transfer-Encoding: chunked", StringComparison.OrdinalIgnoreCase))
        {
            return (status, body);
        }
        var content = new StringBuilder();
        for (var size = -1; size != 0;)
        {
            var lineEnd = body.IndexOf("\r\n", StringComparison.Ordinal);
            size = Convert.ToInt32(body[..lineEnd], 16);
            content.Append(body, lineEnd + 2, size);
            body = body[(lineEnd + 2 + size + 2)..];
        }
        return (status, content.ToString());
    }
}
