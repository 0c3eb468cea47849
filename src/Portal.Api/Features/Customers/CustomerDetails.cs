using Microsoft.EntityFrameworkCore;
using Vinr.Portal.Api.Features.BillingPortal.Configurations;
using Vinr.Portal.Api.Features.BillingPortal.Sessions;
using Vinr.Portal.Api.Features.Events;
using Vinr.Portal.Api.Infrastructure.Data;

namespace Vinr.Portal.Api.Features.Customers;

/// <summary>A customer's billing details as the portal shows them, and which of them this session may change.</summary>
public sealed record EditableDetails(BillingDetails Details, bool Enabled, IReadOnlyList<string> AllowedFields)
{
    /// <summary>Editing is on and at least one field may change.</summary>
    public bool CanEdit => Enabled && AllowedFields.Count > 0;

    public bool Allows(string field) => CanEdit && AllowedFields.Contains(field);
}

public enum DetailsResult
{
    Saved,
    Unchanged,
    Invalid,
    NotAllowed,
}

/// <summary>What a save came to: the details as stored now, or the problems by field (nothing saved).</summary>
public sealed record DetailsOutcome(DetailsResult Result, BillingDetails Details, IReadOnlyDictionary<string, string> Problems);

/// <summary>
/// Reads and updates the billing details of the session's customer. Only the fields the portal
/// configuration allows are written, whatever the caller sends; a change commits with its
/// <c>customer.updated</c> event in one transaction.
/// </summary>
public sealed class CustomerDetails(IDbContextFactory<BillingDbContext> dbFactory, TimeProvider time)
{
    private static readonly IReadOnlyDictionary<string, string> NoProblems = new Dictionary<string, string>();

    public async Task<EditableDetails> GetAsync(PortalAccess access, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var customer = await CustomerOf(db, access).AsNoTracking().FirstAsync(cancellationToken);
        var feature = await FeatureAsync(db, access, cancellationToken);
        return new EditableDetails(BillingDetails.Of(customer), feature.Enabled, AllowedFields(feature));
    }

    /// <summary>Whether the overview should offer "Edit": the configuration only, not the customer.</summary>
    public async Task<bool> CanEditAsync(PortalAccess access, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return CanEdit(await FeatureAsync(db, access, cancellationToken));
    }

    /// <summary>Editing is on and allows at least one field the portal knows.</summary>
    public static bool CanEdit(CustomerUpdateFeature feature) => feature.Enabled && AllowedFields(feature).Length > 0;

    public async Task<DetailsOutcome> UpdateAsync(PortalAccess access, BillingDetails details, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var customer = await CustomerOf(db, access).FirstAsync(cancellationToken);
        // Read again on every save: the merchant may have changed the configuration since the page loaded.
        var feature = await FeatureAsync(db, access, cancellationToken);
        var allowed = AllowedFields(feature);
        if (!feature.Enabled || allowed.Length == 0)
        {
            return new DetailsOutcome(DetailsResult.NotAllowed, BillingDetails.Of(customer), NoProblems);
        }
        var problems = BillingDetails.Validate(details, allowed);
        if (problems.Count > 0)
        {
            return new DetailsOutcome(DetailsResult.Invalid, BillingDetails.Of(customer), problems);
        }

        var before = BillingDetails.Of(customer);
        Apply(customer, details.Normalized(), allowed);
        var after = BillingDetails.Of(customer);
        if (after == before)
        {
            return new DetailsOutcome(DetailsResult.Unchanged, after, NoProblems);
        }
        EventLog.Add(db, access.MerchantId, access.Livemode, "customer.updated", CustomerObject.From(customer), "portal", time.GetUtcNow(), access.SessionId);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new DetailsOutcome(DetailsResult.Saved, after, NoProblems);
    }

    /// <summary>Writes the allowed fields and nothing else: a payload naming another field changes nothing there.</summary>
    private static void Apply(Customer customer, BillingDetails d, IReadOnlyList<string> allowed)
    {
        if (allowed.Contains("name"))
        {
            customer.Name = d.Name;
        }
        if (allowed.Contains("email"))
        {
            customer.Email = d.Email;
        }
        if (allowed.Contains("phone"))
        {
            customer.Phone = d.Phone;
        }
        if (allowed.Contains("address"))
        {
            customer.Address.Line1 = d.Line1;
            customer.Address.Line2 = d.Line2;
            customer.Address.City = d.City;
            customer.Address.State = d.State;
            customer.Address.PostalCode = d.PostalCode;
            customer.Address.Country = d.Country;
        }
        if (allowed.Contains("tax_id"))
        {
            customer.TaxId = d.TaxId;
        }
    }

    // Scoped by the session, never by an id from the browser.
    private static IQueryable<Customer> CustomerOf(BillingDbContext db, PortalAccess access) =>
        db.Customers.Where(c => c.Id == access.CustomerId && c.MerchantId == access.MerchantId && c.Livemode == access.Livemode);

    private static async Task<CustomerUpdateFeature> FeatureAsync(BillingDbContext db, PortalAccess access, CancellationToken cancellationToken)
    {
        var configuration = await db.PortalConfigurations.AsNoTracking()
            .FirstAsync(k => k.Id == access.ConfigurationId && k.MerchantId == access.MerchantId, cancellationToken);
        return configuration.Features.CustomerUpdate;
    }

    // Only the names the portal knows, in its order: a stray value in the stored list grants nothing.
    private static string[] AllowedFields(CustomerUpdateFeature feature) =>
        [.. CustomerUpdateFeature.AllFields.Where(feature.AllowedFields.Contains)];
}
