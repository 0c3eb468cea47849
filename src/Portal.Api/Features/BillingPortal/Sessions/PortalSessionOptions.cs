using System.ComponentModel.DataAnnotations;

namespace Vinr.Portal.Api.Features.BillingPortal.Sessions;

/// <summary>The <c>Portal</c> section: where links point and how long portal access lasts.</summary>
public sealed class PortalSessionOptions : IValidatableObject
{
    public const string Section = "Portal";

    /// <summary>
    /// The portal's public origin, e.g. <c>https://billing.vinr.com</c>. Empty: the address this
    /// process listens on (local runs). Plain http is allowed only on loopback.
    /// </summary>
    public string? PublicBaseUrl { get; set; }

    /// <summary>How long a minted link can be redeemed.</summary>
    public TimeSpan LinkLifetime { get; set; } = TimeSpan.FromHours(24);

    /// <summary>Portal access ends after this long without a request or click (sliding).</summary>
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromMinutes(60);

    /// <summary>Portal access ends this long after the link was redeemed, however active.</summary>
    public TimeSpan AbsoluteLifetime { get; set; } = TimeSpan.FromHours(12);

    /// <summary>How often an open tab re-checks that its session still stands.</summary>
    public TimeSpan RevalidationInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Link redemptions a client address may attempt a minute, per process.</summary>
    [Range(1, int.MaxValue)]
    public int RedeemAttemptsPerClientPerMinute { get; set; } = 30;

    /// <summary>Redemptions one session may see attempted a minute, per process (one can succeed).</summary>
    [Range(1, int.MaxValue)]
    public int RedeemAttemptsPerSessionPerMinute { get; set; } = 10;

    /// <summary>Open tabs (Blazor circuits) one portal session may hold on one replica; an extra tab says so.</summary>
    [Range(1, 1000)]
    public int CircuitsPerSession { get; set; } = 10;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!string.IsNullOrEmpty(PublicBaseUrl))
        {
            if (!Uri.TryCreate(PublicBaseUrl, UriKind.Absolute, out var uri) || uri.AbsolutePath != "/" || !string.IsNullOrEmpty(uri.Query))
            {
                yield return new ValidationResult("Portal:PublicBaseUrl must be an origin such as https://billing.example.com.", [nameof(PublicBaseUrl)]);
            }
            else if (uri.Scheme != Uri.UriSchemeHttps && !(uri.Scheme == Uri.UriSchemeHttp && uri.IsLoopback))
            {
                yield return new ValidationResult("Portal:PublicBaseUrl must be https (plain http only on loopback, for local development).", [nameof(PublicBaseUrl)]);
            }
        }
        if (LinkLifetime <= TimeSpan.Zero || IdleTimeout <= TimeSpan.Zero || AbsoluteLifetime <= TimeSpan.Zero || RevalidationInterval <= TimeSpan.Zero)
        {
            yield return new ValidationResult("Portal lifetimes and intervals must be positive.");
        }
        if (RevalidationInterval > TimeSpan.FromMinutes(1))
        {
            yield return new ValidationResult("Portal:RevalidationInterval must be at most one minute: open tabs must lose access promptly.", [nameof(RevalidationInterval)]);
        }
    }
}
