using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Vinr.Portal.Api.Features.Merchants;
using Vinr.Portal.Api.Features.Products;

namespace Vinr.Portal.Api.Infrastructure.Data.Configurations;

internal sealed class ProductConfiguration : IEntityTypeConfiguration<Product>
{
    public void Configure(EntityTypeBuilder<Product> builder)
    {
        builder.Property(p => p.Id).HasMaxLength(64);
        // Existing rows get an empty object, which the converter reads back.
        builder.Property(p => p.Metadata).HasConversion(Metadata.Converter, Metadata.Comparer).HasDefaultValueSql("'{}'");
        builder.Property(p => p.Name).HasMaxLength(200);
        builder.HasOne<Merchant>().WithMany().HasForeignKey(p => p.MerchantId);
    }
}
