using System.Globalization;
using System.Reflection;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Vinr.Portal.Api.Infrastructure.Data;
using Vinr.Portal.Api.Infrastructure.Http;

namespace Vinr.Portal.Api.Features.Invoices;

/// <summary>The merchant's view of its invoices: list, retrieve, download as PDF. Invoices are created by billing, not by the API.</summary>
public static class InvoiceEndpoints
{
    // The API has no customer locale to follow yet: merchant-side PDFs are in English.
    private static readonly CultureInfo PdfCulture = CultureInfo.GetCultureInfo("en");

    public static RouteGroupBuilder MapInvoices(this RouteGroupBuilder v1)
    {
        var group = v1.MapGroup("/invoices").WithTags("Invoices");
        group.MapGet("", List).WithName("ListInvoices").WithSummary("List a customer's invoices")
            .WithDescription("Newest first, drafts included. `customer` is required; `limit`, `starting_after`, `ending_before` page through.");
        group.MapGet("/{id}", Retrieve).WithName("RetrieveInvoice").WithSummary("Retrieve an invoice")
            .WithDescription("One of your invoices in the key's mode, drafts included, with its lines.");
        group.MapGet("/{id}/pdf", Pdf).WithName("RetrieveInvoicePdf").WithSummary("Download an invoice as a PDF")
            .WithDescription("`application/pdf`, as an attachment named after the invoice number.");
        return group;
    }

    private static async Task<Ok<ListObject<InvoiceObject>>> List(ApiParams p, ApiCaller caller, IDbContextFactory<BillingDbContext> dbFactory, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var (customer, page) = await PageRequest.ForCustomerAsync(p, caller, db, cancellationToken);
        var (items, hasMore) = await page.ApplyAsync(InvoiceQueries.WithLines(db.Invoices.OwnedBy(customer).AsNoTracking()), cancellationToken);
        return TypedResults.Ok(new ListObject<InvoiceObject>("list", [.. items.Select(InvoiceObject.From)], hasMore, "/v1/invoices"));
    }

    private static async Task<Results<Ok<InvoiceObject>, ApiError>> Retrieve(string id, ApiParams p, ApiCaller caller, IDbContextFactory<BillingDbContext> dbFactory, CancellationToken cancellationToken)
    {
        p.AllowOnly();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var invoice = await InvoiceQueries.WithLines(db.Invoices.OwnedBy(caller).AsNoTracking()).FirstOrDefaultAsync(i => i.Id == id, cancellationToken);
        return invoice is null ? ApiError.NoSuch("id", "invoice", id) : TypedResults.Ok(InvoiceObject.From(invoice));
    }

    private static async Task<Results<InvoicePdfResult, ApiError>> Pdf(string id, ApiParams p, ApiCaller caller, InvoiceQueries invoices, CancellationToken cancellationToken)
    {
        p.AllowOnly();
        var invoice = await invoices.GetAsync(caller, id, cancellationToken);
        return invoice is null ? ApiError.NoSuch("id", "invoice", id) : InvoicePdfResult.For(invoice, PdfCulture);
    }
}

/// <summary>
/// An invoice PDF as a download, for the API and the portal alike: <c>attachment</c> named after the
/// invoice number, and never stored by a cache (it names a customer and their address).
/// </summary>
public sealed class InvoicePdfResult(string fileName, byte[] pdf) : IResult, IEndpointMetadataProvider
{
    public const string ContentType = "application/pdf";

    public string FileName { get; } = fileName;

    public static InvoicePdfResult For(InvoiceView invoice, CultureInfo culture) =>
        new(SafeFileName(invoice.Number), InvoicePdf.Render(invoice.ToDocument(), culture));

    public Task ExecuteAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = ContentType;
        response.ContentLength = pdf.Length;
        response.Headers.ContentDisposition = $"attachment; filename=\"{FileName}\"";
        response.Headers.CacheControl = "no-store";
        return response.Body.WriteAsync(pdf, httpContext.RequestAborted).AsTask();
    }

    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) =>
        builder.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status200OK, typeof(Stream), [ContentType]));

    /// <summary><c>ACME-0012.pdf</c>. A merchant chooses its invoice prefix: anything but letters, digits, <c>-</c>, <c>_</c> and <c>.</c> becomes <c>-</c>, so the header stays one quoted token.</summary>
    private static string SafeFileName(string number) =>
        string.Concat(number.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '-')) + ".pdf";
}
