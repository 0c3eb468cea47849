using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Vinr.Portal.Api.Features.Invoices;
using Vinr.Portal.Api.Features.PaymentMethods;
using Vinr.Portal.Api.Features.Subscriptions;
using Vinr.Portal.Api.Infrastructure;
using Vinr.Portal.Tests.Features.Subscriptions;
using Vinr.Portal.Tests.Support;

namespace Vinr.Portal.Tests.Features.PaymentMethods;

/// <summary>
/// Every portal charge is written down before the processor is called and forgotten once what it paid for
/// committed or was refunded; a row a dead process left behind is refunded by the billing clock, once.
/// </summary>
public sealed class PendingChargeTests(RecordingProcessorFactory factory) : IClassFixture<RecordingProcessorFactory>
{
    private PortalCharges Charges => factory.Services.GetRequiredService<PortalCharges>();

    private Task<List<PendingCharge>> PendingOfAsync(string customerId) =>
        factory.WithDbAsync(db => db.PendingCharges.AsNoTracking().Where(c => c.CustomerId == customerId).ToListAsync());

    [Fact]
    public async Task A_committed_upgrade_and_a_declined_one_leave_nothing_pending()
    {
        var paying = await TestData.SubscriberAsync(factory);
        var declining = await TestData.SubscriberAsync(factory, card: "testcard_declines_t");
        var business = await factory.WithDbAsync(db => db.Prices.Where(p => p.Nickname == "Business monthly").Select(p => p.Id).FirstAsync());
        var changes = factory.Services.GetRequiredService<SubscriptionChanges>();

        var upgraded = await changes.ApplyAsync(paying.Access, paying.SubscriptionId, business, 3, factory.Time.GetUtcNow(), CancellationToken.None);
        var declined = await changes.ApplyAsync(declining.Access, declining.SubscriptionId, business, 3, factory.Time.GetUtcNow(), CancellationToken.None);

        Assert.NotNull(upgraded.Value);
        Assert.NotNull(declined.Problem);
        Assert.Empty(await PendingOfAsync(paying.Access.CustomerId));
        Assert.Empty(await PendingOfAsync(declining.Access.CustomerId));
    }

    [Fact]
    public async Task A_charge_its_process_abandoned_is_refunded_once_after_ten_minutes_and_forgotten()
    {
        var s = await TestData.SubscriberAsync(factory);
        var pending = await AbandonedChargeAsync(s, reference: "ch_test_abandoned_1");

        await Charges.SettleAbandonedAsync(factory.Time.GetUtcNow().AddMinutes(9), CancellationToken.None);
        var early = factory.Refunds.Where(r => r.ChargeReference == "ch_test_abandoned_1").ToList();
        // Two replicas' clocks settle the same row: the processor sees one refund key.
        var later = factory.Time.GetUtcNow().AddMinutes(11);
        await Task.WhenAll(Charges.SettleAbandonedAsync(later, CancellationToken.None), Charges.SettleAbandonedAsync(later, CancellationToken.None));

        Assert.Empty(early);
        var refunds = factory.Refunds.Where(r => r.ChargeReference == "ch_test_abandoned_1").ToList();
        Assert.NotEmpty(refunds);
        Assert.All(refunds, r => Assert.Equal(("ch_test_abandoned_1:rollback", pending.Amount, "usd"), (r.IdempotencyKey, r.Amount, r.Currency)));
        Assert.Empty(await PendingOfAsync(s.Access.CustomerId));
    }

    [Fact]
    public async Task A_charge_abandoned_before_its_answer_was_written_is_named_by_replaying_its_key_and_refunded()
    {
        var s = await TestData.SubscriberAsync(factory);
        var pending = await AbandonedChargeAsync(s, reference: null);

        await Charges.SettleAbandonedAsync(factory.Time.GetUtcNow().AddMinutes(11), CancellationToken.None);

        var replayed = Assert.Single(factory.Charges, c => c.Request.IdempotencyKey == pending.IdempotencyKey);
        Assert.Equal(pending.Amount, replayed.Request.Amount);
        Assert.Single(factory.Refunds, r => r.ChargeReference == replayed.Outcome.ChargeReference);
        Assert.Empty(await PendingOfAsync(s.Access.CustomerId));
    }

    [Fact]
    public async Task A_charge_an_invoice_holds_is_forgotten_without_a_refund()
    {
        var s = await TestData.SubscriberAsync(factory);
        await AbandonedChargeAsync(s, reference: "ch_test_invoiced_1");
        // The process died after its commit, before it forgot the row.
        await factory.WithDbAsync(async db =>
        {
            var now = factory.Time.GetUtcNow();
            db.Invoices.Add(new Invoice
            {
                Id = Ids.New("in"), MerchantId = s.Access.MerchantId, CustomerId = s.Access.CustomerId, SubscriptionId = s.SubscriptionId, Number = $"T-{Ids.RandomBase62(6)}",
                Status = InvoiceStatus.Paid, Currency = "usd", Subtotal = 3420, Total = 3420, AmountDue = 3420, AmountPaid = 3420, ChargeReference = "ch_test_invoiced_1",
                PeriodStart = now, PeriodEnd = now.AddMonths(1), Created = now,
            });
            return await db.SaveChangesAsync();
        });

        await Charges.SettleAbandonedAsync(factory.Time.GetUtcNow().AddMinutes(11), CancellationToken.None);

        Assert.DoesNotContain(factory.Refunds, r => r.ChargeReference == "ch_test_invoiced_1");
        Assert.Empty(await PendingOfAsync(s.Access.CustomerId));
    }

    /// <summary>What a process that died between charge and commit leaves: the row, with or without the processor's answer.</summary>
    private async Task<PendingCharge> AbandonedChargeAsync(TestData.Subscriber s, string? reference)
    {
        var card = await factory.WithDbAsync(db => db.PaymentMethods.AsNoTracking().FirstAsync(p => p.CustomerId == s.Access.CustomerId));
        var pending = new PendingCharge
        {
            Id = Ids.New("pch"), MerchantId = s.Access.MerchantId, CustomerId = s.Access.CustomerId, CardReference = card.ProcessorReference,
            IdempotencyKey = $"{s.SubscriptionId}:change:{Ids.RandomBase62(6)}:{card.Id}", Amount = 3420, Currency = "usd", Description = "Change to Business",
            ChargeReference = reference, Created = factory.Time.GetUtcNow(),
        };
        await factory.WithDbAsync(async db =>
        {
            db.PendingCharges.Add(pending);
            await db.SaveChangesAsync();
            return pending;
        });
        return pending;
    }
}
