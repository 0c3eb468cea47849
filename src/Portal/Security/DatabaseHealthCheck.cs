using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Vinr.Portal.Api.Infrastructure.Data;

namespace Vinr.Portal.Security;

/// <summary><c>/readyz</c>: this replica can reach its database.</summary>
internal sealed class DatabaseHealthCheck(IDbContextFactory<BillingDbContext> dbFactory) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Database.CanConnectAsync(cancellationToken)
            ? HealthCheckResult.Healthy()
            : HealthCheckResult.Unhealthy("The database is unreachable.");
    }
}
