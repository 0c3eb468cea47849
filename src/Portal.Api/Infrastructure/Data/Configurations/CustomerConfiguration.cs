using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Vinr.Portal.Api.Features.Customers;
using Vinr.Portal.Api.Features.Merchants;

namespace Vinr.Portal.Api.Infrastructure.Data.Configurations;

internal sealed class CustomerConfiguration : IEntityTypeConfiguration<Customer>
{
    public void Configure(EntityTypeBuilder<Customer> builder)
    {
        builder.Property(c => c.Id).HasMaxLength(64);
        builder.Property(c => c.Name).HasMaxLength(200);
        builder.Property(c => c.Email).HasMaxLength(320);
        builder.Property(c => c.Phone).HasMaxLength(40);
        builder.Property(c => c.TaxId).HasMaxLength(64);
        builder.ComplexProperty(c => c.Address);
        builder.Ignore(c => c.DisplayName);
        // Rows from before metadata existed read as empty ("{}"), not as text the converter cannot read.
        builder.Property(c => c.Metadata).HasConversion(Metadata.Converter, Metadata.Comparer).HasDefaultValue(new Dictionary<string, string>());
        // A deleted customer is gone for every query, the portal's and the API's alike (see Customer.DeletedAt).
        builder.HasQueryFilter(c => c.DeletedAt == null);
        builder.HasOne<Merchant>().WithMany().HasForeignKey(c => c.MerchantId);
        builder.HasIndex(c => new { c.MerchantId, c.Livemode, c.Created });
        // No foreign key: a deleted clock leaves its test customers frozen (nothing bills them), as ADR 0018 says.
        builder.Property(c => c.TestClockId).HasMaxLength(64);
        builder.HasIndex(c => c.TestClockId);
    }
}
