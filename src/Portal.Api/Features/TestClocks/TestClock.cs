using Vinr.Portal.Api.Infrastructure.Data;
using Vinr.Portal.Api.Infrastructure.Http;

namespace Vinr.Portal.Api.Features.TestClocks;

/// <summary>
/// A test-mode clock (Stripe's <c>test_helpers.test_clock</c>): the customers attached to it are billed
/// at its <see cref="FrozenTime"/>, which moves only when the merchant advances it.
/// </summary>
public sealed class TestClock : IOwned, IListable
{
    public required string Id { get; init; }
    public required string MerchantId { get; init; }

    /// <summary>Always false: live data never follows a test clock.</summary>
    public bool Livemode { get; init; }
    public string? Name { get; init; }
    public DateTimeOffset FrozenTime { get; set; }
    public TestClockStatus Status { get; set; }

    /// <summary>When Stripe would delete it (30 days after create); shown for compatibility, nothing deletes it.</summary>
    public DateTimeOffset DeletesAfter { get; init; }
    public DateTimeOffset Created { get; init; }
}

public enum TestClockStatus
{
    Ready,
    Advancing,
    InternalFailure,
}

/// <summary>A test clock as the API shows it.</summary>
public sealed record TestClockObject(string Id, string Object, long Created, long DeletesAfter, long FrozenTime, bool Livemode, string? Name, TestClockStatus Status)
{
    public static TestClockObject From(TestClock c) => new(c.Id, "test_helpers.test_clock", c.Created.ToUnixTimeSeconds(), c.DeletesAfter.ToUnixTimeSeconds(),
        c.FrozenTime.ToUnixTimeSeconds(), c.Livemode, c.Name, c.Status);
}
