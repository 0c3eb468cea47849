using Microsoft.AspNetCore.Components.Server.Circuits;
using Vinr.Portal.Api.Infrastructure;

namespace Vinr.Portal.Sessions;

/// <summary>
/// Whether the customer has clicked or typed in this circuit since the last revalidation, so an
/// active tab slides the idle timeout and an abandoned one does not.
/// </summary>
public sealed class CircuitActivity
{
    private int _active;

    public void Touch() => Interlocked.Exchange(ref _active, 1);

    /// <summary>True once per burst of activity.</summary>
    public bool TakeActivity() => Interlocked.Exchange(ref _active, 0) == 1;
}

/// <summary>Marks activity on every inbound event, and counts the circuits open in this process.</summary>
internal sealed class CircuitActivityHandler(CircuitActivity activity, PortalMetrics metrics) : CircuitHandler
{
    public override Task OnCircuitOpenedAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        metrics.CircuitOpened();
        return Task.CompletedTask;
    }

    public override Task OnCircuitClosedAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        metrics.CircuitClosed();
        return Task.CompletedTask;
    }

    public override Func<CircuitInboundActivityContext, Task> CreateInboundActivityHandler(Func<CircuitInboundActivityContext, Task> next) =>
        context =>
        {
            activity.Touch();
            return next(context);
        };
}
