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
        // Existing rows get an empty object, which the converter reads back.
        builder.Property(p => p.Metadata).HasConversion(Metadata.Converter, Metadata.Comparer).HasDefaultValueSql("'{}'");
        builder.Property(p => p.Currency).HasMaxLength(3);
        // Stripe's rule, held by the database too: a product with prices is archived, never deleted, so a
        // price created while its product is being deleted fails the delete rather than vanishing with it.
        builder.HasOne(p => p.Product).WithMany().HasForeignKey(p => p.ProductId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Merchant>().WithMany().HasForeignKey(p => p.MerchantId);
        builder.Ignore(p => p.Recurrence);
    }
}
