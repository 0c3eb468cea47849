using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Vinr.Portal.Api.Features.BillingPortal.Configurations;
using Vinr.Portal.Api.Features.BillingPortal.Sessions;
using Vinr.Portal.Api.Features.Customers;

namespace Vinr.Portal.Api.Infrastructure.Data.Configurations;

internal sealed class PortalSessionConfiguration : IEntityTypeConfiguration<PortalSession>
{
    public void Configure(EntityTypeBuilder<PortalSession> builder)
    {
        builder.Property(s => s.Id).HasMaxLength(64);
        builder.Property(s => s.Locale).HasMaxLength(16);
        builder.Property(s => s.AccessKeyHash).HasMaxLength(32);
        builder.Property(s => s.Flow).HasConversion(JsonColumn<PortalFlow>.Converter!);
        builder.HasOne<Customer>().WithMany().HasForeignKey(s => s.CustomerId);
        builder.HasOne<PortalConfiguration>().WithMany().HasForeignKey(s => s.ConfigurationId);
    }
}
