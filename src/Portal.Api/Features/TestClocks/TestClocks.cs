using Microsoft.EntityFrameworkCore;
using Vinr.Portal.Api.Features.Events;
using Vinr.Portal.Api.Features.Subscriptions;
using Vinr.Portal.Api.Infrastructure;
using Vinr.Portal.Api.Infrastructure.Data;
using Vinr.Portal.Api.Infrastructure.Http;

namespace Vinr.Portal.Api.Features.TestClocks;

/// <summary>
/// Test clocks (test mode only): create, retrieve, list, delete, and advance. Advancing runs, in the
/// request, everything due for the clock's customers up to the new time, in time order: each step
/// moves the clock to the next period end or planned retry and runs the billing clock's work there
/// (<see cref="SubscriptionRenewals"/>, then <see cref="DunningRetries"/>), so a quarter on a monthly
/// plan is three renewals, each at its own time. The clock is <c>advancing</c> meanwhile; a
/// conditional update from <c>ready</c> (or <c>internal_failure</c>) lets only one advance run at a time, on any replica.
/// </summary>
public sealed class TestClocks(IDbContextFactory<BillingDbContext> dbFactory, SubscriptionRenewals renewals, DunningRetries retries, TimeProvider time)
{
    public const string ListUrl = "/v1/test_helpers/test_clocks";
    public const string ObjectName = "test_helpers.test_clock";

    /// <summary>The furthest one advance may move a clock: bounds the work one request does.</summary>
    public static readonly TimeSpan MaxAdvance = TimeSpan.FromDays(2 * 366);

    // Stripe's clocks live 30 days; VINR keeps them, but shows the field its clients expect.
    private static readonly TimeSpan Lifetime = TimeSpan.FromDays(30);

    // Unix seconds from 2000-01-01 to 2100-01-01: far enough for any test, near enough that adding periods never overflows.
    private const long EarliestTime = 946_684_800;
    private const long LatestTime = 4_102_444_800;

    public static readonly Problem LiveMode = new(ProblemKind.NotAllowed,
        "Test clocks exist only in test mode: use your test key (sk_test_...). Live customers always follow real time.");

    /// <summary>
    /// Whether a customer created by <paramref name="caller"/> may be attached to <paramref name="clockId"/>
    /// (Stripe's <c>test_clock</c> on customer create): a clock of the same merchant, in test mode. Null when it may.
    /// </summary>
    public static async Task<Problem?> CheckAttachAsync(BillingDbContext db, IMerchantScope caller, string clockId, CancellationToken cancellationToken)
    {
        if (caller.Livemode)
        {
            return new Problem(ProblemKind.Invalid, "A live customer cannot be on a test clock: test clocks exist only in test mode.", "test_clock");
        }
        return await db.TestClocks.OwnedBy(caller).AnyAsync(c => c.Id == clockId, cancellationToken)
            ? null
            : new Problem(ProblemKind.NotFound, $"No such test clock: '{clockId}'.", "test_clock");
    }

    public static readonly string[] CreateParameters = ["frozen_time", "name"];
    public static readonly string[] AdvanceParameters = ["frozen_time"];

    public async Task<TestClockObject> CreateAsync(ApiCaller caller, ApiParams parameters, CancellationToken cancellationToken)
    {
        RefuseLive(caller);
        var frozenTime = FrozenTime(parameters) ?? throw new ApiException(ApiError.Missing("frozen_time"));
        var name = parameters.String("name", 300);
        var now = time.GetUtcNow();
        var clock = new TestClock
        {
            Id = Ids.New("clock"),
            MerchantId = caller.MerchantId,
            Livemode = false,
            Name = name,
            FrozenTime = frozenTime,
            Status = TestClockStatus.Ready,
            DeletesAfter = now + Lifetime,
            Created = now,
        };
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        db.TestClocks.Add(clock);
        var created = TestClockObject.From(clock);
        EventLog.Add(db, Actor.Api(caller), EventTypes.TestClockCreated, created, now);
        await db.SaveChangesAsync(cancellationToken);
        return created;
    }

    public async Task<TestClockObject?> GetAsync(ApiCaller caller, string id, CancellationToken cancellationToken)
    {
        RefuseLive(caller);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var clock = await db.TestClocks.OwnedBy(caller).AsNoTracking().FirstOrDefaultAsync(c => c.Id == id, cancellationToken);
        return clock is null ? null : TestClockObject.From(clock);
    }

    public async Task<ListObject<TestClockObject>> ListAsync(ApiCaller caller, PageRequest page, CancellationToken cancellationToken)
    {
        RefuseLive(caller);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var (items, hasMore) = await page.ApplyAsync(db.TestClocks.OwnedBy(caller).AsNoTracking(), cancellationToken);
        return new ListObject<TestClockObject>("list", [.. items.Select(TestClockObject.From)], hasMore, ListUrl);
    }

    /// <summary>Deletes the clock. Its customers stay, frozen: nothing bills them any more (their clock is gone, and real time is not theirs).</summary>
    public async Task<DeletedObject?> DeleteAsync(ApiCaller caller, string id, CancellationToken cancellationToken)
    {
        RefuseLive(caller);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var clock = await db.TestClocks.OwnedBy(caller).FirstOrDefaultAsync(c => c.Id == id, cancellationToken);
        if (clock is null)
        {
            return null;
        }
        db.TestClocks.Remove(clock);
        var deleted = new DeletedObject(clock.Id, ObjectName, Deleted: true);
        EventLog.Add(db, Actor.Api(caller), EventTypes.TestClockDeleted, deleted, time.GetUtcNow());
        await db.SaveChangesAsync(cancellationToken);
        return deleted;
    }

    /// <summary>
    /// Moves the clock to <c>frozen_time</c> (later than its time, at most <see cref="MaxAdvance"/> ahead),
    /// running everything due on the way. Null when there is no such clock.
    /// </summary>
    public async Task<TestClockObject?> AdvanceAsync(ApiCaller caller, string id, ApiParams parameters, CancellationToken cancellationToken)
    {
        RefuseLive(caller);
        var target = FrozenTime(parameters) ?? throw new ApiException(ApiError.Missing("frozen_time"));
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var clock = await db.TestClocks.OwnedBy(caller).FirstOrDefaultAsync(c => c.Id == id, cancellationToken);
        if (clock is null)
        {
            return null;
        }
        if (AdvanceRefusal(clock.FrozenTime, clock.Status, target) is { } refused)
        {
            throw new ApiException(ApiError.From(refused));
        }
        var from = clock.FrozenTime;
        // Only one advance at a time, on any replica: the one that turns ready (or failed) into advancing runs.
        if (await db.TestClocks.OwnedBy(caller).Where(c => c.Id == id && c.Status != TestClockStatus.Advancing && c.FrozenTime == from)
                .ExecuteUpdateAsync(c => c.SetProperty(x => x.Status, TestClockStatus.Advancing), cancellationToken) == 0)
        {
            throw new ApiException(ApiError.From(Busy));
        }
        clock.Status = TestClockStatus.Advancing;
        EventLog.Add(db, Actor.Api(caller), EventTypes.TestClockAdvancing, TestClockObject.From(clock), time.GetUtcNow());
        await db.SaveChangesAsync(cancellationToken);
        try
        {
            await RunUntilAsync(clock, target, cancellationToken);
            clock.FrozenTime = target;
            clock.Status = TestClockStatus.Ready;
            EventLog.Add(db, Actor.Api(caller), EventTypes.TestClockReady, TestClockObject.From(clock), time.GetUtcNow());
            await db.SaveChangesAsync(CancellationToken.None);
            return TestClockObject.From(clock);
        }
        catch
        {
            // A failed run leaves what it did (each step committed) and says so; the merchant may advance again.
            await db.TestClocks.OwnedBy(caller).Where(c => c.Id == id)
                .ExecuteUpdateAsync(c => c.SetProperty(x => x.Status, TestClockStatus.InternalFailure), CancellationToken.None);
            throw;
        }
    }

    public static readonly Problem Busy = new(ProblemKind.NotAllowed, "This test clock is advancing already. Wait until its status is ready.");

    /// <summary>Why the clock cannot go to <paramref name="target"/>: back in time (or not forward), too far at once, or busy. Null when it may.</summary>
    public static Problem? AdvanceRefusal(DateTimeOffset frozenTime, TestClockStatus status, DateTimeOffset target)
    {
        if (status == TestClockStatus.Advancing)
        {
            return Busy;
        }
        if (target <= frozenTime)
        {
            return new Problem(ProblemKind.Invalid,
                $"A test clock only moves forward: frozen_time must be later than its current time ({frozenTime.ToUnixTimeSeconds()}).", "frozen_time");
        }
        return target - frozenTime > MaxAdvance
            ? new Problem(ProblemKind.Invalid, $"A test clock moves at most {MaxAdvance.Days} days per advance: advance it in steps.", "frozen_time")
            : null;
    }

    /// <summary>Each step: the next due time (period end or planned retry) by <paramref name="target"/>, the clock set to it, its work done.</summary>
    private async Task RunUntilAsync(TestClock clock, DateTimeOffset target, CancellationToken cancellationToken)
    {
        while (true)
        {
            DateTimeOffset? next;
            await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
            {
                var period = await SubscriptionRenewals.NextDueAsync(db, clock, target, cancellationToken);
                var retry = await DunningRetries.NextDueAsync(db, clock, target, cancellationToken);
                next = period is null ? retry : retry is null ? period : period < retry ? period : retry;
                if (next is null)
                {
                    return;
                }
                // The clock's time moves with the work, so a read during the advance sees a time consistent with the data.
                var at = next.Value;
                await db.TestClocks.OwnedBy(clock).Where(c => c.Id == clock.Id && c.FrozenTime < at)
                    .ExecuteUpdateAsync(c => c.SetProperty(x => x.FrozenTime, at), cancellationToken);
            }
            await renewals.RenewDueAsync(clock, next.Value, cancellationToken);
            await retries.RetryDueAsync(clock, next.Value, cancellationToken);
        }
    }

    private static DateTimeOffset? FrozenTime(ApiParams parameters) =>
        parameters.Integer("frozen_time", EarliestTime, LatestTime) is { } seconds ? DateTimeOffset.FromUnixTimeSeconds(seconds) : null;

    private static void RefuseLive(ApiCaller caller)
    {
        if (caller.Livemode)
        {
            throw new ApiException(ApiError.From(LiveMode));
        }
    }
}
