using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Vinr.Portal.Api.Infrastructure.Http;

namespace Vinr.Portal.Api.Features.TestClocks;

/// <summary>Test clocks (test mode only), at Stripe's path: create, retrieve, list, delete, advance.</summary>
public static class TestClockEndpoints
{
    private const string ObjectName = "test clock";

    public static RouteGroupBuilder MapTestClocks(this RouteGroupBuilder v1)
    {
        var group = v1.MapGroup("/test_helpers/test_clocks").WithTags("Test clocks");
        group.MapPost("", Create)
            .WithName("CreateTestClock")
            .WithSummary("Create a test clock")
            .WithDescription("Test mode only (a live key gets an error). `frozen_time` (Unix seconds, required) is the clock's time; `name` is optional. " +
                "Customers created with `test_clock` are billed at the clock's time, and move only when it is advanced.")
            .Accepts<CreateTestClockParameters>("application/x-www-form-urlencoded", "application/json")
            .Parameters(TestClocks.CreateParameters);
        group.MapGet("", List)
            .WithName("ListTestClocks")
            .WithSummary("List test clocks")
            .WithDescription("Newest first. `limit` (1–100, default 10), `starting_after` or `ending_before` page through.")
            .Parameters(ApiParameter.Page("test clock"));
        group.MapGet("/{id}", Retrieve)
            .WithName("RetrieveTestClock")
            .WithSummary("Retrieve a test clock")
            .WithDescription("Its time (`frozen_time`) and `status`: `ready`, `advancing` while an advance runs, `internal_failure` if one failed.")
            .Parameters();
        group.MapDelete("/{id}", Delete)
            .WithName("DeleteTestClock")
            .WithSummary("Delete a test clock")
            .WithDescription("Deletes the clock. Its customers stay, frozen: nothing bills them any more.")
            .Parameters();
        group.MapPost("/{id}/advance", Advance)
            .WithName("AdvanceTestClock")
            .WithSummary("Advance a test clock")
            .WithDescription("Moves the clock forward to `frozen_time` (later than its time, at most two years at once) and runs, in order, everything due " +
                "for its customers on the way: renewals (each period once), their charges, dunning retries and final actions, with their events. " +
                "It runs in the request and answers the clock `ready`; a second advance while one runs is refused.")
            .Accepts<AdvanceTestClockParameters>("application/x-www-form-urlencoded", "application/json")
            .Parameters(TestClocks.AdvanceParameters);
        return group;
    }


    private static async Task<Ok<TestClockObject>> Create(ApiParams parameters, ApiCaller caller, TestClocks clocks, CancellationToken cancellationToken) =>
        TypedResults.Ok(await clocks.CreateAsync(caller, parameters, cancellationToken));

    private static async Task<Results<Ok<TestClockObject>, ApiError>> Retrieve(string id, ApiParams parameters, ApiCaller caller, TestClocks clocks,
        CancellationToken cancellationToken)
    {
        return await clocks.GetAsync(caller, id, cancellationToken) is { } clock ? TypedResults.Ok(clock) : ApiError.NoSuch("id", ObjectName, id);
    }

    private static async Task<Ok<ListObject<TestClockObject>>> List(ApiParams parameters, ApiCaller caller, TestClocks clocks, CancellationToken cancellationToken)
    {
        return TypedResults.Ok(await clocks.ListAsync(caller, PageRequest.Parse(parameters), cancellationToken));
    }

    private static async Task<Results<Ok<DeletedObject>, ApiError>> Delete(string id, ApiParams parameters, ApiCaller caller, TestClocks clocks,
        CancellationToken cancellationToken)
    {
        return await clocks.DeleteAsync(caller, id, cancellationToken) is { } deleted ? TypedResults.Ok(deleted) : ApiError.NoSuch("id", ObjectName, id);
    }

    private static async Task<Results<Ok<TestClockObject>, ApiError>> Advance(string id, ApiParams parameters, ApiCaller caller, TestClocks clocks,
        CancellationToken cancellationToken) =>
        await clocks.AdvanceAsync(caller, id, parameters, cancellationToken) is { } clock ? TypedResults.Ok(clock) : ApiError.NoSuch("id", ObjectName, id);
}

/// <summary>The body of a create, for the OpenAPI document.</summary>
internal sealed record CreateTestClockParameters(long FrozenTime, string? Name);

/// <summary>The body of an advance, for the OpenAPI document.</summary>
internal sealed record AdvanceTestClockParameters(long FrozenTime);
