using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Vinr.Portal.Api.Infrastructure.Data;

namespace Vinr.Portal.Api.Infrastructure.Http;

/// <summary>
/// <c>Idempotency-Key</c> on POST: the same key and parameters within 24 h replay the first response;
/// other parameters are refused; a concurrent duplicate waits for nothing and gets 409, so one key
/// never creates two objects. The claim is a row inserted before the work runs. The stored response is
/// a Data Protection payload: it can carry a secret shown once (a webhook endpoint's <c>whsec_</c>).
/// </summary>
public sealed class Idempotency(IDbContextFactory<BillingDbContext> dbFactory, TimeProvider time, IDataProtectionProvider dataProtection)
{
    private readonly IDataProtector _responses = dataProtection.CreateProtector("Vinr.Api.IdempotentResponse.v1");

    public static readonly TimeSpan Window = TimeSpan.FromHours(24);
    public const int MaxKeyLength = 255;

    internal async Task RunAsync(HttpContext context, ApiCaller caller, string key, ApiParams parameters, RequestDelegate next)
    {
        if (key.Length > MaxKeyLength)
        {
            throw new ApiException(new ApiError(400, ApiError.Idempotency, "idempotency_key_invalid",
                $"The Idempotency-Key header must be at most {MaxKeyLength} characters."));
        }
        var hash = parameters.Hash(context.Request.Method, context.Request.Path);
        if (!await TryClaimAsync(caller, key, hash))
        {
            await ReplayAsync(context, caller, key, hash);
            return;
        }

        var original = context.Response.Body;
        using var buffer = new MemoryStream();
        context.Response.Body = buffer;
        try
        {
            await next(context);
        }
        catch
        {
            // Nothing was committed by a request that threw: free the key for a retry.
            await ReleaseAsync(caller, key);
            throw;
        }
        finally
        {
            context.Response.Body = original;
        }

        if (context.Response.StatusCode >= 500)
        {
            await ReleaseAsync(caller, key);
        }
        else
        {
            await SaveAsync(caller, key, context.Response.StatusCode, System.Text.Encoding.UTF8.GetString(buffer.ToArray()));
        }
        buffer.Position = 0;
        await buffer.CopyToAsync(original, context.RequestAborted);
    }

    private async Task<bool> TryClaimAsync(ApiCaller caller, string key, byte[] hash)
    {
        var now = time.GetUtcNow();
        await using var db = await dbFactory.CreateDbContextAsync();
        await db.IdempotencyRecords.OwnedBy(caller).Where(r => r.Key == key && r.Created <= now - Window).ExecuteDeleteAsync();
        db.IdempotencyRecords.Add(new IdempotencyRecord
        {
            MerchantId = caller.MerchantId,
            Livemode = caller.Livemode,
            Key = key,
            RequestHash = hash,
            Created = now,
        });
        try
        {
            await db.SaveChangesAsync();
            return true;
        }
        catch (DbUpdateException)
        {
            return false; // the primary key says someone holds it; ReplayAsync reads who
        }
    }

    private async Task ReplayAsync(HttpContext context, ApiCaller caller, string key, byte[] hash)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        var first = await db.IdempotencyRecords.OwnedBy(caller).AsNoTracking().FirstOrDefaultAsync(r => r.Key == key);
        if (first is null || first.StatusCode is null)
        {
            throw new ApiException(new ApiError(409, ApiError.Idempotency, "idempotency_key_in_use",
                "A request with this Idempotency-Key is still being processed. Retry after it finishes."));
        }
        if (!first.RequestHash.AsSpan().SequenceEqual(hash))
        {
            throw new ApiException(new ApiError(400, ApiError.Idempotency, "idempotency_key_reused",
                $"Keys for idempotent requests can only be used with the same parameters they were first used with. Use a new key for a different request."));
        }
        context.Response.StatusCode = first.StatusCode.Value;
        context.Response.ContentType = "application/json; charset=utf-8";
        context.Response.Headers["Idempotent-Replayed"] = "true";
        await context.Response.WriteAsync(first.ResponseBody is { } body ? _responses.Unprotect(body) : "", context.RequestAborted);
    }

    private async Task SaveAsync(ApiCaller caller, string key, int status, string body)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        await db.IdempotencyRecords.OwnedBy(caller).Where(r => r.Key == key)
            .ExecuteUpdateAsync(r => r.SetProperty(x => x.StatusCode, status).SetProperty(x => x.ResponseBody, _responses.Protect(body)));
    }

    private async Task ReleaseAsync(ApiCaller caller, string key)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        await db.IdempotencyRecords.OwnedBy(caller).Where(r => r.Key == key).ExecuteDeleteAsync();
    }
}
