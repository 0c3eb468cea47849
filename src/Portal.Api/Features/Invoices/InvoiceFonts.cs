using PdfSharp.Fonts;

namespace Vinr.Portal.Api.Features.Invoices;

/// <summary>
/// Serves Liberation Sans (metric-compatible with Arial, SIL OFL) from this assembly's resources,
/// because a Linux server has no fonts PDFsharp can find on its own.
/// </summary>
internal sealed class InvoiceFonts : IFontResolver
{
    /// <summary>The family name invoice PDFs ask for.</summary>
    public const string Family = "Liberation Sans";

    private const string RegularFace = "LiberationSans-Regular";
    private const string BoldFace = "LiberationSans-Bold";

    // PDFsharp's resolver is process-wide and may be set only once (or again with the same instance),
    // so one instance is registered under Lazy's lock however many renders start at the same time.
    private static readonly Lazy<InvoiceFonts> Registered = new(Register);

    private static readonly Lazy<byte[]> Regular = new(() => Load(RegularFace));
    private static readonly Lazy<byte[]> Bold = new(() => Load(BoldFace));

    private InvoiceFonts()
    {
    }

    /// <summary>Registers the resolver with PDFsharp on first use; later calls do nothing.</summary>
    public static void EnsureRegistered() => _ = Registered.Value;

    public FontResolverInfo? ResolveTypeface(string familyName, bool bold, bool italic) =>
        // No italic face ships; PDFsharp simulates italics if a caller ever asks for them.
        string.Equals(familyName, Family, StringComparison.OrdinalIgnoreCase)
            ? new FontResolverInfo(bold ? BoldFace : RegularFace, mustSimulateBold: false, mustSimulateItalic: italic)
            : null;

    public byte[]? GetFont(string faceName) => faceName switch
    {
        RegularFace => Regular.Value,
        BoldFace => Bold.Value,
        _ => null,
    };

    private static InvoiceFonts Register()
    {
        var fonts = new InvoiceFonts();
        if (GlobalFontSettings.FontResolver is { } other)
        {
            // Replacing someone else's resolver would break their documents, and PDFsharp refuses it
            // once fonts are in use: fail where the cause is visible.
            throw new InvalidOperationException(
                $"PDFsharp already has a font resolver ({other.GetType().FullName}); invoice PDFs need {nameof(InvoiceFonts)}.");
        }

        GlobalFontSettings.FontResolver = fonts;
        return fonts;
    }

    private static byte[] Load(string face)
    {
        // Logical names are set in Portal.Api.csproj so they do not depend on the folder layout.
        var name = $"Vinr.Portal.Api.Invoices.Fonts.{face}.ttf";
        using var stream = typeof(InvoiceFonts).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"The font resource {name} is missing from the assembly.");
        using var copy = new MemoryStream(checked((int)stream.Length));
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
