using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Vinr.Portal.Api.Infrastructure.Http;

namespace Vinr.Portal.Api.Infrastructure.Data.Configurations;

internal sealed class IdempotencyRecordConfiguration : IEntityTypeConfiguration<IdempotencyRecord>
{
    public void Configure(EntityTypeBuilder<IdempotencyRecord> builder)
    {
        builder.HasKey(r => new { r.MerchantId, r.Livemode, r.Key });
        builder.Property(r => r.Key).HasMaxLength(255);
        builder.Property(r => r.RequestHash).HasMaxLength(32);
        builder.HasIndex(r => r.Created);
    }
}
