using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using Vinr.Portal.Api.Features.Discounts;
using Vinr.Portal.Api.Features.Merchants;
using Vinr.Portal.Api.Features.Subscriptions;

namespace Vinr.Portal.Api.Infrastructure.Data.Configurations;

internal sealed class SubscriptionConfiguration : IEntityTypeConfiguration<Subscription>
{
    public void Configure(EntityTypeBuilder<Subscription> builder)
    {
        builder.Property(s => s.Id).HasMaxLength(64);
        builder.Property(s => s.CancellationReason).HasMaxLength(64);
        builder.Property(s => s.CancellationFeedback).HasMaxLength(1000);
        // Rows from before metadata existed read as empty ("{}"), not as text the converter cannot read.
        builder.Property(s => s.Metadata).HasConversion(Metadata.Converter, Metadata.Comparer).HasDefaultValue(new Dictionary<string, string>());
        // A copy of the coupon's terms as applied (they never change), so every invoice and event reads the discount without a join.
        builder.Property(s => s.Discount).HasConversion((ValueConverter)JsonColumn<DiscountTerms>.Converter);
        builder.Property(s => s.RetentionOfferCouponId).HasMaxLength(64);
        builder.HasIndex(s => new { s.MerchantId, s.Livemode, s.Created });
        builder.HasOne(s => s.Customer).WithMany().HasForeignKey(s => s.CustomerId);
        builder.HasOne(s => s.Price).WithMany().HasForeignKey(s => s.PriceId);
        builder.HasOne<Merchant>().WithMany().HasForeignKey(s => s.MerchantId);
    }
}
