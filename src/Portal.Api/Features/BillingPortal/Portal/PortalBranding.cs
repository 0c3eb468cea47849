using Vinr.Portal.Api.Features.BillingPortal.Configurations;

namespace Vinr.Portal.Api.Features.BillingPortal.Portal;

/// <summary>How the merchant's portal looks: shown on the link page and in every portal page's header.</summary>
public sealed record PortalBranding(
    string MerchantName,
    string? LogoUrl,
    string? AccentColor,
    string? Headline,
    string? PrivacyPolicyUrl,
    string? TermsOfServiceUrl)
{
    public static PortalBranding From(string merchantName, PortalConfiguration configuration) => new(
        merchantName, configuration.LogoUrl, configuration.AccentColor, configuration.Headline,
        configuration.PrivacyPolicyUrl, configuration.TermsOfServiceUrl);
}

/// <summary>What the layout reads once per circuit: the merchant's look and the features on offer.</summary>
public sealed record PortalSettings(PortalBranding Branding, PortalFeatures Features);
