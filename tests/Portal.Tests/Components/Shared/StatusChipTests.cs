using System.Globalization;
using Bunit;
using MudBlazor.Services;
using Microsoft.Extensions.DependencyInjection;
using Vinr.Portal.Api.Features.Invoices;
using Vinr.Portal.Api.Features.Subscriptions;
using Vinr.Portal.Components.Shared;

namespace Vinr.Portal.Tests.Components.Shared;

public sealed class StatusChipTests : BunitContext
{
    public StatusChipTests()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
        Services.AddLocalization(o => o.ResourcesPath = "Resources");
    }

    [Theory]
    [InlineData(SubscriptionStatus.Active, false, "active", "Active")]
    [InlineData(SubscriptionStatus.Active, true, "pending_cancellation", "Cancels at period end")]
    [InlineData(SubscriptionStatus.Trialing, false, "trialing", "Trial")]
    [InlineData(SubscriptionStatus.PastDue, false, "past_due", "Past due")]
    [InlineData(SubscriptionStatus.Canceled, true, "canceled", "Canceled")]
    public void Subscriptions_read_in_words(SubscriptionStatus status, bool cancelAtPeriodEnd, string key, string label)
    {
        var chip = Render<StatusChip>(p => p.Add(c => c.Subscription, status).Add(c => c.CancelAtPeriodEnd, cancelAtPeriodEnd));

        Assert.Equal(key, chip.Find(".status-chip").GetAttribute("data-status"));
        Assert.Contains(label, chip.Markup, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(InvoiceStatus.Paid, "Paid")]
    [InlineData(InvoiceStatus.Open, "Due")]
    [InlineData(InvoiceStatus.Void, "Void")]
    public void Invoices_read_in_words(InvoiceStatus status, string label)
    {
        var chip = Render<StatusChip>(p => p.Add(c => c.Invoice, status));

        Assert.Contains(label, chip.Markup, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("fr", InvoiceStatus.Paid, "Payée")]
    [InlineData("de", InvoiceStatus.Open, "Fällig")]
    [InlineData("es", InvoiceStatus.Uncollectible, "Incobrable")]
    public void Statuses_read_in_the_customers_language(string language, InvoiceStatus status, string label)
    {
        CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(language);

        var chip = Render<StatusChip>(p => p.Add(c => c.Invoice, status));

        Assert.Equal(label, chip.Find(".status-chip").TextContent.Trim());
    }
}
