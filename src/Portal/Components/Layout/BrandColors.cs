using System.Globalization;
using System.Text.RegularExpressions;

namespace Vinr.Portal.Components.Layout;

/// <summary>
/// A merchant's accent colour made readable (WCAG 2.2 AA, 4.5:1 for text): the text drawn on the
/// accent (white or black, whichever contrasts more; one of them always reaches 4.58:1), and the
/// accent darkened for text on the light theme's white, lightened for text on the dark theme's surface.
/// </summary>
public sealed partial record BrandColors(string Accent, string OnAccent, string TextOnLight, string TextOnDark)
{
    public const string DefaultAccent = "#4338CA";
    public const string LightSurface = "#FFFFFF";
    public const string DarkSurface = "#1C1C24";

    // The most demanding backgrounds accent text sits on: a hovered or selected row's tint (portal.css
    // --portal-accent-subtle), darker than white in the light theme, lighter than the surface in the dark.
    private const string LightTint = "#EEEEFB";
    private const string DarkTint = "#2A2A45";
    private const string White = "#FFFFFF";
    private const string Black = "#000000";
    private const double TextContrast = 4.5;

    /// <summary>The colours for <paramref name="accent"/>; anything but <c>#rrggbb</c> is the default accent.</summary>
    public static BrandColors For(string? accent)
    {
        var color = accent is not null && HexColor().IsMatch(accent) ? accent.ToUpperInvariant() : DefaultAccent;
        var onAccent = Contrast(color, White) >= Contrast(color, Black) ? White : Black;
        return new BrandColors(color, onAccent, Readable(color, LightTint, toward: Black), Readable(color, DarkTint, toward: White));
    }

    /// <summary>WCAG contrast ratio of two <c>#rrggbb</c> colours, 1 to 21.</summary>
    public static double Contrast(string a, string b)
    {
        var (la, lb) = (Luminance(a), Luminance(b));
        return (Math.Max(la, lb) + 0.05) / (Math.Min(la, lb) + 0.05);
    }

    // Mixes the colour toward black (or white) in small steps until it reads on the background.
    private static string Readable(string color, string background, string toward)
    {
        for (var step = 0; step <= 20; step++)
        {
            var mixed = Mix(color, toward, step / 20.0);
            if (Contrast(mixed, background) >= TextContrast)
            {
                return mixed;
            }
        }
        return toward;
    }

    private static string Mix(string a, string b, double amount)
    {
        var (ra, ga, ba) = Channels(a);
        var (rb, gb, bb) = Channels(b);
        int Blend(int x, int y) => (int)Math.Round(x + ((y - x) * amount), MidpointRounding.AwayFromZero);
        return $"#{Blend(ra, rb):X2}{Blend(ga, gb):X2}{Blend(ba, bb):X2}";
    }

    private static double Luminance(string color)
    {
        var (r, g, b) = Channels(color);
        static double Linear(int channel)
        {
            var c = channel / 255.0;
            return c <= 0.04045 ? c / 12.92 : Math.Pow((c + 0.055) / 1.055, 2.4);
        }
        return (0.2126 * Linear(r)) + (0.7152 * Linear(g)) + (0.0722 * Linear(b));
    }

    private static (int R, int G, int B) Channels(string color) =>
        (Hex(color, 1), Hex(color, 3), Hex(color, 5));

    private static int Hex(string color, int at) => int.Parse(color.AsSpan(at, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture);

    [GeneratedRegex("^#[0-9A-Fa-f]{6}$")]
    private static partial Regex HexColor();
}
