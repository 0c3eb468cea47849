using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using Vinr.Portal.Api.Features.Customers;
using Vinr.Portal.Api.Features.Invoices;
using Vinr.Portal.Api.Features.Subscriptions;

namespace Vinr.Portal.Api.Infrastructure.Data.Configurations;

internal sealed class InvoiceConfiguration : IEntityTypeConfiguration<Invoice>
{
    public void Configure(EntityTypeBuilder<Invoice> builder)
    {
        builder.Property(i => i.Id).HasMaxLength(64);
        builder.Property(i => i.Number).HasMaxLength(64);
        builder.Property(i => i.Currency).HasMaxLength(3);
        builder.Property(i => i.ChargeReference).HasMaxLength(128);
        builder.Property(i => i.LastPaymentError).HasMaxLength(500);
        builder.Property(i => i.LastPaymentErrorCode).HasMaxLength(64);
        builder.Property(i => i.CustomerTaxId).HasMaxLength(64);
        // Existing invoices had no tax: an empty list.
        builder.Property(i => i.TaxAmounts).HasConversion(JsonColumn<List<InvoiceTaxAmount>>.Converter,
            new ValueComparer<List<InvoiceTaxAmount>>((a, b) => a!.SequenceEqual(b!), v => v.Count, v => v.ToList())).HasDefaultValueSql("'[]'");
        builder.Property(i => i.Discount).HasConversion((ValueConverter)JsonColumn<InvoiceDiscount>.Converter);
        builder.HasOne<Customer>().WithMany().HasForeignKey(i => i.CustomerId);
        builder.HasOne<Subscription>().WithMany().HasForeignKey(i => i.SubscriptionId);
        builder.HasMany(i => i.Lines).WithOne().HasForeignKey(l => l.InvoiceId);
        builder.HasIndex(i => new { i.MerchantId, i.Number }).IsUnique();
        // Keyset pagination of a customer's history, newest first: (Created, Id) is the cursor.
        builder.HasIndex(i => new { i.CustomerId, i.Created, i.Id });
        // Dunning's due list: open invoices with a planned retry.
        builder.HasIndex(i => i.NextPaymentAttempt);
    }
}

internal sealed class InvoiceLineConfiguration : IEntityTypeConfiguration<InvoiceLine>
{
    public void Configure(EntityTypeBuilder<InvoiceLine> builder)
    {
        builder.Property(l => l.Id).HasMaxLength(64);
        builder.Property(l => l.Description).HasMaxLength(500);
        builder.Property(l => l.DiscountId).HasMaxLength(64);
    }
}

internal sealed class PendingInvoiceItemConfiguration : IEntityTypeConfiguration<PendingInvoiceItem>
{
    public void Configure(EntityTypeBuilder<PendingInvoiceItem> builder)
    {
        builder.Property(i => i.Id).HasMaxLength(64);
        builder.Property(i => i.Description).HasMaxLength(500);
        builder.Property(i => i.Currency).HasMaxLength(3);
        builder.HasOne<Customer>().WithMany().HasForeignKey(i => i.CustomerId);
        builder.HasIndex(i => new { i.CustomerId, i.InvoiceId });
    }
}
