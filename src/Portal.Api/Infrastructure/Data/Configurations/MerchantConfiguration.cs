using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Vinr.Portal.Api.Features.Merchants;

namespace Vinr.Portal.Api.Infrastructure.Data.Configurations;

internal sealed class MerchantConfiguration : IEntityTypeConfiguration<Merchant>
{
    public void Configure(EntityTypeBuilder<Merchant> builder)
    {
        builder.Property(m => m.Id).HasMaxLength(64);
        builder.Property(m => m.Name).HasMaxLength(200);
        builder.Property(m => m.InvoicePrefix).HasMaxLength(12);
        builder.Property(m => m.DunningRetryDays).HasMaxLength(64);
        builder.Property(m => m.TaxOriginCountry).HasMaxLength(2);
    }
}

internal sealed class ApiKeyConfiguration : IEntityTypeConfiguration<ApiKey>
{
    public void Configure(EntityTypeBuilder<ApiKey> builder)
    {
        builder.Property(k => k.Id).HasMaxLength(64);
        builder.Property(k => k.LookupPrefix).HasMaxLength(32);
        builder.HasIndex(k => k.LookupPrefix).IsUnique();
        builder.HasOne<Merchant>().WithMany().HasForeignKey(k => k.MerchantId);
    }
}
