using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Vinr.Portal.Api.Infrastructure.Data;

namespace Vinr.Portal.Security;

/// <summary>
/// <c>/readyz</c>: this replica can serve. Its database answers, every migration of this build is
/// applied (a replica started before <c>migrate</c> ran waits out of the balancer), and the Data
/// Protection key ring in it can protect and read back (link tokens and cookies depend on it).
/// </summary>
internal sealed class ReadinessCheck(IDbContextFactory<BillingDbContext> dbFactory, IDataProtectionProvider dataProtection) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (!await db.Database.CanConnectAsync(cancellationToken))
        {
            return HealthCheckResult.Unhealthy("The database is unreachable.");
        }
        var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
        if (pending.Count > 0)
        {
            return HealthCheckResult.Unhealthy($"{pending.Count} migration(s) not applied, first {pending[0]}.");
        }
        try
        {
            var protector = dataProtection.CreateProtector("Vinr.Portal.Readiness");
            protector.Unprotect(protector.Protect("ready"));
        }
        catch (CryptographicException)
        {
            return HealthCheckResult.Unhealthy("The Data Protection key ring cannot be read.");
        }
        return HealthCheckResult.Healthy();
    }
}
