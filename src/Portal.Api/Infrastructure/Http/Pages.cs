using Microsoft.EntityFrameworkCore;
using Vinr.Portal.Api.Infrastructure.Data;

namespace Vinr.Portal.Api.Infrastructure.Http;

/// <summary>An object lists page by: newest first, ordered by (Created, Id).</summary>
public interface IListable
{
    string Id { get; }
    DateTimeOffset Created { get; }
}

/// <summary>A page of a list, as every list endpoint answers: <c>{"object":"list","data":[...],"has_more":...}</c>.</summary>
public sealed record ListObject<T>(string Object, IReadOnlyList<T> Data, bool HasMore, string Url);

/// <summary>
/// <c>limit</c> (1–100, default 10) and one of <c>starting_after</c> / <c>ending_before</c> (an object
/// id). Keyset pagination: no OFFSET and no COUNT, so page 1,000 costs what page 1 does.
/// </summary>
public sealed record PageRequest(int Limit, string? StartingAfter, string? EndingBefore)
{
    public static PageRequest Parse(ApiParams p)
    {
        var limitText = p.String("limit", 3);
        var limit = 10;
        if (limitText is not null && (!int.TryParse(limitText, out limit) || limit is < 1 or > 100))
        {
            throw new ApiException(ApiError.Invalid("limit", "Invalid limit: must be a whole number from 1 to 100."));
        }
        var after = p.String("starting_after", 64);
        var before = p.String("ending_before", 64);
        if (after is not null && before is not null)
        {
            throw new ApiException(ApiError.Invalid("ending_before", "Pass starting_after or ending_before, not both."));
        }
        return new PageRequest(limit, after, before);
    }

    /// <summary>
    /// The parameters of a list of one customer's objects: <c>customer</c> (required, and the caller's
    /// own in this mode, else 404 like a missing one) and the page.
    /// </summary>
    public static async Task<(CustomerScope Customer, PageRequest Page)> ForCustomerAsync(ApiParams p, ApiCaller caller, BillingDbContext db,
        CancellationToken cancellationToken)
    {
        var customer = await CustomerFilterAsync(p, caller, db, cancellationToken) ?? throw new ApiException(ApiError.Missing("customer"));
        return (customer, Parse(p));
    }

    /// <summary><c>customer</c> when given: the caller's own in this mode, else 404 like a missing one. Null when absent.</summary>
    public static async Task<CustomerScope?> CustomerFilterAsync(ApiParams p, ApiCaller caller, BillingDbContext db, CancellationToken cancellationToken)
    {
        if (p.String("customer", 64) is not { } customerId)
        {
            return null;
        }
        var customer = new CustomerScope(caller.MerchantId, caller.Livemode, customerId);
        if (!await db.Customers.OwnedBy(customer).AnyAsync(cancellationToken))
        {
            throw new ApiException(ApiError.NoSuch("customer", "customer", customer.CustomerId));
        }
        return customer;
    }

    /// <summary>One page of <paramref name="query"/> (already scoped to the caller), newest first.</summary>
    public async Task<(List<T> Items, bool HasMore)> ApplyAsync<T>(IQueryable<T> query, CancellationToken cancellationToken)
        where T : class, IListable
    {
        var cursorId = StartingAfter ?? EndingBefore;
        if (cursorId is not null)
        {
            var cursor = await query.Where(e => e.Id == cursorId).Select(e => new { e.Created, e.Id }).FirstOrDefaultAsync(cancellationToken)
                ?? throw new ApiException(ApiError.NoSuch(StartingAfter is not null ? "starting_after" : "ending_before", "object", cursorId));
            query = StartingAfter is not null
                ? query.Where(e => e.Created < cursor.Created || (e.Created == cursor.Created && string.Compare(e.Id, cursor.Id) < 0))
                : query.Where(e => e.Created > cursor.Created || (e.Created == cursor.Created && string.Compare(e.Id, cursor.Id) > 0));
        }
        if (EndingBefore is not null)
        {
            var newer = await query.OrderBy(e => e.Created).ThenBy(e => e.Id).Take(Limit + 1).ToListAsync(cancellationToken);
            var page = newer.Take(Limit).Reverse().ToList();
            return (page, newer.Count > Limit);
        }
        var items = await query.OrderByDescending(e => e.Created).ThenByDescending(e => e.Id).Take(Limit + 1).ToListAsync(cancellationToken);
        return (items.Take(Limit).ToList(), items.Count > Limit);
    }
}
