using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Vinr.Portal.Api.Features.Merchants;
using Vinr.Portal.Api.Features.Products;

namespace Vinr.Portal.Api.Infrastructure.Data.Configurations;

internal sealed class PriceConfiguration : IEntityTypeConfiguration<Price>
{
    public void Configure(EntityTypeBuilder<Price> builder)
    {
        builder.Property(p => p.Id).HasMaxLength(64);
        builder.Property(p => p.Currency).HasMaxLength(3);
        builder.HasOne(p => p.Product).WithMany().HasForeignKey(p => p.ProductId);
        builder.HasOne<Merchant>().WithMany().HasForeignKey(p => p.MerchantId);
        builder.Ignore(p => p.Recurrence);
    }
}
