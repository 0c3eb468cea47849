using Microsoft.EntityFrameworkCore;
using Vinr.Portal.Api.Features.BillingPortal.Configurations;
using Vinr.Portal.Api.Features.BillingPortal.Sessions;
using Vinr.Portal.Api.Features.Events;
using Vinr.Portal.Api.Infrastructure;
using Vinr.Portal.Api.Infrastructure.Data;

namespace Vinr.Portal.Api.Features.Customers;

/// <summary>A customer's billing details as the portal shows them, and which of them this session may change.</summary>
public sealed record EditableDetails(BillingDetails Details, bool Enabled, IReadOnlyList<string> AllowedFields)
{
    /// <summary>Editing is on and at least one field may change.</summary>
    public bool CanEdit => Enabled && AllowedFields.Count > 0;

    public bool Allows(string field) => CanEdit && AllowedFields.Contains(field);
}

/// <summary>The details as stored after a save, and whether the save changed anything.</summary>
public sealed record SavedDetails(BillingDetails Details, bool Changed);

/// <summary>
/// Reads and updates the billing details of the session's customer. Only the fields the portal
/// configuration allows are written, whatever the caller sends; a change commits with its
/// <c>customer.updated</c> event in one transaction.
/// </summary>
public sealed class CustomerDetails(IDbContextFactory<BillingDbContext> dbFactory, TimeProvider time)
{
    public async Task<EditableDetails> GetAsync(PortalAccess access, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var customer = await db.Customers.OwnedBy(access).AsNoTracking().FirstAsync(cancellationToken);
        var feature = await FeatureAsync(db, access, cancellationToken);
        return new EditableDetails(BillingDetails.Of(customer), feature.Enabled, AllowedFields(feature));
    }

    /// <summary>Editing is on and allows at least one field the portal knows.</summary>
    public static bool CanEdit(CustomerUpdateFeature feature) => feature.Enabled && AllowedFields(feature).Length > 0;

    /// <summary>Saves the allowed fields; every invalid field is its own problem, and then nothing is saved.</summary>
    public async Task<Outcome<SavedDetails>> UpdateAsync(PortalAccess access, BillingDetails details, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var customer = await db.Customers.OwnedBy(access).FirstAsync(cancellationToken);
        // Read again on every save: the merchant may have changed the configuration since the page loaded.
        var feature = await FeatureAsync(db, access, cancellationToken);
        var allowed = AllowedFields(feature);
        if (!feature.Enabled || allowed.Length == 0)
        {
            return new Problem(ProblemKind.NotAllowed, Messages.Get("DetailsLocked"));
        }
        var problems = BillingDetails.Validate(details, allowed);
        if (problems.Count > 0)
        {
            return Outcome.Failure<SavedDetails>([.. problems.Select(p => new Problem(ProblemKind.Invalid, p.Value, p.Key))]);
        }

        var before = BillingDetails.Of(customer);
        Apply(customer, details.Normalized(), allowed);
        var after = BillingDetails.Of(customer);
        if (after == before)
        {
            return new SavedDetails(after, Changed: false);
        }
        EventLog.Add(db, Actor.Portal(access), EventTypes.CustomerUpdated, CustomerObject.From(customer), time.GetUtcNow());
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new SavedDetails(after, Changed: true);
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

    private static async Task<CustomerUpdateFeature> FeatureAsync(BillingDbContext db, PortalAccess access, CancellationToken cancellationToken)
    {
        return (await db.FeaturesOf(access).FirstAsync(cancellationToken)).CustomerUpdate;
    }

    // Only the names the portal knows, in its order: a stray value in the stored list grants nothing.
    private static string[] AllowedFields(CustomerUpdateFeature feature) =>
        [.. CustomerUpdateFeature.AllFields.Where(feature.AllowedFields.Contains)];
}
