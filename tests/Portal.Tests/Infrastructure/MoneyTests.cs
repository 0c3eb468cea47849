using System.Globalization;
using Vinr.Portal.Api.Infrastructure;

namespace Vinr.Portal.Tests.Infrastructure;

public sealed class MoneyTests
{
    [Theory]
    [InlineData(4900, "usd", "en", "$49.00")]
    [InlineData(123456, "usd", "en", "$1,234.56")]
    [InlineData(4900, "eur", "fr", "49,00 €")]
    [InlineData(4900, "eur", "de", "49,00 €")]
    [InlineData(4900, "jpy", "en", "¥4,900")]
    [InlineData(-1250, "usd", "en", "-$12.50")]
    [InlineData(5, "gbp", "en", "£0.05")]
    public void Minor_units_format_for_the_culture(long amount, string currency, string culture, string expected)
    {
        var formatted = Money.Format(amount, currency, CultureInfo.GetCultureInfo(culture));

        // Cultures use narrow no-break spaces; compare what a reader sees.
        Assert.Equal(expected, formatted.Replace('\u202F', ' ').Replace('\u00A0', ' '));
    }

    [Fact]
    public void Unknown_currencies_show_their_code()
    {
        Assert.Contains("SEK", Money.Format(100, "sek", CultureInfo.GetCultureInfo("en")), StringComparison.Ordinal);
    }
}
