using System.Text.RegularExpressions;
using MudBlazor;

namespace Vinr.Portal.Components.Layout;

/// <summary>The MudBlazor theme in the merchant's accent colour, on a system font stack (no font CDN).</summary>
internal static partial class PortalTheme
{
    private const string DefaultAccent = "#4338CA";

    [GeneratedRegex("^#[0-9A-Fa-f]{6}$")]
    private static partial Regex HexColor();

    public static MudTheme For(string? accentColor)
    {
        var accent = accentColor is not null && HexColor().IsMatch(accentColor) ? accentColor : DefaultAccent;
        return new MudTheme
        {
            PaletteLight = new PaletteLight
            {
                Primary = accent,
                // MudBlazor's defaults (#00c853, #ff9800, ...) fail WCAG AA contrast on white; these pass with room
                // to spare, also as snackbars (drawn at 95 % opacity over the page).
                Success = "#166534",
                Warning = "#A44A04",
                Error = "#B91C1C",
                Info = "#1D4ED8",
                Background = "#F7F7FA",
                Surface = "#FFFFFF",
                TextPrimary = "#1A1A2E",
                TextSecondary = "#5B5B6E",
            },
            Typography = new Typography
            {
                Default = new DefaultTypography
                {
                    FontFamily = ["system-ui", "-apple-system", "Segoe UI", "Roboto", "Helvetica Neue", "Arial", "sans-serif"],
                },
                // Sentence case reads better than Material's all-caps buttons, and in every language.
                Button = new ButtonTypography { TextTransform = "none", FontWeight = "600" },
            },
            LayoutProperties = new LayoutProperties { DefaultBorderRadius = "8px" },
        };
    }
}
