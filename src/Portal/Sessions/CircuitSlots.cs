using Microsoft.Extensions.Options;
using Vinr.Portal.Api.Features.BillingPortal.Sessions;

namespace Vinr.Portal.Sessions;

/// <summary>
/// How many circuits (open tabs) each portal session holds in this process, capped by
/// <c>Portal:CircuitsPerSession</c>: one cookie cannot pin unbounded server memory. Per replica, like
/// the circuits themselves (with sticky sessions a session's tabs land on one replica).
/// </summary>
public sealed class CircuitSlots(IOptions<PortalSessionOptions> options)
{
    private readonly Dictionary<string, int> _open = [];
    private readonly Lock _lock = new();

    public bool TryTake(string sessionId)
    {
        lock (_lock)
        {
            var open = _open.GetValueOrDefault(sessionId);
            if (open >= options.Value.CircuitsPerSession)
            {
                return false;
            }
            _open[sessionId] = open + 1;
            return true;
        }
    }

    public void Release(string sessionId)
    {
        lock (_lock)
        {
            if (_open.TryGetValue(sessionId, out var open) && open > 1)
            {
                _open[sessionId] = open - 1;
            }
            else
            {
                _open.Remove(sessionId);
            }
        }
    }
}

/// <summary>
/// This circuit's slot (a scoped service, so the circuit's end disposes it and gives the slot back;
/// a tab that closes ends its circuit at once through Blazor's disconnect beacon).
/// </summary>
public sealed class CircuitSlot(CircuitSlots slots) : IDisposable
{
    private string? _held;

    public bool TryHold(string sessionId)
    {
        if (_held == sessionId)
        {
            return true;
        }
        if (_held is not null || !slots.TryTake(sessionId))
        {
            return false;
        }
        _held = sessionId;
        return true;
    }

    public void Dispose()
    {
        if (_held is not null)
        {
            slots.Release(_held);
            _held = null;
        }
    }
}
