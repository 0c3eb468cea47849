using System.Net;
using System.Net.Sockets;

namespace Vinr.Portal.Api.Features.Webhooks;

/// <summary>
/// Which addresses a live-mode webhook may reach: public unicast only. A merchant's URL must not make
/// VINR call its own network (SSRF): loopback, private, link-local (cloud metadata), CGNAT, multicast,
/// unspecified, and their IPv4-mapped IPv6 forms are refused, at create and again at connect.
/// </summary>
public static class EndpointAddresses
{
    public static bool IsForbidden(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }
        if (IPAddress.IsLoopback(address) || address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any) || address.Equals(IPAddress.None))
        {
            return true;
        }
        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            var b = address.GetAddressBytes();
            return b[0] switch
            {
                0 or 10 or 127 => true,
                100 => b[1] is >= 64 and <= 127,      // 100.64.0.0/10 CGNAT
                169 => b[1] == 254,                     // link-local, cloud metadata
                172 => b[1] is >= 16 and <= 31,
                192 => (b[1] == 168) || (b[1] == 0 && b[2] is 0 or 2) || (b[1] == 88 && b[2] == 99),
                198 => b[1] is 18 or 19 || (b[1] == 51 && b[2] == 100),  // benchmarking, documentation
                203 => b[1] == 0 && b[2] == 113,
                >= 224 => true,                         // multicast, reserved, broadcast
                _ => false,
            };
        }
        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            var b = address.GetAddressBytes();
            return address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6Multicast
                || (b[0] & 0xfe) == 0xfc                // fc00::/7 unique local
                || (b[0] == 0x20 && b[1] == 0x01 && b[2] == 0x0d && b[3] == 0xb8) // 2001:db8::/32 documentation
                || (b[0] == 0x00 && b.Take(12).All(x => x == 0)); // ::/96 IPv4-compatible and ::
        }
        return true;
    }

    /// <summary>
    /// Connects only to allowed addresses: the name is resolved here and each address checked, so a
    /// DNS answer that changed since the endpoint was created cannot reach a private network.
    /// </summary>
    public static async ValueTask<Stream> ConnectPublicAsync(DnsEndPoint endPoint, CancellationToken cancellationToken)
    {
        var addresses = IPAddress.TryParse(endPoint.Host, out var literal)
            ? [literal]
            : await Dns.GetHostAddressesAsync(endPoint.Host, cancellationToken);
        var allowed = addresses.Where(a => !IsForbidden(a)).ToArray();
        if (allowed.Length == 0)
        {
            throw new HttpRequestException(HttpRequestError.ConnectionError,
                $"Refused: {endPoint.Host} resolves only to private, loopback or reserved addresses, which live-mode webhooks may not reach.");
        }
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(allowed, endPoint.Port, cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
