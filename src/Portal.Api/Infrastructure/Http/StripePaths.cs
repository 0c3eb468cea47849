using Microsoft.AspNetCore.Http;

namespace Vinr.Portal.Api.Infrastructure.Http;

/// <summary>
/// Stripe's client libraries call <c>/v1/billing_portal/...</c>; VINR's documented path (the seed's) is
/// <c>/v1/billing-portal/...</c>. Rewriting before routing gives one endpoint, one OpenAPI entry and
/// one set of tests for both spellings, instead of every billing portal endpoint mapped twice.
/// </summary>
public static class StripePaths
{
    private static readonly PathString Stripe = "/v1/billing_portal";
    private static readonly PathString Vinr = "/v1/billing-portal";

    /// <summary>Must run before routing (<c>UseRouting</c>), so the router sees the documented path.</summary>
    public static void Rewrite(HttpContext context)
    {
        if (context.Request.Path.StartsWithSegments(Stripe, StringComparison.Ordinal, out var rest))
        {
            context.Request.Path = Vinr.Add(rest);
        }
    }
}
