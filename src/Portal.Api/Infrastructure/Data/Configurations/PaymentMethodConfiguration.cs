using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Vinr.Portal.Api.Features.Customers;
using Vinr.Portal.Api.Features.PaymentMethods;

namespace Vinr.Portal.Api.Infrastructure.Data.Configurations;

internal sealed class PaymentMethodConfiguration : IEntityTypeConfiguration<PaymentMethod>
{
    public void Configure(EntityTypeBuilder<PaymentMethod> builder)
    {
        builder.Property(p => p.Id).HasMaxLength(64);
        builder.Property(p => p.Brand).HasMaxLength(32);
        builder.Property(p => p.Last4).HasMaxLength(4);
        builder.Property(p => p.Funding).HasMaxLength(16);
        builder.Property(p => p.Fingerprint).HasMaxLength(64);
        builder.Property(p => p.ProcessorReference).HasMaxLength(128);
        builder.HasOne<Customer>().WithMany().HasForeignKey(p => p.CustomerId);
    }
}
