using System.Globalization;
using Vinr.Portal.Api.Features.BillingPortal.Portal;
using Vinr.Portal.Api.Features.Invoices;
using Vinr.Portal.Components.Pages.Invoices;
using Vinr.Portal.Security;
using Vinr.Portal.Sessions;

namespace Vinr.Portal.Invoices;

/// <summary>
/// The invoice PDF download: a plain HTTP endpoint behind the portal cookie, so the file streams
/// from the server and never crosses the Blazor circuit. See <see cref="InvoicePage.PdfUrl"/>.
/// </summary>
public static class InvoiceEndpoints
{
    public const string PdfPath = "/portal/invoices/{id}/pdf";

    public static IEndpointRouteBuilder MapInvoiceDownloads(this IEndpointRouteBuilder app)
    {
        app.MapGet(PdfPath, DownloadAsync).ExcludeFromDescription();
        return app;
    }

    private static async Task<IResult> DownloadAsync(HttpContext http, string id, InvoiceQueries invoices, PortalQueries portal)
    {
        SecurityHeaders.NoStore(http);
        if (PortalCookie.AccessOf(http) is not { } access)
        {
            // A download link is followed by a page navigation: an ended session lands where every portal page does.
            return TypedResults.Redirect("/signed-out");
        }
        // Someone else's invoice, a missing one, and history switched off all answer the same 404: no oracle.
        var features = await portal.GetFeaturesAsync(access, http.RequestAborted);
        if (!features.InvoiceHistory || await invoices.GetAsync(access, id, http.RequestAborted) is not { } invoice)
        {
            return TypedResults.NotFound();
        }
        return InvoicePdfResult.For(invoice, CultureInfo.CurrentCulture);
    }
}
