using Vinr.Portal.Components.Layout;

namespace Vinr.Portal.Tests.Components.Layout;

public sealed class BrandColorsTests
{
    [Theory]
    [InlineData("#4338CA")] // the default indigo
    [InlineData("#FFD700")] // gold: too light for white text and for text on white
    [InlineData("#00C853")] // MudBlazor's green
    [InlineData("#777777")] // mid grey: the hardest case for text on it
    [InlineData("#000000")]
    [InlineData("#FFFFFF")]
    [InlineData("#0EA5E9")]
    public void Every_accent_yields_readable_text(string accent)
    {
        var colors = BrandColors.For(accent);

        Assert.Equal(accent, colors.Accent);
        Assert.True(BrandColors.Contrast(colors.Accent, colors.OnAccent) >= 4.5, $"text on {accent}");
        Assert.True(BrandColors.Contrast(colors.TextOnLight, BrandColors.LightSurface) >= 4.5, $"{colors.TextOnLight} on white");
        Assert.True(BrandColors.Contrast(colors.TextOnDark, BrandColors.DarkSurface) >= 4.5, $"{colors.TextOnDark} on the dark surface");
    }

    [Fact]
    public void A_readable_accent_is_used_as_it_is_on_white()
    {
        var colors = BrandColors.For("#4338CA");

        Assert.Equal("#4338CA", colors.TextOnLight);
        Assert.Equal("#FFFFFF", colors.OnAccent);
    }

    [Fact]
    public void A_light_accent_gets_dark_text_and_is_darkened_as_text()
    {
        var colors = BrandColors.For("#FFD700");

        Assert.Equal("#000000", colors.OnAccent);
        Assert.NotEqual("#FFD700", colors.TextOnLight);
        Assert.Equal("#FFD700", colors.TextOnDark);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("red")]
    [InlineData("#12345")]
    [InlineData("#4338CA;}body{display:none")]
    public void Anything_but_a_hex_colour_is_the_default(string? accent) =>
        Assert.Equal(BrandColors.DefaultAccent, BrandColors.For(accent).Accent);

    [Fact]
    public void Contrast_is_the_wcag_ratio()
    {
        Assert.Equal(21, BrandColors.Contrast("#000000", "#FFFFFF"), 2);
        Assert.Equal(1, BrandColors.Contrast("#777777", "#777777"), 2);
        Assert.Equal(4.48, BrandColors.Contrast("#777777", "#FFFFFF"), 2);
    }
}
