using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Vinr.Portal.Api.Features.Merchants;
using Vinr.Portal.Api.Features.Tax;

namespace Vinr.Portal.Api.Infrastructure.Data.Configurations;

internal sealed class TaxRateConfiguration : IEntityTypeConfiguration<TaxRate>
{
    public void Configure(EntityTypeBuilder<TaxRate> builder)
    {
        builder.Property(r => r.Id).HasMaxLength(64);
        builder.Property(r => r.DisplayName).HasMaxLength(TaxRates.DisplayNameMaxLength);
        builder.Property(r => r.Description).HasMaxLength(500);
        builder.Property(r => r.Country).HasMaxLength(2);
        builder.Property(r => r.State).HasMaxLength(3);
        builder.Property(r => r.Jurisdiction).HasMaxLength(50);
        builder.Property(r => r.Metadata).HasConversion(Metadata.Converter, Metadata.Comparer);
        builder.HasOne<Merchant>().WithMany().HasForeignKey(r => r.MerchantId);
        // An invoice looks up the rates of one merchant's mode in one country.
        builder.HasIndex(r => new { r.MerchantId, r.Livemode, r.Country });
    }
}
