using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
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
        builder.HasOne(s => s.Customer).WithMany().HasForeignKey(s => s.CustomerId);
        builder.HasOne(s => s.Price).WithMany().HasForeignKey(s => s.PriceId);
        builder.HasOne<Merchant>().WithMany().HasForeignKey(s => s.MerchantId);
    }
}
