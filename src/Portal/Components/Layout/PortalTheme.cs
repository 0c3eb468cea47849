using MudBlazor;

namespace Vinr.Portal.Components.Layout;

/// <summary>
/// The MudBlazor theme in the merchant's accent colour, light and dark, on a system font stack (no
/// font CDN). The accent as MudBlazor's "primary" is the readable one (<see cref="BrandColors"/>):
/// darkened on the light theme, lightened on the dark one; filled buttons keep the exact accent
/// (portal.css, <c>--portal-accent</c>).
/// </summary>
internal static class PortalTheme
{
    public static MudTheme For(BrandColors brand) => new()
    {
        PaletteLight = new PaletteLight
        {
            Primary = brand.TextOnLight,
            PrimaryContrastText = BrandColors.For(brand.TextOnLight).OnAccent,
            // MudBlazor's defaults (#00c853, #ff9800, ...) fail WCAG AA contrast on white; these pass with room
            // to spare, also as snackbars (drawn at 95 % opacity over the page).
            Success = "#166534",
            Warning = "#A44A04",
            Error = "#B91C1C",
            Info = "#1D4ED8",
            Background = "#F7F7FA",
            Surface = BrandColors.LightSurface,
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

    /// <summary>
    /// The dark palette (for <c>prefers-color-scheme: dark</c>, see <see cref="PortalThemeProvider"/>):
    /// light text on near-black surfaces, status colours light enough for text, black text on them.
    /// </summary>
    public static PaletteLight Dark(BrandColors brand) => new()
    {
        Primary = brand.TextOnDark,
        PrimaryContrastText = BrandColors.For(brand.TextOnDark).OnAccent,
        Success = "#4ADE80",
        SuccessContrastText = "#000000",
        Warning = "#FBBF24",
        WarningContrastText = "#000000",
        Error = "#F87171",
        ErrorContrastText = "#000000",
        Info = "#60A5FA",
        InfoContrastText = "#000000",
        Black = "#000000",
        White = "#FFFFFF",
        Background = "#121218",
        BackgroundGray = "#1A1A22",
        Surface = BrandColors.DarkSurface,
        TextPrimary = "#ECECF1",
        TextSecondary = "#A9A9B8",
        TextDisabled = "rgba(255,255,255,0.5)",
        ActionDefault = "#C4C4CF",
        ActionDisabled = "rgba(255,255,255,0.38)",
        ActionDisabledBackground = "rgba(255,255,255,0.12)",
        LinesDefault = "rgba(255,255,255,0.14)",
        LinesInputs = "#8A8A99",
        TableLines = "rgba(255,255,255,0.12)",
        TableHover = "rgba(255,255,255,0.06)",
        Divider = "#34343F",
        DividerLight = "rgba(255,255,255,0.08)",
        Skeleton = "rgba(255,255,255,0.11)",
        OverlayDark = "rgba(0,0,0,0.6)",
        GrayDefault = "#9E9EAD",
        GrayLight = "#3A3A46",
        GrayLighter = "#2A2A35",
        AppbarBackground = BrandColors.DarkSurface,
        DrawerBackground = BrandColors.DarkSurface,
        DrawerText = "#ECECF1",
        HoverOpacity = 0.08,
    };
}
