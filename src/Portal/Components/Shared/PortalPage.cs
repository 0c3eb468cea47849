using System.Globalization;
using Microsoft.AspNetCore.Components;
using MudBlazor;
using Vinr.Portal.Api.Features.BillingPortal.Configurations;
using Vinr.Portal.Api.Features.BillingPortal.Portal;
using Vinr.Portal.Api.Features.BillingPortal.Sessions;
using Vinr.Portal.Api.Infrastructure;
using Vinr.Portal.Sessions;

namespace Vinr.Portal.Components.Shared;

/// <summary>
/// A portal page: the session, branding and culture the layout cascades, and the one way actions
/// run and report. An action runs one at a time (a second click while the first runs does nothing),
/// on a session re-checked in the database; its success is said in a snackbar (it survives the
/// navigation that often follows), its problems stay in the page beside the controls
/// (<see cref="Problems"/>, shown by <c>ProblemAlert</c>), and the page reads its data again.
/// </summary>
public abstract class PortalPage : ComponentBase
{
    [CascadingParameter] public PortalAccess Access { get; set; } = default!;
    [CascadingParameter] public PortalBranding Branding { get; set; } = default!;
    [CascadingParameter] public CultureInfo Culture { get; set; } = CultureInfo.CurrentCulture;
    [CascadingParameter] public PortalFeatures Features { get; set; } = new();

    [Inject] private CurrentPortal Portal { get; set; } = default!;
    [Inject] private NavigationManager Navigation { get; set; } = default!;
    [Inject] private ISnackbar Snackbar { get; set; } = default!;
    [Inject] private PortalSessions Sessions { get; set; } = default!;

    /// <summary>An action is running: buttons show it and stay disabled.</summary>
    protected bool Busy { get; private set; }

    /// <summary>Why the last action did not happen (several when a form's fields are wrong); empty after a success.</summary>
    protected IReadOnlyList<Problem> Problems { get; private set; } = [];

    /// <summary>Reads the page's data again after an action.</summary>
    protected virtual Task ReloadAsync() => Task.CompletedTask;

    /// <summary>
    /// Runs <paramref name="action"/> and reports it: <paramref name="success"/>'s words in a snackbar
    /// (none when null: the page shows the result itself), or the problems in the page.
    /// Returns the value on success, for the page to go on (navigate, show a receipt).
    /// </summary>
    protected async Task<T?> RunAsync<T>(Func<PortalAccess, Task<Outcome<T>>> action, Func<T, string>? success)
        where T : class
    {
        if (Busy)
        {
            return null;
        }
        Busy = true;
        try
        {
            if (await RequireSessionAsync() is not { } access)
            {
                return null;
            }
            var outcome = await action(access);
            Problems = outcome.Problems;
            if (outcome.Value is { } value && success is not null)
            {
                Snackbar.Add(success(value), Severity.Success);
            }
            await ReloadAsync();
            return outcome.Value;
        }
        finally
        {
            Busy = false;
        }
    }

    /// <summary>Says why something did not happen outside an action (a challenge the customer failed in its frame).</summary>
    protected void ReportProblem(Problem problem) => Problems = [problem];

    /// <summary>
    /// The challenge the last action opened, if the card's bank asked the customer to authenticate: the page shows it
    /// (<c>PaymentChallenge</c>) instead of a problem, and retries the action carrying it once completed.
    /// </summary>
    protected string? TakeChallenge()
    {
        if (Problems is [{ Kind: ProblemKind.AuthenticationRequired, AuthenticationId: { } id }, ..])
        {
            ClearProblems();
            return id;
        }
        return null;
    }

    /// <summary>Forgets the last action's problems, e.g. when the customer goes back a step.</summary>
    protected void ClearProblems() => Problems = [];

    /// <summary>
    /// Says something went well outside an action (a card added in its frame). It supersedes the last
    /// action's problems: a "declined" left on screen beside "paid" would contradict it.
    /// </summary>
    protected void ReportSuccess(string message)
    {
        ClearProblems();
        Snackbar.Add(message, Severity.Success);
    }

    /// <summary>
    /// What follows a finished task. When the session was deep-linked to this task (<paramref name="subscriptionId"/>
    /// the same), its <c>after_completion</c> decides: the whole portal, the merchant's confirmation, or
    /// the merchant's site. Otherwise the page goes on to <paramref name="next"/> (null: it stays).
    /// </summary>
    protected async Task FinishAsync(PortalAccess access, string? subscriptionId, string? next, params FlowType[] tasks)
    {
        if (access.ActiveFlow is { } flow && tasks.Contains(flow.Type) && flow.SubscriptionId == subscriptionId
            && await Sessions.CompleteFlowAsync(access, CancellationToken.None) is { } after)
        {
            await Portal.GetAccessAsync(recheck: true); // this tab's session now has the task done
            switch (after.Type)
            {
                case AfterCompletionType.Redirect:
                    Navigation.NavigateTo(after.RedirectUrl!, forceLoad: true);
                    return;
                case AfterCompletionType.HostedConfirmation:
                    Navigation.NavigateTo(PortalFlow.ConfirmationPath);
                    return;
                default:
                    Navigation.NavigateTo("/");
                    return;
            }
        }
        if (next is not null)
        {
            Navigation.NavigateTo(next);
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
}
