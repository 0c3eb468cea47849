using System.Text;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Vinr.Portal.Components.Layout;

/// <summary>
/// MudBlazor's theme provider, with its variables a second time for <c>prefers-color-scheme: dark</c>.
/// The browser picks the theme from the first paint, prerender included: no script, no flash, and the
/// portal's own colours (portal.css) switch by the same media query.
/// </summary>
public sealed class PortalThemeProvider : MudThemeProvider
{
    [Parameter, EditorRequired] public PaletteLight DarkPalette { get; set; } = default!;

    // The provider writes ":root{" + GenerateTheme + "}": closing the light rule and opening the media
    // query's here leaves its final brace to close the media query.
    protected override void GenerateTheme(StringBuilder themeStringBuilder)
    {
        base.GenerateTheme(themeStringBuilder);
        var light = Theme!.PaletteLight;
        Theme.PaletteLight = DarkPalette;
        try
        {
            themeStringBuilder.Append("}\n@media (prefers-color-scheme: dark) {\n:root{\n");
            base.GenerateTheme(themeStringBuilder);
            themeStringBuilder.Append('}');
        }
        finally
        {
            Theme.PaletteLight = light;
        }
    }
}
