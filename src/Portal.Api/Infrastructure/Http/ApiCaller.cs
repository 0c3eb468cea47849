using Microsoft.AspNetCore.Http;
using Vinr.Portal.Api.Infrastructure.Data;

namespace Vinr.Portal.Api.Infrastructure.Http;

/// <summary>Who is calling the API: one merchant, in one mode. Every query is scoped by both.</summary>
public sealed record ApiCaller(string MerchantId, bool Livemode) : IMerchantScope
{
    /// <summary>The request's <c>Request-Id</c>, which its events record.</summary>
    public string? RequestId { get; init; }

    /// <summary>The request's <c>Idempotency-Key</c>, which its events record.</summary>
    public string? IdempotencyKey { get; init; }

    private static readonly object ItemKey = new();

    internal void AttachTo(HttpContext context) => context.Items[ItemKey] = this;

    /// <summary>Minimal-API binding: set by the pipeline after the key checked out.</summary>
    public static ValueTask<ApiCaller?> BindAsync(HttpContext context) =>
        ValueTask.FromResult<ApiCaller?>(context.Items[ItemKey] as ApiCaller
            ?? throw new InvalidOperationException("ApiCaller is bound only behind the API pipeline."));
}
