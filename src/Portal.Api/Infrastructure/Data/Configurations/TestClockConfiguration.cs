using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Vinr.Portal.Api.Features.Merchants;
using Vinr.Portal.Api.Features.TestClocks;

namespace Vinr.Portal.Api.Infrastructure.Data.Configurations;

internal sealed class TestClockConfiguration : IEntityTypeConfiguration<TestClock>
{
    public void Configure(EntityTypeBuilder<TestClock> builder)
    {
        builder.Property(c => c.Id).HasMaxLength(64);
        builder.Property(c => c.Name).HasMaxLength(300);
        builder.HasOne<Merchant>().WithMany().HasForeignKey(c => c.MerchantId);
        builder.HasIndex(c => new { c.MerchantId, c.Livemode, c.Created });
    }
}
