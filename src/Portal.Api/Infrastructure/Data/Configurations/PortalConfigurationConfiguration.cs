using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Vinr.Portal.Api.Features.BillingPortal.Configurations;
using Vinr.Portal.Api.Features.Merchants;

namespace Vinr.Portal.Api.Infrastructure.Data.Configurations;

internal sealed class PortalConfigurationConfiguration : IEntityTypeConfiguration<PortalConfiguration>
{
    public const string OneDefaultIndex = "IX_PortalConfigurations_OneDefault";

    public void Configure(EntityTypeBuilder<PortalConfiguration> builder)
    {
        builder.Property(c => c.Id).HasMaxLength(64);
        builder.Property(c => c.AccentColor).HasMaxLength(7);
        builder.Property(c => c.Name).HasMaxLength(200);
        builder.Property(c => c.Metadata).HasConversion(Metadata.Converter, Metadata.Comparer);
        builder.HasOne<Merchant>().WithMany().HasForeignKey(c => c.MerchantId);
        builder.HasIndex(c => new { c.MerchantId, c.Livemode, c.IsDefault });
        // One default per merchant and mode, whatever a request does. Double-quoted identifiers and TRUE
        // read the same in SQLite (3.23+) and PostgreSQL, so both providers share this filter.
        builder.HasIndex(c => new { c.MerchantId, c.Livemode }, OneDefaultIndex).IsUnique().HasFilter("\"IsDefault\" = TRUE");
        builder.ComplexProperty(c => c.Features, features =>
        {
            features.ComplexProperty(f => f.CustomerUpdate, f => f.Property(x => x.AllowedFields).HasConversion(StringList.Converter, StringList.Comparer));
            features.ComplexProperty(f => f.SubscriptionCancel, f => f.Property(x => x.ReasonOptions).HasConversion(StringList.Converter, StringList.Comparer));
            features.ComplexProperty(f => f.SubscriptionUpdate, f =>
            {
                f.Property(x => x.Prices).HasConversion(StringList.Converter, StringList.Comparer);
                f.Property(x => x.AllowedTransitions).HasConversion(StringList.Converter, StringList.Comparer);
            });
        });
    }
}
