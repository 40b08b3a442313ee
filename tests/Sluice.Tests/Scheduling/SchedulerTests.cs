using Sluice.Scheduling;
using Sluice.Scheduling.Storage;
using Sluice.Sqlite.Scheduling;
using static Sluice.Tests.Scheduling.Cron.CronNextOccurrenceTests;
using static Sluice.Tests.Scheduling.SchedulerHarness;

namespace Sluice.Tests.Scheduling;

public sealed class SchedulerTests
{
    private static readonly TimeSpan Hour = TimeSpan.FromHours(1);

    [Fact]
    public async Task Start_NewTrigger_FiresFromNowOnAtTheScheduledInstant()
    {
        await using var h = new SchedulerHarness(At("2026-01-01T00:30:00Z"));
        var scheduler = await h.StartAsync(CronPipeline("p", "0 * * * *"));
        h.Calls.ShouldBeEmpty();
        scheduler.Metrics.NextDueAt.ShouldBe(At("2026-01-01T01:00:00Z"));

        await h.AdvanceAsync(TimeSpan.FromMinutes(30));
        h.Calls.ShouldBe([new ScheduledFire("p", 0, At("2026-01-01T01:00:00Z"), IsCatchUp: false)]);
        h.Calls[0].RunId.ShouldBe("p@20260101T010000Z");
        scheduler.Metrics.LastLag.ShouldBe(TimeSpan.Zero);
        scheduler.Metrics.NextDueAt.ShouldBe(At("2026-01-01T02:00:00Z"));

        await h.AdvanceAsync(Hour);
        h.Calls.Select(static c => c.LogicalDate).ShouldBe([At("2026-01-01T01:00:00Z"), At("2026-01-01T02:00:00Z")]);
    }

    [Fact]
    public async Task Fire_IsRecordedDurablyBeforeTheCallbackRuns()
    {
        await using var h = new SchedulerHarness(At("2026-01-01T00:00:00Z"));
        FireRecord? seenInCallback = null;
        h.Behaviour = async (fire, ct) => seenInCallback = (await h.Store.ListFiresAsync("p", cancellationToken: ct)).Single();
        await h.StartAsync(CronPipeline("p", "0 * * * *"));
        await h.AdvanceAsync(Hour);

        seenInCallback.ShouldNotBeNull();
        seenInCallback.Fire.LogicalDate.ShouldBe(At("2026-01-01T01:00:00Z"));
        seenInCallback.CompletedAt.ShouldBeNull();
        (await h.Store.GetCursorAsync("p", 0))!.LastLogicalDate.ShouldBe(At("2026-01-01T01:00:00Z"));
        (await h.Store.ListFiresAsync("p")).Single().CompletedAt.ShouldBe(At("2026-01-01T01:00:00Z"));
    }

    [Fact]
    public async Task CatchUpFalse_AfterThreeDayDowntime_FiresOnlyTheMostRecentMissedDate()
    {
        await using var h = new SchedulerHarness(At("2026-01-01T00:00:00Z"));
        var pipeline = CronPipeline("p", "0 2 * * *", catchup: false);
        await h.StartAsync(pipeline);
        await h.AdvanceAsync(TimeSpan.FromHours(2));
        await h.StopAsync();

        h.Clock.Advance(TimeSpan.FromDays(3) + TimeSpan.FromHours(10)); // down until 2026-01-04 12:00
        var scheduler = await h.StartAsync(pipeline);

        h.Calls.ShouldBe([
            new ScheduledFire("p", 0, At("2026-01-01T02:00:00Z"), false),
            new ScheduledFire("p", 0, At("2026-01-04T02:00:00Z"), false),
        ]);
        scheduler.Metrics.Skipped.ShouldBe(2);
        scheduler.Metrics.LastLag.ShouldBe(TimeSpan.FromHours(10));

        await h.AdvanceAsync(TimeSpan.FromHours(14));
        h.Calls[^1].LogicalDate.ShouldBe(At("2026-01-05T02:00:00Z"));
        h.Calls.Count.ShouldBe(3);
    }

    [Fact]
    public async Task CatchUpTrue_AfterThreeDayDowntime_FiresEveryMissedDateOldestFirst()
    {
        await using var h = new SchedulerHarness(At("2026-01-01T00:00:00Z"));
        var pipeline = CronPipeline("p", "0 2 * * *", catchup: true, maxCatchupRuns: 0);
        await h.StartAsync(pipeline);
        await h.AdvanceAsync(TimeSpan.FromHours(2));
        await h.StopAsync();

        h.Clock.Advance(TimeSpan.FromDays(3) + TimeSpan.FromHours(10));
        var scheduler = await h.StartAsync(pipeline);

        h.Calls.ShouldBe([
            new ScheduledFire("p", 0, At("2026-01-01T02:00:00Z"), false),
            new ScheduledFire("p", 0, At("2026-01-02T02:00:00Z"), true),
            new ScheduledFire("p", 0, At("2026-01-03T02:00:00Z"), true),
            new ScheduledFire("p", 0, At("2026-01-04T02:00:00Z"), false),
        ]);
        var metrics = scheduler.Metrics;
        (metrics.Dispatched, metrics.CatchUpDispatched, metrics.Skipped).ShouldBe((3L, 2L, 0L));
        metrics.MaxLag.ShouldBe(TimeSpan.FromHours(58));
        metrics.LastLag.ShouldBe(TimeSpan.FromHours(10));
    }

    [Fact]
    public async Task CatchUp_WithMaxTwo_NeverHasMoreThanTwoCallbacksOutstanding()
    {
        await using var h = new SchedulerHarness(At("2026-01-01T00:00:00Z")) { Hold = true };
        var pipeline = CronPipeline("p", "0 * * * *", catchup: true, maxCatchupRuns: 2);
        await h.StartAsync(pipeline);
        await h.StopAsync();
        h.Clock.Advance(TimeSpan.FromDays(3)); // 72 hourly dates missed
        await h.StartAsync(pipeline);

        var maxOutstanding = 0;
        for (var guard = 0; guard < 200 && (h.Calls.Count < 72 || h.HeldCount > 0); guard++)
        {
            var outstanding = h.Calls.Count - h.Succeeded.Count;
            outstanding.ShouldBeLessThanOrEqualTo(2);
            maxOutstanding = Math.Max(maxOutstanding, outstanding);
            await h.ReleaseOldestAsync();
        }

        maxOutstanding.ShouldBe(2);
        h.Calls.Select(static c => c.LogicalDate).ShouldBe(Enumerable.Range(1, 72).Select(static i => At("2026-01-01T00:00:00Z").AddHours(i)));
        h.Calls.Take(71).ShouldAllBe(static c => c.IsCatchUp);
        h.Calls[^1].IsCatchUp.ShouldBeFalse();
        h.Succeeded.Count.ShouldBe(72);
    }

    [Fact]
    public async Task CatchUp_BoundReached_WaitsForACompletionBeforeTheNextDate()
    {
        await using var h = new SchedulerHarness(At("2026-01-01T00:00:00Z")) { Hold = true };
        var pipeline = CronPipeline("p", "0 * * * *", catchup: true, maxCatchupRuns: 1);
        await h.StartAsync(pipeline);
        await h.StopAsync();
        h.Clock.Advance(TimeSpan.FromHours(3));
        var scheduler = await h.StartAsync(pipeline);

        h.Calls.Select(static c => c.LogicalDate).ShouldBe([At("2026-01-01T01:00:00Z")]);
        scheduler.Metrics.Outstanding.ShouldBe(1);
        await h.ReleaseOldestAsync();
        h.Calls.Select(static c => c.LogicalDate).ShouldBe([At("2026-01-01T01:00:00Z"), At("2026-01-01T02:00:00Z")]);
        await h.ReleaseOldestAsync();
        h.Calls.Select(static c => (c.LogicalDate, c.IsCatchUp)).ShouldBe([
            (At("2026-01-01T01:00:00Z"), true), (At("2026-01-01T02:00:00Z"), true), (At("2026-01-01T03:00:00Z"), false)]);
    }

    [Fact]
    public async Task Restart_MidWay_DeliversEveryDateExactlyOnce()
    {
        await using var h = new SchedulerHarness(At("2026-01-01T00:00:00Z"));
        var pipeline = CronPipeline("p", "0 * * * *", catchup: true);
        // The 04:00 callback is still running when the process stops; it must be delivered again, once.
        h.Behaviour = (fire, ct) => fire.LogicalDate == At("2026-01-01T04:00:00Z") && fire.Attempt == 1
            ? Task.Delay(Timeout.InfiniteTimeSpan, ct)
            : Task.CompletedTask;
        await h.StartAsync(pipeline);
        for (var i = 0; i < 4; i++)
        {
            await h.AdvanceAsync(Hour);
        }
        await h.StopAsync();

        h.Clock.Advance(TimeSpan.FromMinutes(150)); // down until 06:30
        await h.StartAsync(pipeline);
        await h.AdvanceAsync(TimeSpan.FromMinutes(30));
        await h.AdvanceAsync(Hour);

        var expected = Enumerable.Range(1, 8).Select(static i => At("2026-01-01T00:00:00Z").AddHours(i)).ToList();
        h.Succeeded.Select(static f => f.LogicalDate).OrderBy(static d => d).ShouldBe(expected);
        h.Calls.Count(static c => c.LogicalDate == At("2026-01-01T04:00:00Z")).ShouldBe(2);
        h.Calls.Where(static c => c.LogicalDate == At("2026-01-01T04:00:00Z")).Select(static c => c.RunId).Distinct().ShouldHaveSingleItem();
        h.Calls.Single(static c => c.LogicalDate == At("2026-01-01T04:00:00Z") && c.Attempt == 2).ShouldNotBeNull();
        (await h.Store.GetPendingFiresAsync()).ShouldBeEmpty();
        var records = await h.Store.ListFiresAsync("p");
        records.Select(static r => r.Fire.LogicalDate).OrderBy(static d => d).ShouldBe(expected);
        records.ShouldAllBe(static r => r.CompletedAt != null);
    }

    [Fact]
    public async Task Start_FireRecordedBeforeACrash_IsDeliveredOnceAndNotRecordedAgain()
    {
        await using var h = new SchedulerHarness(At("2026-01-01T01:00:10Z"));
        await using (var store = new SqliteScheduleStore(h.DatabasePath))
        {
            // What a crash right after recording leaves behind.
            await store.InitializeAsync();
            await store.RegisterTriggerAsync("p", 0, At("2026-01-01T00:00:00Z"));
            (await store.RecordFireAsync(new ScheduledFire("p", 0, At("2026-01-01T01:00:00Z"), false), At("2026-01-01T01:00:00Z"))).ShouldBeTrue();
        }

        await h.StartAsync(CronPipeline("p", "0 * * * *"));
        h.Calls.ShouldBe([new ScheduledFire("p", 0, At("2026-01-01T01:00:00Z"), false) { Attempt = 2 }]);
        (await h.Store.ListFiresAsync("p")).Single().Attempts.ShouldBe(2);

        await h.AdvanceAsync(TimeSpan.FromSeconds(3590));
        h.Calls.Select(static c => (c.LogicalDate, c.Attempt)).ShouldBe([(At("2026-01-01T01:00:00Z"), 2), (At("2026-01-01T02:00:00Z"), 1)]);
    }

    [Fact]
    public async Task CallbackFailure_IsDeliveredAgainAfterTheRetryDelay()
    {
        await using var h = new SchedulerHarness(At("2026-01-01T00:00:00Z"));
        h.Behaviour = static (fire, _) => fire.Attempt == 1 ? throw new InvalidOperationException("store busy") : Task.CompletedTask;
        var scheduler = await h.StartAsync(CronPipeline("p", "0 * * * *"));

        await h.AdvanceAsync(Hour);
        h.Succeeded.ShouldBeEmpty();
        scheduler.Metrics.Failed.ShouldBe(1);
        (await h.Store.ListFiresAsync("p")).Single().LastError.ShouldBe("store busy");

        await h.AdvanceAsync(TimeSpan.FromMinutes(5));
        h.Succeeded.ShouldBe([new ScheduledFire("p", 0, At("2026-01-01T01:00:00Z"), false) { Attempt = 2 }]);
        scheduler.Metrics.Redelivered.ShouldBe(1);
        (await h.Store.GetPendingFiresAsync()).ShouldBeEmpty();
    }

    [Fact]
    public async Task SpringForward_NewYork_SkippedTimeFiresAtEndOfGap()
    {
        await using var h = new SchedulerHarness(At("2026-03-08T01:00:00-05:00"));
        var scheduler = await h.StartAsync(CronPipeline("p", "30 2 * * *", timezone: "America/New_York"));
        scheduler.Metrics.NextDueAt.ShouldBe(At("2026-03-08T03:00:00-04:00"));
        await h.AdvanceAsync(Hour);
        h.Calls.Single().LogicalDate.ShouldBe(At("2026-03-08T07:00:00Z"));
    }

    [Fact]
    public async Task TwoTriggers_KeepSeparateCursors()
    {
        await using var h = new SchedulerHarness(At("2026-01-01T00:00:00Z"));
        var pipeline = CronPipeline("p", "0 * * * *") with
        {
            Triggers =
            [
                new("cron", new Dictionary<string, object?> { ["cron"] = "0 * * * *" }),
                new("webhook", new Dictionary<string, object?>()),
                new("interval", new Dictionary<string, object?> { ["every"] = "20m", ["start_at"] = "2026-01-01T00:10:00Z" }),
            ],
        };
        var scheduler = await h.StartAsync(pipeline);
        scheduler.Triggers.Select(static t => t.TriggerIndex).ShouldBe([0, 2]);

        await h.AdvanceAsync(TimeSpan.FromMinutes(10));
        await h.AdvanceAsync(TimeSpan.FromMinutes(20));
        await h.AdvanceAsync(TimeSpan.FromMinutes(20));
        await h.AdvanceAsync(TimeSpan.FromMinutes(10));
        h.Calls.Select(static c => (c.TriggerIndex, c.LogicalDate.ToString("HH:mm", null))).ShouldBe([(2, "00:10"), (2, "00:30"), (2, "00:50"), (0, "01:00")]);
        (await h.Store.GetCursorAsync("p", 0))!.LastLogicalDate.ShouldBe(At("2026-01-01T01:00:00Z"));
        (await h.Store.GetCursorAsync("p", 2))!.LastLogicalDate.ShouldBe(At("2026-01-01T00:50:00Z"));
    }

    [Fact]
    public async Task Stop_ThenWaitForIdle_ReturnsAtOnce()
    {
        await using var h = new SchedulerHarness(At("2026-01-01T00:00:00Z"));
        var scheduler = await h.StartAsync(CronPipeline("p", "* * * * *"));
        await scheduler.StopAsync();
        await scheduler.WaitForIdleAsync();
        h.Clock.Advance(Hour);
        h.Calls.ShouldBeEmpty();
        h.Clock.PendingTimers.ShouldBe(0);
    }
}
