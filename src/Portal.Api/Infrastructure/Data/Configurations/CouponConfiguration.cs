using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Vinr.Portal.Api.Features.Discounts;
using Vinr.Portal.Api.Features.Merchants;

namespace Vinr.Portal.Api.Infrastructure.Data.Configurations;

internal sealed class CouponConfiguration : IEntityTypeConfiguration<Coupon>
{
    public void Configure(EntityTypeBuilder<Coupon> builder)
    {
        // Merchants choose coupon ids (WINBACK50), as in Stripe: unique per merchant and mode, not across them.
        builder.HasKey(c => new { c.MerchantId, c.Livemode, c.Id });
        builder.Property(c => c.Id).HasMaxLength(64);
        builder.Property(c => c.Name).HasMaxLength(Coupons.NameMaxLength);
        builder.Property(c => c.Currency).HasMaxLength(3);
        builder.Property(c => c.Metadata).HasConversion(Metadata.Converter, Metadata.Comparer);
        builder.HasOne<Merchant>().WithMany().HasForeignKey(c => c.MerchantId);
        builder.HasIndex(c => new { c.MerchantId, c.Livemode, c.Created });
    }
}
