using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Vinr.Portal.Api.Features.Invoices;
using Vinr.Portal.Api.Features.PaymentMethods;
using Vinr.Portal.Api.Features.Subscriptions;
using Vinr.Portal.Api.Features.Events;
using Vinr.Portal.Api.Infrastructure;
using Vinr.Portal.Api.Infrastructure.Data;
using Vinr.Portal.Tests.Support;

namespace Vinr.Portal.Tests.Features.Invoices;

public sealed class InvoicePaymentTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    /// <summary>The demo customer paying in a portal session.</summary>
    private static Actor Demo(string? sessionId, string customer = PortalFactory.DemoCustomer) =>
        new(new CustomerScope(PortalFactory.DemoMerchant, false, customer), "portal", sessionId);

    private InvoicePayments Payments => factory.Services.GetRequiredService<InvoicePayments>();

    /// <summary>Makes the demo subscription past due on a fresh open invoice, paid by the given card reference.</summary>
    private async Task<string> PastDueInvoiceAsync(string processorReference = "testcard_succeeds_x")
    {
        return await factory.WithDbAsync(async db =>
        {
            var subscription = await db.Subscriptions.SingleAsync(s => s.CustomerId == PortalFactory.DemoCustomer);
            subscription.Status = SubscriptionStatus.PastDue;
            // Each test owes exactly one invoice: earlier tests' open ones are voided.
            await db.Invoices.Where(i => i.SubscriptionId == subscription.Id && i.Status == InvoiceStatus.Open)
                .ExecuteUpdateAsync(i => i.SetProperty(x => x.Status, InvoiceStatus.Void));
            var card = new PaymentMethod
            {
                Id = Ids.New("pm"), MerchantId = PortalFactory.DemoMerchant, CustomerId = PortalFactory.DemoCustomer, Brand = "visa", Last4 = "0000",
                ExpMonth = 1, ExpYear = 2040, Fingerprint = "f", ProcessorReference = processorReference, Created = factory.Time.GetUtcNow(),
            };
            db.PaymentMethods.Add(card);
            (await db.Customers.SingleAsync(c => c.Id == PortalFactory.DemoCustomer)).DefaultPaymentMethodId = card.Id;
            var invoice = new Invoice
            {
                Id = Ids.New("in"), MerchantId = PortalFactory.DemoMerchant, CustomerId = PortalFactory.DemoCustomer, SubscriptionId = subscription.Id,
                Number = $"T-{Ids.RandomBase62(6)}", Status = InvoiceStatus.Open, Currency = "usd", Subtotal = 4900, Total = 4900, AmountDue = 4900,
                Created = factory.Time.GetUtcNow(), PeriodStart = factory.Time.GetUtcNow(), PeriodEnd = factory.Time.GetUtcNow().AddMonths(1),
            };
            db.Invoices.Add(invoice);
            await db.SaveChangesAsync();
            return invoice.Id;
        });
    }

    [Fact]
    public async Task Paying_the_open_invoice_marks_it_paid_and_the_subscription_active_with_events()
    {
        var invoiceId = await PastDueInvoiceAsync();

        var outcome = await Payments.PayAsync(Demo("bps_x"), invoiceId, null, CancellationToken.None);

        Assert.True(outcome.Succeeded);
        var invoice = await factory.WithDbAsync(db => db.Invoices.SingleAsync(i => i.Id == invoiceId));
        Assert.Equal((InvoiceStatus.Paid, 4900L), (invoice.Status, invoice.AmountPaid));
        Assert.StartsWith("ch_test_", invoice.ChargeReference);
        Assert.Equal(SubscriptionStatus.Active, await factory.WithDbAsync(db => db.Subscriptions.Where(s => s.CustomerId == PortalFactory.DemoCustomer).Select(s => s.Status).SingleAsync()));
        var types = await factory.WithDbAsync(db => db.Events.Where(e => e.PortalSessionId == "bps_x").Select(e => e.Type).ToListAsync());
        Assert.Contains("invoice.paid", types);
        Assert.Contains("customer.subscription.updated", types);
    }

    [Fact]
    public async Task A_declined_charge_leaves_the_invoice_open_and_says_why()
    {
        var invoiceId = await PastDueInvoiceAsync("testcard_declines_x");

        var outcome = await Payments.PayAsync(Demo("bps_y"), invoiceId, null, CancellationToken.None);

        Assert.Equal(ProblemKind.PaymentFailed, outcome.Problem?.Kind);
        Assert.Equal("Your card was declined.", outcome.Problem?.Message);
        var invoice = await factory.WithDbAsync(db => db.Invoices.SingleAsync(i => i.Id == invoiceId));
        Assert.Equal((InvoiceStatus.Open, 1, "Your card was declined."), (invoice.Status, invoice.PaymentAttempts, invoice.LastPaymentError));
        Assert.Equal(1, await factory.WithDbAsync(db => db.Events.CountAsync(e => e.PortalSessionId == "bps_y" && e.Type == "invoice.payment_failed")));
    }

    [Fact]
    public async Task Two_clicks_at_once_pay_once()
    {
        var invoiceId = await PastDueInvoiceAsync();

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ =>
            Task.Run(() => Payments.PayAsync(Demo("bps_z"), invoiceId, null, CancellationToken.None))));

        Assert.Single(outcomes, o => o.Succeeded);
        Assert.All(outcomes.Where(o => !o.Succeeded), o => Assert.Equal(ProblemKind.NotAllowed, o.Problem?.Kind));
        Assert.Equal(1, await factory.WithDbAsync(db => db.Events.CountAsync(e => e.PortalSessionId == "bps_z" && e.Type == "invoice.paid")));
    }

    [Fact]
    public async Task Another_customers_invoice_cannot_be_paid_from_this_portal()
    {
        var invoiceId = await PastDueInvoiceAsync();
        var stranger = Demo(null, customer: "cust_someone_else");

        var outcome = await Payments.PayAsync(stranger, invoiceId, null, CancellationToken.None);

        Assert.Equal(ProblemKind.NotFound, outcome.Problem?.Kind);
        Assert.Equal(InvoiceStatus.Open, await factory.WithDbAsync(db => db.Invoices.Where(i => i.Id == invoiceId).Select(i => i.Status).SingleAsync()));
    }
}
