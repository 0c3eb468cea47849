using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Vinr.Portal.Api.Features.PaymentMethods;

namespace Vinr.Portal.Api.Infrastructure.Data.Configurations;

internal sealed class CardAuthenticationConfiguration : IEntityTypeConfiguration<CardAuthentication>
{
    public void Configure(EntityTypeBuilder<CardAuthentication> builder)
    {
        builder.Property(a => a.Id).HasMaxLength(64);
        builder.Property(a => a.MerchantId).HasMaxLength(64);
        builder.Property(a => a.CustomerId).HasMaxLength(64);
        builder.Property(a => a.CardReference).HasMaxLength(255);
        builder.Property(a => a.Brand).HasMaxLength(32);
        builder.Property(a => a.Last4).HasMaxLength(4);
        builder.Property(a => a.Funding).HasMaxLength(16);
        builder.Property(a => a.Fingerprint).HasMaxLength(64);
        builder.Property(a => a.Currency).HasMaxLength(3);
        builder.Property(a => a.IdempotencyKey).HasMaxLength(255);
        builder.Property(a => a.LastErrorCode).HasMaxLength(64);
        builder.Property(a => a.PaymentMethodId).HasMaxLength(64);
        // A retried charge finds the challenge its key opened.
        builder.HasIndex(a => a.IdempotencyKey);
    }
}
