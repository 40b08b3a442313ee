using System.Collections.Concurrent;
using System.Globalization;
using Sluice.Diagnostics;
using Sluice.Scheduling;
using Sluice.Scheduling.Cron;
using Sluice.Scheduling.Storage;
using Sluice.Scheduling.Triggers;

namespace Sluice.Tests.Scheduling.Storage;

/// <summary>The behaviour every schedule store must have. Subclassed once per implementation (SQLite, PostgreSQL).</summary>
public abstract class ScheduleStoreContractTests : IAsyncLifetime
{
    protected IScheduleStore Store { get; private set; } = null!;

    /// <summary>A new, uninitialized store object on this test's data: every call sees the same data.</summary>
    protected abstract Task<IScheduleStore> OpenStoreAsync();

    public async Task InitializeAsync()
    {
        Store = await OpenStoreAsync();
        await Store.InitializeAsync();
    }

    public virtual async Task DisposeAsync() => await Store.DisposeAsync();

    protected static DateTimeOffset At(string iso) => DateTimeOffset.Parse(iso, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);

    private static ScheduledFire Fire(string iso, bool catchUp = false, string pipeline = "p", int trigger = 0) => new(pipeline, trigger, At(iso), catchUp);

    [Fact]
    public async Task DatasetFire_RecordedOncePerPipelineAndUpdatingRun_PendingUntilCompleted_AndSeenByASecondStore()
    {
        var fire = new DatasetFire("consumer", "producer@1", "producer", ["/data/a.csv", "/data/b.csv"], "consumer@dataset-producer@1");
        var other = new DatasetFire("consumer", "producer@2", "producer", ["/data/a.csv"], "consumer@dataset-producer@2");

        (await Store.RecordDatasetFireAsync(fire, At("2026-01-01T00:00:00Z"))).ShouldBeTrue();
        (await Store.RecordDatasetFireAsync(fire with { Datasets = ["/data/c.csv"] }, At("2026-01-01T00:01:00Z"))).ShouldBeFalse();
        (await Store.RecordDatasetFireAsync(other, At("2026-01-01T00:02:00Z"))).ShouldBeTrue();
        await Store.CompleteDatasetFireAsync(other, At("2026-01-01T00:03:00Z"));

        await using var again = await OpenStoreAsync();
        await again.InitializeAsync();
        var pending = (await again.GetPendingDatasetFiresAsync()).ShouldHaveSingleItem();
        (pending with { Datasets = [] }).ShouldBe(fire with { Datasets = [] });
        pending.Datasets.ShouldBe(["/data/a.csv", "/data/b.csv"]);
        var all = await again.ListDatasetFiresAsync("consumer");
        all.Select(static f => (f.SourceRunId, f.CompletedAt)).ShouldBe([("producer@1", (DateTimeOffset?)null), ("producer@2", At("2026-01-01T00:03:00Z"))]);
        (await again.ListDatasetFiresAsync("producer")).ShouldBeEmpty();
    }

    [Fact]
    public async Task Initialize_TwiceAndFromASecondStore_KeepsData()
    {
        await Store.RegisterTriggerAsync("p", 0, At("2026-01-01T00:00:00Z"));
        await Store.InitializeAsync();
        await using var again = await OpenStoreAsync();
        await again.InitializeAsync();
        (await again.GetCursorAsync("p", 0)).ShouldBe(new ScheduleCursor("p", 0, At("2026-01-01T00:00:00Z"), null));
    }

    [Fact]
    public async Task UseBeforeInitialize_Throws()
    {
        await using var fresh = await OpenStoreAsync();
        await Should.ThrowAsync<InvalidOperationException>(() => fresh.GetCursorAsync("p", 0));
    }

    [Fact]
    public async Task RegisterTrigger_Existing_KeepsFirstRegistration()
    {
        var first = await Store.RegisterTriggerAsync("p", 0, At("2026-01-01T00:00:00Z"));
        var second = await Store.RegisterTriggerAsync("p", 0, At("2026-02-01T00:00:00Z"));
        second.ShouldBe(first);
        second.Position.ShouldBe(At("2026-01-01T00:00:00Z"));
        (await Store.GetCursorAsync("p", 1)).ShouldBeNull();
        (await Store.GetCursorAsync("other", 0)).ShouldBeNull();
    }

    [Fact]
    public async Task RecordFire_SameDateTwice_SecondReturnsFalseAndChangesNothing()
    {
        var fire = Fire("2026-01-01T01:00:00Z");
        (await Store.RecordFireAsync(fire, At("2026-01-01T01:00:00Z"))).ShouldBeTrue();
        (await Store.RecordFireAsync(fire with { IsCatchUp = true }, At("2026-01-01T01:00:05Z"))).ShouldBeFalse();
        var record = (await Store.ListFiresAsync("p")).ShouldHaveSingleItem();
        record.ShouldBe(new FireRecord(fire, At("2026-01-01T01:00:00Z"), null, 1, null));
    }

    [Fact]
    public async Task RecordFire_SameDatesFromTwoStoresAtOnce_EachDateWonExactlyOnce()
    {
        await using var other = await OpenStoreAsync();
        await other.InitializeAsync();
        var dates = Enumerable.Range(0, 20).Select(i => At("2026-01-01T00:00:00Z").AddMinutes(i)).ToArray();
        var wins = new ConcurrentBag<DateTimeOffset>();
        async Task RaceAsync(IScheduleStore store)
        {
            foreach (var d in dates)
            {
                if (await store.RecordFireAsync(new ScheduledFire("p", 0, d, false), d))
                {
                    wins.Add(d);
                }
            }
        }

        await Task.WhenAll(Task.Run(() => RaceAsync(Store)), Task.Run(() => RaceAsync(other)));

        wins.Order().ShouldBe(dates);
        (await Store.ListFiresAsync("p")).Count.ShouldBe(20);
        (await Store.GetCursorAsync("p", 0))!.LastLogicalDate.ShouldBe(dates[^1]);
    }

    [Fact]
    public async Task RecordFire_OlderDate_NeverMovesCursorBackwards()
    {
        await Store.RegisterTriggerAsync("p", 0, At("2026-01-01T00:00:00Z"));
        await Store.RecordFireAsync(Fire("2026-01-01T02:00:00Z"), At("2026-01-01T02:00:00Z"));
        await Store.RecordFireAsync(Fire("2026-01-01T01:00:00Z", catchUp: true), At("2026-01-01T02:00:00Z"));
        (await Store.GetCursorAsync("p", 0)).ShouldBe(new ScheduleCursor("p", 0, At("2026-01-01T00:00:00Z"), At("2026-01-01T02:00:00Z")));
    }

    [Fact]
    public async Task RecordFire_UnregisteredTrigger_CreatesItsCursor()
    {
        await Store.RecordFireAsync(Fire("2026-01-01T02:00:00Z", trigger: 3), At("2026-01-01T02:00:01Z"));
        (await Store.GetCursorAsync("p", 3)).ShouldBe(new ScheduleCursor("p", 3, At("2026-01-01T02:00:01Z"), At("2026-01-01T02:00:00Z")));
    }

    [Fact]
    public async Task RecordFire_SubSecondLogicalDate_RoundTripsToTheMicrosecond()
    {
        var fire = new ScheduledFire("p", 0, At("2026-01-01T01:00:00.123456Z"), false);
        await Store.RecordFireAsync(fire, fire.LogicalDate);
        var record = (await Store.ListFiresAsync("p")).ShouldHaveSingleItem();
        record.Fire.ShouldBe(fire);
        record.Fire.RunId.ShouldBe("p@20260101T010000.123456Z");
    }

    [Fact]
    public async Task PendingFires_ExcludeCompleted_AndCarryNextAttempt()
    {
        var a = Fire("2026-01-01T01:00:00Z");
        var b = Fire("2026-01-01T02:00:00Z", catchUp: true);
        var c = Fire("2026-01-01T00:30:00Z", pipeline: "a");
        await Store.RecordFireAsync(b, At("2026-01-01T03:00:00Z"));
        await Store.RecordFireAsync(a, At("2026-01-01T03:00:00Z"));
        await Store.RecordFireAsync(c, At("2026-01-01T03:00:00Z"));
        await Store.CompleteFireAsync(a, At("2026-01-01T03:00:01Z"));
        await Store.RecordRedeliveryAsync(b with { Attempt = 2 });
        await Store.RecordRedeliveryAsync(b with { Attempt = 1 });

        (await Store.GetPendingFiresAsync()).ShouldBe([c with { Attempt = 2 }, b with { Attempt = 3 }]);
    }

    [Fact]
    public async Task CompleteFire_Twice_KeepsFirstCompletion()
    {
        var fire = Fire("2026-01-01T01:00:00Z");
        await Store.RecordFireAsync(fire, At("2026-01-01T01:00:00Z"));
        await Store.CompleteFireAsync(fire, At("2026-01-01T01:00:02Z"));
        await Store.CompleteFireAsync(fire, At("2026-01-01T01:00:09Z"));
        (await Store.ListFiresAsync("p")).ShouldHaveSingleItem().CompletedAt.ShouldBe(At("2026-01-01T01:00:02Z"));
    }

    [Fact]
    public async Task RecordFailure_KeepsTheReason_AndTheFireStaysPending()
    {
        var fire = Fire("2026-01-01T01:00:00Z");
        await Store.RecordFireAsync(fire, At("2026-01-01T01:00:00Z"));
        await Store.RecordFailureAsync(fire, "host unreachable");
        (await Store.ListFiresAsync("p")).ShouldHaveSingleItem().LastError.ShouldBe("host unreachable");
        (await Store.GetPendingFiresAsync()).ShouldBe([fire with { Attempt = 2 }]);
    }

    [Fact]
    public async Task ListFires_NewestFirst_FilteredByTrigger_AndLimited()
    {
        await Store.RecordFireAsync(Fire("2026-01-01T01:00:00Z"), At("2026-01-01T01:00:00Z"));
        await Store.RecordFireAsync(Fire("2026-01-01T02:00:00Z"), At("2026-01-01T02:00:00Z"));
        await Store.RecordFireAsync(Fire("2026-01-01T02:00:00Z", trigger: 1), At("2026-01-01T02:00:00Z"));
        await Store.RecordFireAsync(Fire("2026-01-01T03:00:00Z", pipeline: "q"), At("2026-01-01T03:00:00Z"));

        (await Store.ListFiresAsync("p")).Select(static r => (r.Fire.LogicalDate, r.Fire.TriggerIndex))
            .ShouldBe([(At("2026-01-01T02:00:00Z"), 0), (At("2026-01-01T02:00:00Z"), 1), (At("2026-01-01T01:00:00Z"), 0)]);
        (await Store.ListFiresAsync("p", triggerIndex: 1)).ShouldHaveSingleItem().Fire.TriggerIndex.ShouldBe(1);
        (await Store.ListFiresAsync("p", limit: 1)).ShouldHaveSingleItem().Fire.LogicalDate.ShouldBe(At("2026-01-01T02:00:00Z"));
        (await Store.ListFiresAsync("none")).ShouldBeEmpty();
    }

    [Fact]
    public async Task PurgeCompletedFires_RemovesOnlyOldCompletedOnes()
    {
        var old = Fire("2026-01-01T01:00:00Z");
        var pending = Fire("2026-01-01T02:00:00Z");
        var recent = Fire("2026-02-01T01:00:00Z");
        foreach (var f in new[] { old, pending, recent })
        {
            await Store.RecordFireAsync(f, f.LogicalDate);
        }
        await Store.CompleteFireAsync(old, old.LogicalDate);
        await Store.CompleteFireAsync(recent, recent.LogicalDate);

        (await Store.PurgeCompletedFiresAsync(At("2026-01-15T00:00:00Z"))).ShouldBe(1);
        (await Store.ListFiresAsync("p")).Select(static r => r.Fire.LogicalDate).ShouldBe([recent.LogicalDate, pending.LogicalDate]);
        (await Store.GetCursorAsync("p", 0))!.LastLogicalDate.ShouldBe(recent.LogicalDate);
    }

    [Fact]
    public async Task Backfill_CreatedAgain_ResumesWithDoneDatesKept()
    {
        DateTimeOffset[] dates = [At("2026-01-01T00:00:00Z"), At("2026-01-02T00:00:00Z"), At("2026-01-03T00:00:00Z")];
        var created = await Store.CreateOrResumeBackfillAsync("b1", "p", 0, dates[0], dates[^1], dates, At("2026-02-01T00:00:00Z"));
        created.ShouldBe(created with { Id = "b1", PipelineId = "p", TriggerIndex = 0, From = dates[0], To = dates[^1], CreatedAt = At("2026-02-01T00:00:00Z") });
        created.Dates.ShouldBe(dates);
        created.Remaining.ShouldBe(dates);

        (await Store.MarkBackfillDateDoneAsync("b1", dates[1], At("2026-02-01T00:01:00Z"))).ShouldBeTrue();
        (await Store.MarkBackfillDateDoneAsync("b1", At("2026-01-05T00:00:00Z"), At("2026-02-01T00:01:00Z"))).ShouldBeFalse();
        var resumed = await Store.CreateOrResumeBackfillAsync("b1", "p", 0, dates[0], dates[^1], dates, At("2026-02-02T00:00:00Z"));

        resumed.CreatedAt.ShouldBe(At("2026-02-01T00:00:00Z"));
        resumed.Remaining.ShouldBe([dates[0], dates[2]]);
        resumed.IsComplete.ShouldBeFalse();
        (await Store.GetBackfillAsync("b1"))!.Done.ShouldBe([dates[1]]);
        (await Store.GetBackfillAsync("missing")).ShouldBeNull();
    }

    [Fact]
    public async Task Backfill_SameIdForAnotherRange_ThrowsNamingTheExistingOne()
    {
        var d = At("2026-01-01T00:00:00Z");
        await Store.CreateOrResumeBackfillAsync("b1", "p", 0, d, d.AddDays(1), [d, d.AddDays(1)], d);
        var ex = await Should.ThrowAsync<SluiceException>(() => Store.CreateOrResumeBackfillAsync("b1", "p", 0, d, d.AddDays(2), [d], d));
        ex.Message.ShouldContain("Backfill 'b1' already exists for pipeline 'p'");
    }

    [Fact]
    public async Task ListBackfills_OfOnePipeline_NewestFirst()
    {
        var d = At("2026-01-01T00:00:00Z");
        await Store.CreateOrResumeBackfillAsync("old", "p", 0, d, d, [d], At("2026-02-01T00:00:00Z"));
        await Store.CreateOrResumeBackfillAsync("new", "p", 0, d, d, [d], At("2026-02-03T00:00:00Z"));
        await Store.CreateOrResumeBackfillAsync("q", "q", 0, d, d, [d], At("2026-02-02T00:00:00Z"));
        await Store.MarkBackfillDateDoneAsync("new", d, d);

        var list = await Store.ListBackfillsAsync("p");
        list.Select(static b => b.Id).ShouldBe(["new", "old"]);
        list[0].IsComplete.ShouldBeTrue();
    }

    [Fact]
    public async Task TwoSchedulersOnOneStore_EachDateIsDeliveredByExactlyOne()
    {
        // No leadership at all: the store's unique key alone keeps two schedulers from both firing a date.
        var clock = new FakeTimeProvider(At("2026-01-01T00:00:00Z"));
        await using var other = await OpenStoreAsync();
        var delivered = new ConcurrentQueue<string>();
        var trigger = new ScheduledTrigger("p", 0, new CronSchedule(CronExpression.Parse("* * * * *")), CatchUp: true, MaxCatchUpRuns: 0);
        Task Record(ScheduledFire fire, CancellationToken _)
        {
            delivered.Enqueue(fire.RunId);
            return Task.CompletedTask;
        }
        await using var a = new Scheduler([trigger], Store, Record, new SchedulerOptions { Time = clock });
        await using var b = new Scheduler([trigger], other, Record, new SchedulerOptions { Time = clock });
        await a.StartAsync();
        await b.StartAsync();

        for (var minute = 0; minute < 10; minute++)
        {
            clock.Advance(TimeSpan.FromMinutes(1));
            await a.WaitForIdleAsync();
            await b.WaitForIdleAsync();
        }

        var expected = Enumerable.Range(1, 10).Select(i => ScheduledFire.RunIdFor("p", At("2026-01-01T00:00:00Z").AddMinutes(i))).ToArray();
        delivered.Order(StringComparer.Ordinal).ShouldBe(expected);
        (a.Metrics.Dispatched + b.Metrics.Dispatched).ShouldBe(10);
        (await Store.ListFiresAsync("p")).ShouldAllBe(static r => r.CompletedAt != null);
    }
}
