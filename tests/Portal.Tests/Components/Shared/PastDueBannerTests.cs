using System.Globalization;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;
using Vinr.Portal.Api.Features.BillingPortal.Configurations;
using Vinr.Portal.Api.Features.BillingPortal.Portal;
using Vinr.Portal.Components.Shared;

namespace Vinr.Portal.Tests.Components.Shared;

public sealed class PastDueBannerTests : BunitContext
{
    private static readonly OpenInvoice Failed = new("in_1", "ACME-0042", 4_900, "usd", "Your card was declined.");
    private static readonly OpenInvoice Waiting = Failed with { LastPaymentError = "Your card was declined. This transaction requires authentication.", ActionRequired = true };

    public PastDueBannerTests()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
        Services.AddLocalization(o => o.ResourcesPath = "Resources");
    }

    private IRenderedComponent<PastDueBanner> RenderBanner(OpenInvoice invoice, PortalFeatures? features = null, EventCallback? onPay = null) =>
        Render<PastDueBanner>(p =>
        {
            p.Add(c => c.Invoice, invoice).AddCascadingValue(features ?? new PortalFeatures()).AddCascadingValue(CultureInfo.GetCultureInfo("en-US"));
            if (onPay is { } pay)
            {
                p.Add(c => c.OnPay, pay);
            }
        });

    [Fact]
    public void An_invoice_waiting_for_authentication_asks_to_confirm_the_payment_and_links_to_it()
    {
        var banner = RenderBanner(Waiting, new PortalFeatures { InvoiceHistory = true });

        var alert = banner.Find("[data-testid=confirm-payment]");
        Assert.Contains("Confirm your payment", alert.TextContent, StringComparison.Ordinal);
        Assert.Contains("Your bank asks you to confirm the payment of $49.00 for invoice ACME-0042.", alert.TextContent, StringComparison.Ordinal);
        Assert.Equal("/invoices/in_1", banner.Find("[data-testid=confirm-payment-action]").GetAttribute("href"));
        Assert.Empty(banner.FindAll("[data-testid=past-due]"));
        Assert.DoesNotContain("declined", alert.TextContent, StringComparison.Ordinal); // not a failure of the card
    }

    [Fact]
    public void On_the_payment_methods_page_the_banner_confirms_in_place()
    {
        var asked = 0;
        var banner = RenderBanner(Waiting, onPay: EventCallback.Factory.Create(this, () => asked++));

        banner.Find("[data-testid=confirm-payment-action]").Click();

        Assert.Equal(1, asked);
    }

    [Fact]
    public void Without_invoice_history_the_customer_is_told_to_contact_the_merchant()
    {
        var banner = RenderBanner(Waiting, new PortalFeatures { InvoiceHistory = false });

        Assert.Empty(banner.FindAll("[data-testid=confirm-payment-action]"));
        Assert.Contains("Contact the merchant", banner.Find("[data-testid=confirm-payment]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void A_failed_payment_still_reads_as_a_failure()
    {
        var banner = RenderBanner(Failed, new PortalFeatures { PaymentMethodUpdate = true });

        Assert.Contains("Your last payment failed.", banner.Find("[data-testid=past-due]").TextContent, StringComparison.Ordinal);
        Assert.Empty(banner.FindAll("[data-testid=confirm-payment]"));
    }

    [Theory]
    [InlineData("fr-FR", "Confirmez votre paiement")]
    [InlineData("de-DE", "Bestätigen Sie Ihre Zahlung")]
    [InlineData("es-ES", "Confirme su pago")]
    public void The_banner_speaks_the_customers_language(string culture, string title)
    {
        var before = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(culture);
        try
        {
            var banner = RenderBanner(Waiting, new PortalFeatures { InvoiceHistory = true });

            Assert.Contains(title, banner.Find("[data-testid=confirm-payment]").TextContent, StringComparison.Ordinal);
        }
        finally
        {
            CultureInfo.CurrentUICulture = before;
        }
    }
}
