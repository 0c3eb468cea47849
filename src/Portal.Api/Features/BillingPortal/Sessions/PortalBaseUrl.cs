using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace Vinr.Portal.Api.Features.BillingPortal.Sessions;

/// <summary>
/// The origin session links point at: <c>Portal:PublicBaseUrl</c>, or else the first address this
/// process listens on. Never the request's Host header, which a caller controls.
/// </summary>
public sealed class PortalBaseUrl(IOptions<PortalSessionOptions> options, IServer server)
{
    public string Value
    {
        get
        {
            if (!string.IsNullOrEmpty(options.Value.PublicBaseUrl))
            {
                return options.Value.PublicBaseUrl.TrimEnd('/');
            }
            var address = server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault() ?? "http://localhost";
            return address.Replace("://0.0.0.0", "://localhost", StringComparison.Ordinal)
                .Replace("://[::]", "://localhost", StringComparison.Ordinal)
                .Replace("://+", "://localhost", StringComparison.Ordinal)
                .TrimEnd('/');
        }
    }
}
