using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Vinr.Portal.Api.Features.Events;

namespace Vinr.Portal.Api.Infrastructure.Data.Configurations;

internal sealed class EventConfiguration : IEntityTypeConfiguration<Event>
{
    public void Configure(EntityTypeBuilder<Event> builder)
    {
        builder.Property(e => e.Id).HasMaxLength(64);
        builder.Property(e => e.Type).HasMaxLength(100);
        builder.Property(e => e.Source).HasMaxLength(16);
        builder.Property(e => e.Flow).HasMaxLength(32);
        builder.Property(e => e.RequestId).HasMaxLength(100);
        builder.Property(e => e.IdempotencyKey).HasMaxLength(255);
        builder.HasIndex(e => new { e.MerchantId, e.Livemode, e.Created });
        // The deliverer's scan for events not yet fanned out to webhook endpoints.
        builder.HasIndex(e => new { e.FannedOut, e.Created });
    }
}
