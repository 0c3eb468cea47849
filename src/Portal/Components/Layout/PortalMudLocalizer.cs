using Microsoft.Extensions.Localization;
using MudBlazor;

namespace Vinr.Portal.Components.Layout;

/// <summary>
/// The words MudBlazor writes itself (a snackbar's or dialog's "Close" button label), in the
/// portal's language, from this class's resources; MudBlazor's English for any key they lack.
/// </summary>
internal sealed class PortalMudLocalizer(IStringLocalizer<PortalMudLocalizer> text) : MudLocalizer
{
    public override LocalizedString this[string key] => text[key];

    public override LocalizedString this[string key, params object[] arguments] => text[key, arguments];
}
