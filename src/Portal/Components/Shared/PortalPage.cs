using System.Globalization;
using Microsoft.AspNetCore.Components;
using MudBlazor;
using Vinr.Portal.Api.Features.BillingPortal.Configurations;
using Vinr.Portal.Api.Features.BillingPortal.Portal;
using Vinr.Portal.Api.Features.BillingPortal.Sessions;
using Vinr.Portal.Sessions;

namespace Vinr.Portal.Components.Shared;

/// <summary>
/// A portal page: the session, branding and culture the layout cascades, and the one way actions
/// run: one at a time (a second click while the first runs does nothing), on a session re-checked
/// in the database, reported in the page, then fresh data.
/// </summary>
public abstract class PortalPage : ComponentBase
{
    [CascadingParameter] public PortalAccess Access { get; set; } = default!;
    [CascadingParameter] public PortalBranding Branding { get; set; } = default!;
    [CascadingParameter] public CultureInfo Culture { get; set; } = CultureInfo.CurrentCulture;
    [CascadingParameter] public PortalFeatures Features { get; set; } = new();

    [Inject] private CurrentPortal Portal { get; set; } = default!;
    [Inject] private NavigationManager Navigation { get; set; } = default!;
    [Inject] protected ISnackbar Snackbar { get; set; } = default!;

    /// <summary>An action is running: buttons show it and stay disabled.</summary>
    protected bool Busy { get; private set; }

    /// <summary>Reads the page's data again after an action.</summary>
    protected virtual Task ReloadAsync() => Task.CompletedTask;

    protected async Task RunAsync(Func<PortalAccess, Task> action)
    {
        if (Busy)
        {
            return;
        }
        Busy = true;
        try
        {
            if (await RequireSessionAsync() is { } access)
            {
                await action(access);
                await ReloadAsync();
            }
        }
        finally
        {
            Busy = false;
        }
    }

    /// <summary>The session, checked in the database now; gone means leaving for the signed-out page.</summary>
    protected async Task<PortalAccess?> RequireSessionAsync()
    {
        var access = await Portal.GetAccessAsync(recheck: true);
        if (access is null)
        {
            Navigation.NavigateTo("/signed-out", forceLoad: true);
        }
        return access;
    }

    protected void Report(bool succeeded, string success, string? failure) =>
        Snackbar.Add(succeeded ? success : failure ?? "That did not work. Please try again.", succeeded ? Severity.Success : Severity.Error);
}
