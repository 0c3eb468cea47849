using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Vinr.Portal.Tests.Support;

/// <summary>
/// <see cref="PortalFactory"/> on a real Kestrel socket (a free loopback port), with Kestrel's
/// default limits, for what only a socket shows: short bodies, stalls, resets.
/// </summary>
public class KestrelPortalFactory : PortalFactory
{
    public KestrelPortalFactory()
    {
        UseKestrel(0);
        StartServer();
        Port = new Uri(Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()).Port;
        ClientOptions.BaseAddress = new Uri($"http://127.0.0.1:{Port}");
    }

    public int Port { get; }
}
