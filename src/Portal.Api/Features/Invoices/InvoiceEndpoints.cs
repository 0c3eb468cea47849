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
        group.MapGet("", List).WithName("ListInvoices").WithSummary("List invoices")
            .WithDescription("Newest first, drafts included: all of yours in the key's mode, or one customer's, one subscription's or one status's. " +
                "`limit`, `starting_after`, `ending_before` page through.")
            .Parameters([ApiParameter.Text("customer", "Only this customer's invoices (`cust_...`)."),
                ApiParameter.Text("subscription", "Only this subscription's invoices (`sub_...`)."),
                ApiParameter.Text("status", "Only invoices in this status: `draft`, `open`, `paid`, `void` or `uncollectible`."),
                .. ApiParameter.Page("invoice")]);
        group.MapGet("/upcoming", Upcoming).WithName("RetrieveUpcomingInvoice").WithSummary("Retrieve a customer's upcoming invoice")
            .WithDescription("The invoice the billing clock will write when the subscription's period ends, with the amounts it will charge then: " +
                "the plan for the next period (a change scheduled for period end included), the proration items waiting for it, less the customer's credit. " +
                "It has no `id` yet. Without `subscription`, the customer's subscription that renews first. A subscription that is canceled, set to cancel " +
                "at period end or unpaid has none: 404 `invoice_upcoming_none`.")
            .Parameters([ApiParameter.Text("customer", "The customer (`cust_...`). Required."),
                ApiParameter.Text("subscription", "One of the customer's subscriptions (`sub_...`); by default the one that renews first.")]);
        // Stripe replaced GET /v1/invoices/upcoming with this POST (API version 2025-03-31); its current SDKs call only this one.
        group.MapPost("/create_preview", Upcoming).WithName("CreateInvoicePreview").WithSummary("Preview a customer's next invoice")
            .WithDescription("The same preview as `GET /v1/invoices/upcoming`, under the name Stripe's current API and SDKs use. Nothing is written.")
            .Accepts<InvoicePreviewParameters>("application/x-www-form-urlencoded", "application/json")
            .Parameters(["customer", "subscription"]);
        group.MapGet("/{id}", Retrieve).WithName("RetrieveInvoice").WithSummary("Retrieve an invoice")
            .WithDescription("One of your invoices in the key's mode, drafts included, with its lines.")
            .Parameters();
        group.MapGet("/{id}/pdf", Pdf).WithName("RetrieveInvoicePdf").WithSummary("Download an invoice as a PDF")
            .WithDescription("`application/pdf`, as an attachment named after the invoice number.")
            .Parameters();
        return group;
    }

    private static async Task<Ok<ListObject<InvoiceObject>>> List(ApiParams p, ApiCaller caller, IDbContextFactory<BillingDbContext> dbFactory, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var customer = await PageRequest.CustomerFilterAsync(p, caller, db, cancellationToken);
        var subscription = p.String("subscription", 64);
        var status = p.String("status", 32) is { } statusText
            ? Statuses.TryGetValue(statusText, out var known) ? known : throw p.Invalid("status", $"Invalid status: must be one of {string.Join(", ", Statuses.Keys)}.")
            : (InvoiceStatus?)null;
        var page = PageRequest.Parse(p);
        // A customer's scope narrows the merchant's; without one, every invoice of the key's mode.
        var query = db.Invoices.OwnedBy(customer ?? (IMerchantScope)caller).AsNoTracking();
        if (subscription is not null)
        {
            query = query.Where(i => i.SubscriptionId == subscription);
        }
        if (status is { } onlyStatus)
        {
            query = query.Where(i => i.Status == onlyStatus);
        }
        var (items, hasMore) = await page.ApplyAsync(InvoiceQueries.WithLines(query), cancellationToken);
        return TypedResults.Ok(new ListObject<InvoiceObject>("list", [.. items.Select(InvoiceObject.From)], hasMore, "/v1/invoices"));
    }

    private static readonly Dictionary<string, InvoiceStatus> Statuses =
        Enum.GetValues<InvoiceStatus>().ToDictionary(s => s.ToString().ToLowerInvariant(), StringComparer.Ordinal);

    private static async Task<Results<Ok<InvoiceObject>, ApiError>> Retrieve(string id, ApiParams p, ApiCaller caller, IDbContextFactory<BillingDbContext> dbFactory, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var invoice = await InvoiceQueries.WithLines(db.Invoices.OwnedBy(caller).AsNoTracking()).FirstOrDefaultAsync(i => i.Id == id, cancellationToken);
        return invoice is null ? ApiError.NoSuch("id", "invoice", id) : TypedResults.Ok(InvoiceObject.From(invoice));
    }

    private static async Task<Results<Ok<UpcomingInvoiceObject>, ApiError>> Upcoming(ApiParams p, ApiCaller caller, IDbContextFactory<BillingDbContext> dbFactory,
        UpcomingInvoices upcoming, CancellationToken cancellationToken)
    {
        CustomerScope customer;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            customer = await PageRequest.CustomerFilterAsync(p, caller, db, cancellationToken) ?? throw new ApiException(ApiError.Missing("customer"));
        }
        var subscription = p.String("subscription", 64);
        var outcome = await upcoming.GetAsync(customer, subscription, cancellationToken);
        if (outcome.Problem is { } problem)
        {
            return ApiError.From(problem);
        }
        return outcome.Value is { } view
            ? TypedResults.Ok(UpcomingInvoiceObject.From(view))
            // Stripe's code for it, so its clients can tell "nothing to preview" from a missing object.
            : new ApiError(StatusCodes.Status404NotFound, ApiError.InvalidRequest, "invoice_upcoming_none", subscription is null
                ? $"No upcoming invoice for customer '{customer.CustomerId}': none of their subscriptions renews (canceled, set to cancel at period end, or unpaid)."
                : $"No upcoming invoice for subscription '{subscription}': it does not renew (canceled, set to cancel at period end, or unpaid).");
    }

    private static async Task<Results<InvoicePdfResult, ApiError>> Pdf(string id, ApiParams p, ApiCaller caller, InvoiceQueries invoices, CancellationToken cancellationToken)
    {
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

/// <summary>The body of <c>POST /v1/invoices/create_preview</c>: whose next invoice.</summary>
internal sealed class InvoicePreviewParameters
{
    /// <summary>The customer (<c>cust_...</c>).</summary>
    public required string Customer { get; init; }

    /// <summary>One of the customer's subscriptions (<c>sub_...</c>); by default the one that renews first.</summary>
    public string? Subscription { get; init; }
}
