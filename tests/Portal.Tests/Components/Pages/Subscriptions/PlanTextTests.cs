using System.Globalization;
using Vinr.Portal.Api.Features.Products;
using Vinr.Portal.Api.Features.Subscriptions;
using Vinr.Portal.Components.Shared;

namespace Vinr.Portal.Tests.Components.Pages.Subscriptions;

public sealed class PlanTextTests
{
    private static readonly PlanOption Business = new("price_b", "Business", null, 2900, "usd", Recurrence.Monthly, PerUnit: true, IsCurrent: false);

    private static T In<T>(string culture, Func<T> words)
    {
        var (ui, current) = (CultureInfo.CurrentUICulture, CultureInfo.CurrentCulture);
        CultureInfo.CurrentUICulture = CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo(culture);
        try
        {
            return words();
        }
        finally
        {
            (CultureInfo.CurrentUICulture, CultureInfo.CurrentCulture) = (ui, current);
        }
    }

    [Theory]
    [InlineData("en", 1, "Business (1 seat)")]
    [InlineData("en", 3, "Business (3 seats)")]
    [InlineData("fr", 0, "Business (0 poste)")]
    [InlineData("fr", 1, "Business (1 poste)")]
    [InlineData("fr", 2, "Business (2 postes)")]
    [InlineData("de", 1, "Business (1 Platz)")]
    [InlineData("de", 4, "Business (4 Plätze)")]
    [InlineData("es", 2, "Business (2 puestos)")]
    public void Seats_follow_the_language_plural_rule(string culture, long seats, string expected) =>
        Assert.Equal(expected, In(culture, () => PlanText.Name(Business, seats)));

    [Theory]
    [InlineData("en", "per month", "Monthly", "Every 3 months")]
    [InlineData("fr", "par mois", "Mensuel", "Tous les 3 mois")]
    [InlineData("de", "pro Monat", "Monatlich", "Alle 3 Monate")]
    [InlineData("es", "al mes", "Mensual", "Cada 3 meses")]
    public void Periods_are_worded_in_the_language(string culture, string perMonth, string monthly, string quarterly)
    {
        Assert.Equal(perMonth, In(culture, () => PlanText.PerPeriod(Recurrence.Monthly)));
        Assert.Equal(monthly, In(culture, () => PlanText.Toggle(Recurrence.Monthly)));
        Assert.Equal(quarterly, In(culture, () => PlanText.Toggle(new Recurrence(BillingInterval.Month, 3))));
    }
}
