using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Vinr.Portal.Api.Features.BillingPortal.Configurations;
using Vinr.Portal.Api.Features.BillingPortal.Sessions;
using Vinr.Portal.Api.Features.Customers;
using Vinr.Portal.Api.Features.Invoices;
using Vinr.Portal.Api.Features.Merchants;
using Vinr.Portal.Api.Features.PaymentMethods;
using Vinr.Portal.Api.Features.Products;
using Vinr.Portal.Api.Features.Subscriptions;
using Vinr.Portal.Api.Infrastructure;
using Vinr.Portal.Api.Infrastructure.Data;
using Vinr.Portal.Api.Infrastructure.Http;

namespace Vinr.Portal.Api.Features.Demo;

/// <summary>
/// Seeds the demo merchant once: "Acme Cloud" with Starter/Pro/Business plans, monthly and yearly,
/// and customer <c>cust_8aZ2</c> on Pro monthly with a Visa ending 4242 and a year of paid invoices.
/// Runs after the migrator (hosted services start in registration order).
/// </summary>
internal sealed class DemoSeeder(
    IDbContextFactory<BillingDbContext> dbFactory,
    PortalSessions sessions,
    PortalBaseUrl baseUrl,
    IOptions<DemoOptions> options,
    TimeProvider time) : IHostedLifecycleService
{
    public const string MerchantId = "acct_AcmeCloudDemo";
    public const string CustomerId = "cust_8aZ2";

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!options.Value.Seed)
        {
            return;
        }
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (await db.Merchants.AnyAsync(m => m.Id == MerchantId, cancellationToken))
        {
            return;
        }
        Seed(db, options.Value.ApiKey, time.GetUtcNow());
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>Once the server listens: print where, the demo key, and a ready-made link (to the console, not the log).</summary>
    public async Task StartedAsync(CancellationToken cancellationToken)
    {
        if (!options.Value.Seed || !options.Value.PrintLinkOnStartup)
        {
            return;
        }
        var session = await sessions.CreateAsync(new ApiCaller(MerchantId, Livemode: false),
            new CreateSessionRequest(CustomerId, ReturnUrl: null, Configuration: null, Locale: null, ExpandCustomer: false), cancellationToken);
        Console.WriteLine($"""

            VINR billing portal is running at {baseUrl.Value}
              Demo merchant : Acme Cloud (test mode)
              Demo API key  : {options.Value.ApiKey}
              Portal link   : {session.Url}
              (one-time, 24 h; mint another with the curl in README.md)
              API reference : {baseUrl.Value}/docs

            """);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    internal static void Seed(BillingDbContext db, string apiKey, DateTimeOffset now)
    {
        // Twelve invoices are seeded below; the next one is ACME-0013.
        db.Merchants.Add(new Merchant { Id = MerchantId, Name = "Acme Cloud", InvoicePrefix = "ACME", NextInvoiceNumber = 13, Created = now.AddYears(-2) });
        db.ApiKeys.Add(ApiKeys.FromSecret(apiKey, MerchantId, now).Key);
        var configuration = new PortalConfiguration
        {
            Id = Ids.New("bpc"),
            MerchantId = MerchantId,
            IsDefault = true,
            Headline = "Acme Cloud partners with VINR for simplified billing.",
            PrivacyPolicyUrl = "https://example.com/privacy",
            TermsOfServiceUrl = "https://example.com/terms",
            LogoUrl = "/demo/acme-logo.svg",
            AccentColor = "#4338CA",
            DefaultReturnUrl = "https://example.com/account",
            RefreshUrl = "https://example.com/account/billing",
            Created = now.AddYears(-2),
        };
        // Upgrades are invoiced and charged at once, so a demo customer sees the charge and the invoice.
        configuration.Features.SubscriptionUpdate.ProrationBehavior = ProrationBehavior.AlwaysInvoice;
        db.PortalConfigurations.Add(configuration);

        Price? proMonthly = null;
        foreach (var (name, description, monthly, scheme) in new[]
        {
            ("Starter", "For side projects", 1_200L, BillingScheme.Flat),
            ("Pro", "For growing teams", 4_900L, BillingScheme.Flat),
            ("Business", "Per seat, with SSO and audit logs", 2_900L, BillingScheme.PerUnit),
        })
        {
            var product = new Product { Id = Ids.New("prod"), MerchantId = MerchantId, Name = name, Description = description, Created = now.AddYears(-2), Updated = now.AddYears(-2) };
            db.Products.Add(product);
            foreach (var (recurrence, amount) in new[] { (Recurrence.Monthly, monthly), (Recurrence.Yearly, monthly * 10) })
            {
                var price = new Price
                {
                    Id = Ids.New("price"),
                    MerchantId = MerchantId,
                    ProductId = product.Id,
                    Product = product,
                    UnitAmount = amount,
                    Currency = "usd",
                    Interval = recurrence.Interval,
                    IntervalCount = recurrence.Count,
                    BillingScheme = scheme,
                    Nickname = $"{name} {recurrence.Adverb}",
                    Created = now.AddYears(-2),
                };
                db.Prices.Add(price);
                configuration.Features.SubscriptionUpdate.Prices = [.. configuration.Features.SubscriptionUpdate.Prices, price.Id];
                if (name == "Pro" && recurrence == Recurrence.Monthly)
                {
                    proMonthly = price;
                }
            }
        }

        var card = new PaymentMethod
        {
            Id = Ids.New("pm"),
            MerchantId = MerchantId,
            CustomerId = CustomerId,
            Brand = "visa",
            Last4 = "4242",
            ExpMonth = 12,
            ExpYear = now.Year + 3,
            Fingerprint = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16)),
            ProcessorReference = "testcard_succeeds_demo",
            Created = now.AddYears(-1),
        };
        db.Customers.Add(new Customer
        {
            Id = CustomerId,
            MerchantId = MerchantId,
            Name = "Jane Cooper",
            Email = "jane.cooper@example.com",
            Phone = "+1 415 555 0132",
            Address = new Address { Line1 = "548 Market St", City = "San Francisco", State = "CA", PostalCode = "94104", Country = "US" },
            DefaultPaymentMethodId = card.Id,
            Created = now.AddYears(-1),
        });
        db.PaymentMethods.Add(card);

        // Twelve monthly periods; the last one is the current one, ten days in.
        var currentStart = now.AddDays(-10);
        var subscription = new Subscription
        {
            Id = Ids.New("sub"),
            MerchantId = MerchantId,
            CustomerId = CustomerId,
            PriceId = proMonthly!.Id,
            Status = SubscriptionStatus.Active,
            CurrentPeriodStart = currentStart,
            CurrentPeriodEnd = Recurrence.Monthly.PeriodEndAfter(currentStart, currentStart),
            BillingCycleAnchor = currentStart,
            Created = currentStart.AddMonths(-11),
        };
        db.Subscriptions.Add(subscription);
        // A year of paid invoices, written by the same builder the billing clock uses.
        var pro = PlanOption.Of(proMonthly);
        for (var month = 0; month < 12; month++)
        {
            var start = currentStart.AddMonths(month - 11);
            var end = Recurrence.Monthly.PeriodEndAfter(start, start);
            var draft = InvoiceDraft.Build([new InvoiceDraftLine(InvoiceLineText.Plan(pro, 1), pro.UnitAmount, 1, pro.PriceId, Proration: false, start, end)],
                pro.Currency, start, end, customerBalance: 0);
            var invoice = draft.ToInvoice(subscription, subscription.Id, $"ACME-{month + 1:D4}", start);
            invoice.RecordPayment(card.Id, $"ch_demo_{month + 1:D2}", start.AddMinutes(1));
            db.Invoices.Add(invoice);
        }
    }
}
