using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Vinr.Portal.Api.Features.PaymentMethods;

namespace Vinr.Portal.Api.Infrastructure.Data.Configurations;

internal sealed class PendingChargeConfiguration : IEntityTypeConfiguration<PendingCharge>
{
    public void Configure(EntityTypeBuilder<PendingCharge> builder)
    {
        builder.Property(c => c.Id).HasMaxLength(64);
        builder.Property(c => c.MerchantId).HasMaxLength(64);
        builder.Property(c => c.CustomerId).HasMaxLength(64);
        builder.Property(c => c.CardReference).HasMaxLength(255);
        builder.Property(c => c.IdempotencyKey).HasMaxLength(255);
        builder.Property(c => c.Currency).HasMaxLength(3);
        builder.Property(c => c.Description).HasMaxLength(500);
        builder.Property(c => c.ChargeReference).HasMaxLength(255);
        builder.HasIndex(c => c.Created);
    }
}
