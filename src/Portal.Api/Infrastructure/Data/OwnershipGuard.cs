using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Query;

namespace Vinr.Portal.Api.Infrastructure.Data;

/// <summary>
/// Refuses to compile a query that reads or writes an <see cref="IOwned"/> table without
/// <see cref="Ownership.OwnedBy{T}"/> (or an explicit <see cref="Ownership.AcrossMerchants{T}"/>) on
/// that table: one merchant's data can only leak to another through a query that forgot the filter,
/// so such a query never runs, in tests or in production. EF calls this once per query shape
/// (then the plan is cached), so it costs nothing per request.
/// </summary>
public sealed class OwnershipGuard : IQueryExpressionInterceptor
{
    public static readonly OwnershipGuard Instance = new();

    public Expression QueryCompilationStarting(Expression queryExpression, QueryExpressionEventData eventData)
    {
        var check = new ScopeCheck();
        check.Visit(queryExpression);
        var unscoped = check.OwnedRoots.Except(check.ScopedRoots).Select(r => r.EntityType.ClrType.Name).Distinct().ToList();
        return unscoped.Count == 0
            ? queryExpression
            : throw new InvalidOperationException(
                $"A query on {string.Join(", ", unscoped)} is not scoped to a merchant. Use .OwnedBy(caller) on it, or .AcrossMerchants(why) where no caller exists yet.");
    }

    private sealed class ScopeCheck : ExpressionVisitor
    {
        public HashSet<EntityQueryRootExpression> OwnedRoots { get; } = new(ReferenceEqualityComparer.Instance);
        public HashSet<EntityQueryRootExpression> ScopedRoots { get; } = new(ReferenceEqualityComparer.Instance);

        protected override Expression VisitExtension(Expression node)
        {
            if (node is EntityQueryRootExpression root && typeof(IOwned).IsAssignableFrom(root.EntityType.ClrType))
            {
                OwnedRoots.Add(root);
            }
            return base.VisitExtension(node);
        }

        protected override Expression VisitMethodCall(MethodCallExpression node)
        {
            if (IsOwnershipFilter(node) || IsAcrossMerchantsTag(node))
            {
                if (RootOf(node.Arguments[0]) is { } root)
                {
                    ScopedRoots.Add(root);
                }
            }
            return base.VisitMethodCall(node);
        }

        // row => row.MerchantId == merchantId && row.Livemode == livemode, as OwnedBy writes it.
        private static bool IsOwnershipFilter(MethodCallExpression call) =>
            call.Method.DeclaringType == typeof(Queryable) && call.Method.Name == nameof(Queryable.Where)
            && StripQuotes(call.Arguments[1]) is LambdaExpression { Body: BinaryExpression { NodeType: ExpressionType.AndAlso } both } lambda
            && ComparesMember(both.Left, lambda.Parameters[0], nameof(IOwned.MerchantId))
            && ComparesMember(both.Right, lambda.Parameters[0], nameof(IOwned.Livemode));

        private static bool IsAcrossMerchantsTag(MethodCallExpression call) =>
            call.Method.DeclaringType == typeof(EntityFrameworkQueryableExtensions) && call.Method.Name == nameof(EntityFrameworkQueryableExtensions.TagWith)
            && call.Arguments[1] is ConstantExpression { Value: string tag } && tag.StartsWith(Ownership.AcrossMerchantsTag, StringComparison.Ordinal);

        private static bool ComparesMember(Expression comparison, ParameterExpression row, string member) =>
            comparison is BinaryExpression { NodeType: ExpressionType.Equal, Left: var left }
            && StripConverts(left) is MemberExpression access && access.Member.Name == member && StripConverts(access.Expression!) == row;

        /// <summary>The table a chain of row-preserving operators starts from (Where, OrderBy, Include, AsNoTracking, TagWith...).</summary>
        private static EntityQueryRootExpression? RootOf(Expression source)
        {
            while (source is MethodCallExpression call && call.Arguments.Count > 0
                && (call.Method.DeclaringType == typeof(Queryable) || call.Method.DeclaringType == typeof(EntityFrameworkQueryableExtensions))
                && RowType(call.Type) is { } rows && rows == RowType(call.Arguments[0].Type))
            {
                source = call.Arguments[0];
            }
            return source as EntityQueryRootExpression;
        }

        private static Type? RowType(Type queryable) =>
            queryable.IsGenericType && queryable.GetGenericTypeDefinition() == typeof(IQueryable<>) ? queryable.GetGenericArguments()[0]
            : queryable.GetInterfaces().FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IQueryable<>))?.GetGenericArguments()[0];

        private static Expression StripQuotes(Expression e) => e is UnaryExpression { NodeType: ExpressionType.Quote } quote ? quote.Operand : e;

        private static Expression StripConverts(Expression e) =>
            e is UnaryExpression { NodeType: ExpressionType.Convert or ExpressionType.ConvertChecked } convert ? StripConverts(convert.Operand) : e;
    }
}
