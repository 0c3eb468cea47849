using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Vinr.Portal.Api.Features.Events;
using Vinr.Portal.Api.Features.Merchants;
using Vinr.Portal.Api.Features.Webhooks;

namespace Vinr.Portal.Api.Infrastructure.Data.Configurations;

internal sealed class WebhookEndpointConfiguration : IEntityTypeConfiguration<WebhookEndpoint>
{
    public void Configure(EntityTypeBuilder<WebhookEndpoint> builder)
    {
        builder.Property(e => e.Id).HasMaxLength(64);
        builder.Property(e => e.Url).HasMaxLength(2048);
        builder.Property(e => e.Description).HasMaxLength(5000);
        builder.Property(e => e.EnabledEvents).HasConversion(StringList.Converter, StringList.Comparer);
        builder.Property(e => e.Metadata).HasConversion(Metadata.Converter, Metadata.Comparer);
        builder.HasOne<Merchant>().WithMany().HasForeignKey(e => e.MerchantId);
        builder.HasIndex(e => new { e.MerchantId, e.Livemode, e.Created });
    }
}

internal sealed class WebhookDeliveryConfiguration : IEntityTypeConfiguration<WebhookDelivery>
{
    public void Configure(EntityTypeBuilder<WebhookDelivery> builder)
    {
        builder.Property(d => d.Id).HasMaxLength(64);
        builder.Property(d => d.LockToken).HasMaxLength(64);
        // One row per event and endpoint: a second fan-out of the same event fails rather than sends twice.
        builder.HasIndex(d => new { d.EventId, d.EndpointId }).IsUnique();
        builder.HasIndex(d => new { d.Status, d.NextAttemptAt });
        builder.HasOne<Event>().WithMany().HasForeignKey(d => d.EventId);
        builder.HasOne<WebhookEndpoint>().WithMany().HasForeignKey(d => d.EndpointId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class WebhookAttemptConfiguration : IEntityTypeConfiguration<WebhookAttempt>
{
    public void Configure(EntityTypeBuilder<WebhookAttempt> builder)
    {
        builder.Property(a => a.Id).HasMaxLength(64);
        builder.Property(a => a.Url).HasMaxLength(2048);
        builder.Property(a => a.Error).HasMaxLength(500);
        builder.HasIndex(a => new { a.MerchantId, a.Livemode, a.EventId, a.Created });
        builder.HasIndex(a => new { a.MerchantId, a.Livemode, a.EndpointId, a.Created });
        builder.HasOne<Event>().WithMany().HasForeignKey(a => a.EventId);
        builder.HasOne<WebhookEndpoint>().WithMany().HasForeignKey(a => a.EndpointId).OnDelete(DeleteBehavior.Cascade);
    }
}
