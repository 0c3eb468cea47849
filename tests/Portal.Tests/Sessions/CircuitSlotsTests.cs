using Microsoft.Extensions.Options;
using Vinr.Portal.Api.Features.BillingPortal.Sessions;
using Vinr.Portal.Sessions;

namespace Vinr.Portal.Tests.Sessions;

public sealed class CircuitSlotsTests
{
    private readonly CircuitSlots _slots = new(Options.Create(new PortalSessionOptions { CircuitsPerSession = 2 }));

    [Fact]
    public void A_session_holds_at_most_its_cap_and_a_closed_circuit_gives_its_slot_back()
    {
        using var first = new CircuitSlot(_slots);
        var second = new CircuitSlot(_slots);
        using var third = new CircuitSlot(_slots);

        Assert.True(first.TryHold("bps_a"));
        Assert.True(second.TryHold("bps_a"));
        Assert.False(third.TryHold("bps_a"));
        Assert.True(third.TryHold("bps_b")); // another session counts on its own

        second.Dispose();
        using var fourth = new CircuitSlot(_slots);
        Assert.True(fourth.TryHold("bps_a"));
    }

    [Fact]
    public void A_circuit_asking_again_keeps_its_one_slot()
    {
        using var circuit = new CircuitSlot(_slots);
        using var other = new CircuitSlot(_slots);

        Assert.True(circuit.TryHold("bps_a"));
        Assert.True(circuit.TryHold("bps_a")); // every page of the same tab
        Assert.True(other.TryHold("bps_a"));
    }
}
