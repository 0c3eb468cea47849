using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Stripe;
using Vinr.Portal.Tests.Support;
using PortalConfigurationService = Stripe.BillingPortal.ConfigurationService;
using PortalSessionService = Stripe.BillingPortal.SessionService;

namespace Vinr.Portal.Tests.Infrastructure.Http;

/// <summary>
/// Stripe's own .NET library, unchanged, against VINR: a client we did not write, with its own idea
/// of paths (<c>/v1/billing_portal/...</c>), form encoding (<c>expand[0]</c>, nested brackets),
/// headers (<c>Stripe-Version</c>, an automatic <c>Idempotency-Key</c>) and error parsing.
/// </summary>
public sealed class StripeClientTests : IClassFixture<PortalFactory>
{
    private readonly PortalFactory _factory;
    private readonly StripeClient _stripe;

    public StripeClientTests(PortalFactory factory)
    {
        _factory = factory;
        var http = factory.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = false });
        // Network retries on, as in production use: Stripe.net then sends an Idempotency-Key on every POST.
        _stripe = new StripeClient(PortalFactory.DemoKey, httpClient: new SystemNetHttpClient(http, maxNetworkRetries: 2),
            apiBase: http.BaseAddress!.ToString().TrimEnd('/'));
    }

    [Fact]
    public async Task Creates_a_portal_session_whose_link_opens_the_portal()
    {
        var session = await new PortalSessionService(_stripe).CreateAsync(new()
        {
            Customer = PortalFactory.DemoCustomer,
            ReturnUrl = "https://example.com/account",
            Locale = "fr",
        });

        Assert.StartsWith("bps_", session.Id);
        Assert.Equal("billing_portal.session", session.Object);
        Assert.Equal(PortalFactory.DemoCustomer, session.Customer);
        Assert.Equal("https://example.com/account", session.ReturnUrl);
        Assert.Equal("fr", session.Locale);
        Assert.False(session.Livemode);
        Assert.True(session.Created > DateTime.UtcNow.AddDays(-1));
        var link = await _factory.CreateBrowser().GetAsync(session.Url);
        Assert.Equal(HttpStatusCode.OK, link.StatusCode);
        Assert.Contains("Continue", await link.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_deep_link_flow_passes_through_its_nested_options()
    {
        var subscriptionId = await _factory.WithDbAsync(db => db.Subscriptions.IgnoreQueryFilters()
            .Where(s => s.CustomerId == PortalFactory.DemoCustomer).Select(s => s.Id).FirstAsync());

        var session = await new PortalSessionService(_stripe).CreateAsync(new()
        {
            Customer = PortalFactory.DemoCustomer,
            ReturnUrl = "https://example.com/account",
            FlowData = new()
            {
                Type = "subscription_cancel",
                SubscriptionCancel = new() { Subscription = subscriptionId },
                AfterCompletion = new() { Type = "hosted_confirmation", HostedConfirmation = new() { CustomMessage = "See you soon" } },
            },
        });

        Assert.Equal("subscription_cancel", session.Flow.Type);
        Assert.Equal(subscriptionId, session.Flow.SubscriptionCancel.Subscription);
        Assert.Equal("See you soon", session.Flow.AfterCompletion.HostedConfirmation.CustomMessage);
    }

    [Fact]
    public async Task A_refusal_arrives_as_a_StripeException_naming_code_and_param()
    {
        var error = await Assert.ThrowsAsync<StripeException>(() => new PortalSessionService(_stripe).CreateAsync(new()
        {
            Customer = "cust_nobody",
            ReturnUrl = "https://example.com/account",
        }));

        Assert.Equal(HttpStatusCode.NotFound, error.HttpStatusCode);
        Assert.Equal("invalid_request_error", error.StripeError.Type);
        Assert.Equal("resource_missing", error.StripeError.Code);
        Assert.Equal("customer", error.StripeError.Param);
        Assert.Contains("cust_nobody", error.StripeError.Message);
    }

    [Fact]
    public async Task A_wrong_key_is_an_authentication_error()
    {
        var http = _factory.CreateClient();
        var stripe = new StripeClient("sk_test_wrong", httpClient: new SystemNetHttpClient(http), apiBase: http.BaseAddress!.ToString().TrimEnd('/'));

        var error = await Assert.ThrowsAsync<StripeException>(() => new InvoiceService(stripe).ListAsync(new() { Customer = PortalFactory.DemoCustomer }));

        Assert.Equal(HttpStatusCode.Unauthorized, error.HttpStatusCode);
        Assert.Equal("authentication_error", error.StripeError.Type);
    }

    [Theory]
    [InlineData("GET", "/v1/no-such-thing", HttpStatusCode.NotFound, "url_unrecognized")]
    [InlineData("DELETE", "/v1/billing_portal/sessions", HttpStatusCode.MethodNotAllowed, "method_not_allowed")]
    public async Task A_url_or_method_VINR_does_not_serve_is_still_a_readable_error(string method, string path, HttpStatusCode status, string code)
    {
        var error = await Assert.ThrowsAsync<StripeException>(() => _stripe.RawRequestAsync(new HttpMethod(method), path));

        Assert.Equal(status, error.HttpStatusCode);
        Assert.Equal(code, error.StripeError.Code);
    }

    [Fact]
    public async Task Auto_pagination_walks_every_invoice_once_newest_first()
    {
        var viaStripe = new List<Invoice>();
        await foreach (var invoice in new InvoiceService(_stripe).ListAutoPagingAsync(new() { Customer = PortalFactory.DemoCustomer, Limit = 5 }))
        {
            viaStripe.Add(invoice);
        }

        using var api = _factory.CreateApiClient();
        using var all = JsonDocument.Parse(await api.GetStringAsync($"/v1/invoices?customer={PortalFactory.DemoCustomer}&limit=100"));
        var ids = all.RootElement.GetProperty("data").EnumerateArray().Select(i => i.GetProperty("id").GetString()).ToList();
        Assert.True(ids.Count > 5, "the demo customer has more invoices than one page");
        Assert.Equal(ids, viaStripe.Select(i => i.Id));
        Assert.All(viaStripe, i => Assert.Equal(PortalFactory.DemoCustomer, i.CustomerId));
        Assert.All(viaStripe, i => Assert.True(i.Total > 0 && i.Currency == "usd"));
    }

    [Fact]
    public async Task Lists_and_retrieves_cards_and_reads_a_refused_detach()
    {
        var service = new PaymentMethodService(_stripe);
        var cards = await service.ListAsync(new() { Customer = PortalFactory.DemoCustomer });
        var card = Assert.Single(cards.Data);

        var read = await service.GetAsync(card.Id);
        var refused = await Assert.ThrowsAsync<StripeException>(() => service.DetachAsync(card.Id));

        Assert.Equal("card", read.Type);
        Assert.Equal("4242", read.Card.Last4);
        Assert.Equal(PortalFactory.DemoCustomer, read.CustomerId);
        Assert.Equal(HttpStatusCode.BadRequest, refused.HttpStatusCode);
        Assert.Contains("default card", refused.StripeError.Message);
    }

    [Fact]
    public async Task Creates_a_customer_and_a_subscription_then_changes_and_cancels_it()
    {
        var price = await _factory.WithDbAsync(db => db.Prices.IgnoreQueryFilters()
            .Where(p => p.MerchantId == PortalFactory.DemoMerchant && !p.Livemode && p.BillingScheme == Vinr.Portal.Api.Features.Products.BillingScheme.PerUnit)
            .Select(p => p.Id).FirstAsync());

        var customer = await new CustomerService(_stripe).CreateAsync(new()
        {
            Name = "Ada Lovelace",
            Email = "ada@example.com",
            Address = new() { Line1 = "12 St James's Square", City = "London", PostalCode = "SW1Y 4LB", Country = "GB" },
            Metadata = new() { ["crm_id"] = "42" },
        });
        var subscriptions = new SubscriptionService(_stripe);
        var trialing = await subscriptions.CreateAsync(new()
        {
            Customer = customer.Id,
            Items = [new() { Price = price, Quantity = 3 }],
            TrialPeriodDays = 14,
        });
        var seats = await subscriptions.UpdateAsync(trialing.Id, new()
        {
            Items = [new() { Id = trialing.Items.Data[0].Id, Quantity = 5 }],
            Metadata = new() { ["plan"] = "team" },
        });
        var listed = await subscriptions.ListAsync(new() { Customer = customer.Id });
        var canceled = await subscriptions.CancelAsync(trialing.Id);

        Assert.Equal("Ada Lovelace", (await new CustomerService(_stripe).GetAsync(customer.Id)).Name);
        Assert.Equal("42", customer.Metadata["crm_id"]);
        Assert.Equal("GB", customer.Address.Country);
        Assert.Equal("trialing", trialing.Status);
        Assert.Equal(customer.Id, trialing.CustomerId);
        Assert.Equal(price, trialing.Items.Data[0].Price.Id);
        Assert.Equal(3, trialing.Items.Data[0].Quantity);
        Assert.True(trialing.TrialEnd > DateTime.UtcNow.AddDays(13));
        Assert.Equal(5, seats.Items.Data[0].Quantity);
        Assert.Equal("team", seats.Metadata["plan"]);
        Assert.Equal(trialing.Id, Assert.Single(listed.Data).Id);
        Assert.Equal("canceled", canceled.Status);
        Assert.True((await new CustomerService(_stripe).DeleteAsync(customer.Id)).Deleted);
    }

    [Fact]
    public async Task Creates_a_tax_rate_and_previews_a_french_customers_next_invoice_with_its_vat()
    {
        var price = await _factory.WithDbAsync(db => db.Prices.IgnoreQueryFilters()
            .Where(p => p.MerchantId == PortalFactory.DemoMerchant && !p.Livemode && p.BillingScheme == Vinr.Portal.Api.Features.Products.BillingScheme.PerUnit)
            .Select(p => new { p.Id, p.UnitAmount }).FirstAsync());
        var rates = new TaxRateService(_stripe);
        var vat = await rates.CreateAsync(new() { DisplayName = "TVA", Percentage = 20m, Inclusive = false, Country = "FR", Jurisdiction = "France" });
        var customer = await new CustomerService(_stripe).CreateAsync(new()
        {
            Name = "Camille Martin",
            Address = new() { Line1 = "8 rue de Rivoli", City = "Paris", PostalCode = "75004", Country = "FR" },
        });
        var subscription = await new SubscriptionService(_stripe).CreateAsync(new()
        {
            Customer = customer.Id,
            Items = [new() { Price = price.Id, Quantity = 2 }],
            TrialPeriodDays = 14,
        });

        var preview = await new InvoiceService(_stripe).CreatePreviewAsync(new() { Customer = customer.Id, Subscription = subscription.Id });

        Assert.Equal(20m, vat.Percentage);
        Assert.False(vat.Inclusive);
        Assert.Contains((await rates.ListAsync(new() { Active = true })).Data, r => r.Id == vat.Id);
        var net = 2 * price.UnitAmount;
        var tax = Assert.Single(preview.TotalTaxes);
        Assert.Equal(vat.Id, tax.TaxRateDetails.TaxRateId);
        Assert.Equal("exclusive", tax.TaxBehavior);
        Assert.Equal(net, tax.TaxableAmount);
        Assert.Equal(net / 5, tax.Amount);
        Assert.Equal(net, preview.Subtotal);
        Assert.Equal(net, preview.TotalExcludingTax);
        Assert.Equal(net + net / 5, preview.Total);
        Assert.Equal(net + net / 5, preview.AmountDue);
        Assert.Equal("none", preview.CustomerTaxExempt);
        var archived = await rates.UpdateAsync(vat.Id, new() { Active = false });
        Assert.False(archived.Active);
    }

    [Fact]
    public async Task Creates_a_product_and_price_and_advances_a_test_clock_through_a_renewal()
    {
        var product = await new ProductService(_stripe).CreateAsync(new() { Name = "Team", Metadata = new() { ["tier"] = "2" } });
        var price = await new PriceService(_stripe).CreateAsync(new()
        {
            Product = product.Id,
            Currency = "eur",
            UnitAmount = 1200,
            Recurring = new() { Interval = "month" },
        });
        var start = DateTime.UtcNow.Date.AddDays(-400);
        var clocks = new Stripe.TestHelpers.TestClockService(_stripe);
        var clock = await clocks.CreateAsync(new() { FrozenTime = start, Name = "A month in a second" });
        var customer = await new CustomerService(_stripe).CreateAsync(new() { Email = "clock@example.com", TestClock = clock.Id });
        var trialing = await new SubscriptionService(_stripe).CreateAsync(new()
        {
            Customer = customer.Id,
            Items = [new() { Price = price.Id }],
            TrialPeriodDays = 7,
        });

        var advanced = await clocks.AdvanceAsync(clock.Id, new() { FrozenTime = start.AddDays(8) });
        var renewed = await new SubscriptionService(_stripe).GetAsync(trialing.Id);
        var invoices = await new InvoiceService(_stripe).ListAsync(new() { Customer = customer.Id });

        Assert.Equal("tier", product.Metadata.Keys.Single());
        Assert.Equal(1200, price.UnitAmount);
        Assert.Equal("month", price.Recurring.Interval);
        Assert.Equal(clock.Id, customer.TestClockId);
        Assert.Equal("ready", advanced.Status);
        Assert.Equal(start.AddDays(8), advanced.FrozenTime);
        // No card: the first charge after the trial fails and the subscription is past due, on the clock's day.
        Assert.Equal("past_due", renewed.Status);
        var invoice = Assert.Single(invoices.Data);
        Assert.Equal(1200, invoice.Total);
        Assert.Equal("open", invoice.Status);
    }

    [Fact]
    public async Task Creates_a_configuration_with_nested_feature_lists()
    {
        var price = await _factory.WithDbAsync(db => db.Prices.IgnoreQueryFilters()
            .Where(p => p.MerchantId == PortalFactory.DemoMerchant && !p.Livemode).Select(p => new { p.Id, p.ProductId }).FirstAsync());

        var created = await new PortalConfigurationService(_stripe).CreateAsync(new()
        {
            BusinessProfile = new() { Headline = "Acme Cloud billing" },
            Features = new()
            {
                InvoiceHistory = new() { Enabled = true },
                SubscriptionUpdate = new()
                {
                    Enabled = true,
                    DefaultAllowedUpdates = ["price"],
                    Products = [new() { Product = price.ProductId, Prices = [price.Id] }],
                    ProrationBehavior = "create_prorations",
                },
            },
            Metadata = new() { ["team"] = "billing" },
        });
        var read = await new PortalConfigurationService(_stripe).GetAsync(created.Id);

        Assert.Equal("Acme Cloud billing", read.BusinessProfile.Headline);
        Assert.True(read.Features.SubscriptionUpdate.Enabled);
        Assert.Equal([price.Id], read.Features.SubscriptionUpdate.Products.Single().Prices);
        Assert.Equal("billing", read.Metadata["team"]);
        Assert.False(read.IsDefault);
    }

    [Fact]
    public async Task A_coupon_and_the_discount_it_gives_a_subscription_read_in_stripes_models()
    {
        var coupon = await new CouponService(_stripe).CreateAsync(new()
        {
            PercentOff = 12.5m, Duration = "repeating", DurationInMonths = 3, Name = "Win-back", MaxRedemptions = 5,
            Metadata = new() { ["campaign"] = "spring" },
        });
        var subscriptionId = await _factory.WithDbAsync(db => db.Subscriptions.IgnoreQueryFilters()
            .Where(s => s.CustomerId == PortalFactory.DemoCustomer).Select(s => s.Id).FirstAsync());

        var subscription = await new SubscriptionService(_stripe).UpdateAsync(subscriptionId, new()
        {
            Discounts = [new() { Coupon = coupon.Id }],
        });
        var listed = await new CouponService(_stripe).ListAsync(new() { Limit = 100 });
        var upcoming = await _factory.CreateApiClient().GetStringAsync($"/v1/invoices/upcoming?customer={PortalFactory.DemoCustomer}");
        await new CouponService(_stripe).DeleteAsync(coupon.Id);

        Assert.Equal((12.5m, "repeating", 3L, "Win-back", 5L, true), (coupon.PercentOff, coupon.Duration, coupon.DurationInMonths, coupon.Name, coupon.MaxRedemptions, coupon.Valid));
        Assert.Equal("spring", coupon.Metadata["campaign"]);
        Assert.Contains(listed.Data, c => c.Id == coupon.Id);
        var discountId = Assert.Single(subscription.DiscountIds);
        Assert.StartsWith("di_", discountId);
        Assert.Contains($"\"discount\":\"{discountId}\"", upcoming, StringComparison.Ordinal);
        await Assert.ThrowsAsync<StripeException>(() => new CouponService(_stripe).GetAsync(coupon.Id));
    }
}
