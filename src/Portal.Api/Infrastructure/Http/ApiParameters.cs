using Microsoft.AspNetCore.Builder;
using Microsoft.OpenApi;

namespace Vinr.Portal.Api.Infrastructure.Http;

/// <summary>
/// One top-level parameter an endpoint accepts: in the query for GET and DELETE, in the body for POST.
/// <paramref name="Type"/> and <paramref name="Description"/> document a query parameter; a body's
/// parameters are documented by its <c>Accepts&lt;T&gt;</c> schema.
/// </summary>
public sealed record ApiParameter(string Name, JsonSchemaType Type = JsonSchemaType.String, string? Description = null)
{
    public static implicit operator ApiParameter(string name) => new(name);

    public static ApiParameter Limit { get; } = new("limit", JsonSchemaType.Integer, "How many to return, 1 to 100 (default 10).");

    /// <summary><c>limit</c>, <c>starting_after</c>, <c>ending_before</c>, described for objects called <paramref name="objectName"/>.</summary>
    public static ApiParameter[] Page(string objectName) =>
    [
        Limit,
        new("starting_after", JsonSchemaType.String, $"A {objectName} id: the page after it (older)."),
        new("ending_before", JsonSchemaType.String, $"A {objectName} id: the page before it (newer)."),
    ];

    public static ApiParameter Boolean(string name, string description) => new(name, JsonSchemaType.Boolean, description);

    public static ApiParameter Text(string name, string description) => new(name, JsonSchemaType.String, description);

    /// <summary><c>name[gte]</c> and <c>name[lte]</c>: a range of Unix seconds (Stripe's <c>created[gte]</c>).</summary>
    public static ApiParameter TimeRange(string name, string description) => new(name, JsonSchemaType.Object, description);

    /// <summary><c>expand[]</c>: a list of strings.</summary>
    public static ApiParameter Expand(string description) => new("expand", JsonSchemaType.Array, description);
}

/// <summary>
/// The one list of top-level parameters an endpoint accepts. The API pipeline refuses any other
/// (<c>parameter_unknown</c>, naming it) before the handler runs, and the OpenAPI document lists the same
/// ones, so the two cannot drift apart; a test checks every <c>/v1</c> endpoint declares one.
/// Nested objects (<c>flow_data[...]</c>) are still checked by the handler that reads them.
/// </summary>
public sealed class ApiParameters(IReadOnlyList<ApiParameter> accepted)
{
    public IReadOnlyList<ApiParameter> Accepted { get; } = accepted;

    public string[] Names => [.. Accepted.Select(p => p.Name)];
}

public static class ApiParametersExtensions
{
    /// <summary>Declares every top-level parameter the endpoint accepts; none at all when empty.</summary>
    public static TBuilder Parameters<TBuilder>(this TBuilder builder, params ApiParameter[] accepted)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new ApiParameters(accepted));

    /// <summary>Declares body parameters by name; the body's <c>Accepts&lt;T&gt;</c> schema documents them.</summary>
    public static TBuilder Parameters<TBuilder>(this TBuilder builder, IEnumerable<string> accepted)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new ApiParameters([.. accepted.Select(name => new ApiParameter(name))]));
}
