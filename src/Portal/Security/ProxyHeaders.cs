using System.Net;
using Microsoft.AspNetCore.HttpOverrides;

namespace Vinr.Portal.Security;

/// <summary>
/// <c>X-Forwarded-For</c> and <c>X-Forwarded-Proto</c> are believed only from the proxies named in
/// <c>Network:KnownProxies</c> (addresses) and <c>Network:KnownNetworks</c> (CIDR): with none named,
/// from nobody, so a client cannot pick the address rate limits count it by.
/// </summary>
internal static class ProxyHeaders
{
    public static IApplicationBuilder UseProxyHeaders(this IApplicationBuilder app, IConfiguration configuration)
    {
        var proxies = configuration.GetSection("Network:KnownProxies").Get<string[]>() ?? [];
        var networks = configuration.GetSection("Network:KnownNetworks").Get<string[]>() ?? [];
        if (proxies.Length == 0 && networks.Length == 0)
        {
            // The middleware with empty lists would believe every peer: leave it out.
            return app;
        }
        var options = new ForwardedHeadersOptions { ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto };
        // The defaults trust loopback; the obsolete KnownNetworks still holds 127.0.0.0/8 and is still read.
        options.KnownProxies.Clear();
        options.KnownIPNetworks.Clear();
#pragma warning disable ASPDEPR005
        options.KnownNetworks.Clear();
#pragma warning restore ASPDEPR005
        foreach (var proxy in proxies)
        {
            options.KnownProxies.Add(IPAddress.TryParse(proxy, out var address)
                ? address
                : throw new InvalidOperationException($"Network:KnownProxies: '{proxy}' is not an IP address."));
        }
        foreach (var network in networks)
        {
            options.KnownIPNetworks.Add(System.Net.IPNetwork.TryParse(network, out var range)
                ? range
                : throw new InvalidOperationException($"Network:KnownNetworks: '{network}' is not a CIDR range such as 10.0.0.0/8."));
        }
        return app.UseForwardedHeaders(options);
    }
}
