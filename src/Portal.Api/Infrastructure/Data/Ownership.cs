using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Vinr.Portal.Api.Features.Customers;

namespace Vinr.Portal.Api.Infrastructure.Data;

/// <summary>Whose data a caller may touch: one merchant, in one mode (the API key's, the portal session's).</summary>
public interface IMerchantScope
{
    string MerchantId { get; }
    bool Livemode { get; }
}

/// <summary>A portal session's scope: also one customer of that merchant.</summary>
public interface ICustomerScope : IMerchantScope
{
    string CustomerId { get; }
}

/// <summary>One customer of a merchant, named by the merchant's API call (the portal's scope is its session).</summary>
public sealed record CustomerScope(string MerchantId, bool Livemode, string CustomerId) : ICustomerScope;

/// <summary>A row that belongs to one merchant in one mode. Every query on it goes through <see cref="Ownership.OwnedBy{T}"/>.</summary>
public interface IOwned : IMerchantScope;

/// <summary>A row that also belongs to one of the merchant's customers; as a scope, it stands for that customer.</summary>
public interface ICustomerOwned : IOwned, ICustomerScope;

/// <summary>
/// The one way to scope a query to its caller. <see cref="OwnedBy{T}"/> always filters merchant and
/// mode, and, for a customer's scope (a portal session), the customer as well, whatever static type
/// the scope arrives as. <see cref="OwnershipGuard"/> refuses any query on an owned row without it.
/// </summary>
public static class Ownership
{
    /// <summary>The tag <see cref="AcrossMerchants{T}"/> puts on a query; the guard lets it through.</summary>
    internal const string AcrossMerchantsTag = "across merchants: ";

    public static IQueryable<T> OwnedBy<T>(this IQueryable<T> query, IMerchantScope scope)
        where T : class, IOwned
    {
        // Locals, not the scope object: EF parameterises them, so one cached plan serves every merchant.
        var merchantId = scope.MerchantId;
        var livemode = scope.Livemode;
        query = query.Where(row => row.MerchantId == merchantId && row.Livemode == livemode);
        return scope is ICustomerScope customer && CustomerColumn<T>.Name is { } column
            ? query.Where(CustomerColumn<T>.Matches(column, customer.CustomerId))
            : query;
    }

    /// <summary>
    /// A query that must see every merchant's rows: the billing clock's due list, or a lookup by a
    /// secret (API key, link token, session credential) that itself says whose it is. Say why.
    /// </summary>
    public static IQueryable<T> AcrossMerchants<T>(this IQueryable<T> query, string why)
        where T : class, IOwned =>
        query.TagWith(AcrossMerchantsTag + why);

    /// <summary>Which column names a row's customer: a customer row is the customer; merchant-wide rows (prices) have none.</summary>
    private static class CustomerColumn<T>
    {
        public static readonly string? Name =
            typeof(T) == typeof(Customer) ? nameof(Customer.Id)
            : typeof(ICustomerOwned).IsAssignableFrom(typeof(T)) ? nameof(ICustomerScope.CustomerId)
            : null;

        public static Expression<Func<T, bool>> Matches(string column, string customerId)
        {
            var row = Expression.Parameter(typeof(T), "row");
            // A closure member, not a constant, so the id is a SQL parameter like the others.
            var value = ((Expression<Func<string>>)(() => customerId)).Body;
            return Expression.Lambda<Func<T, bool>>(Expression.Equal(Expression.Property(row, column), value), row);
        }
    }
}
