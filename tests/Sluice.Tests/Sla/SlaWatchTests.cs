using System.Collections.Concurrent;
using Sluice.Definition;
using Sluice.Execution;
using Sluice.Sla;
using Sluice.Sqlite.State;
using Sluice.State;
using Sluice.Tests.Testing;

namespace Sluice.Tests.Sla;

/// <summary><see cref="SlaWatch"/> on a real SQLite store and a fake clock.</summary>
public sealed class SlaWatchTests : IAsyncDisposable
{
    private static readonly DateTimeOffset Fired = new(2026, 3, 28, 5, 0, 0, TimeSpan.Zero); // 06:00 Paris, the day before the clocks go forward
    private static readonly DateTimeOffset Deadline = new(2026, 3, 29, 4, 0, 0, TimeSpan.Zero); // 06:00 CEST the next day
    private readonly TempDirectory _dir = new();
    private readonly SqliteStateStore _store;
    private readonly FakeTimeProvider _clock = new(Fired.AddSeconds(30));
    private readonly ConcurrentQueue<SlaMissed> _missed = new();
    private readonly PipelineDefinition _definition = new() { Id = "nightly", SlaDoneBy = new SlaDoneBy(new TimeOnly(6, 0), "Europe/Paris") };

    public SlaWatchTests() => _store = new SqliteStateStore(_dir.File("state.db"));

    [Fact]
    public async Task DoneBy_ScheduledRunNotEndedByTheDeadline_IsRecordedAndReportedOnce_ManualRunIsNotWatched()
    {
        await _store.InitializeAsync();
        await _store.CreateRunAsync(Run("scheduled", "cron"));
        await _store.CreateRunAsync(Run("manual", "api"));
        var watch = new SlaWatch(_ => _definition, _store, _clock, _missed.Enqueue);

        watch.RunStarted("manual", "nightly", 1);
        watch.RunStarted("scheduled", "nightly", 1);
        await WaitAsync(() => watch.Watching == 1, "the scheduled run's deadline to be armed");
        _clock.Advance(Deadline - _clock.GetUtcNow() - TimeSpan.FromSeconds(1));
        _missed.ShouldBeEmpty();
        _clock.Advance(TimeSpan.FromSeconds(2));
        await watch.DrainAsync();
        await WaitAsync(() => !_missed.IsEmpty, "the miss");
        watch.RunFinished(Outcome("scheduled"));
        watch.RunFinished(Outcome("manual"));
        _clock.Advance(TimeSpan.FromDays(2));
        await watch.DrainAsync();

        var missed = _missed.ShouldHaveSingleItem();
        missed.Miss.RunId.ShouldBe("scheduled");
        missed.Miss.Kind.ShouldBe(SlaMissRecord.DoneByKind);
        missed.Miss.Deadline.ShouldBe(Deadline);
        missed.Describe().ShouldBe("the run (scheduled for 2026-03-28 05:00:00Z) has not ended by its done_by deadline 2026-03-29 04:00:00Z");
        var stored = (await _store.GetSlaMissesAsync("scheduled")).ShouldHaveSingleItem();
        stored.TaskId.ShouldBeNull();
        stored.Deadline.ShouldBe(Deadline);
        (await _store.GetSlaMissesAsync("manual")).ShouldBeEmpty();
        watch.Watching.ShouldBe(0);
    }

    [Fact]
    public async Task DoneBy_RunEndedBeforeTheDeadline_IsNoMiss_RunStartingAfterIt_MissesAtOnce()
    {
        await _store.InitializeAsync();
        await _store.CreateRunAsync(Run("on_time", "cron"));
        var watch = new SlaWatch(_ => _definition, _store, _clock, _missed.Enqueue);
        watch.RunStarted("on_time", "nightly", 1);
        await WaitAsync(() => watch.Watching == 1, "the deadline to be armed");
        watch.RunFinished(Outcome("on_time"));
        _clock.Advance(TimeSpan.FromDays(2));
        await watch.DrainAsync();
        _missed.ShouldBeEmpty();

        await _store.CreateRunAsync(Run("late_start", "interval"));
        watch.RunStarted("late_start", "nightly", 1);
        await WaitAsync(() => !_missed.IsEmpty, "the miss of a run that starts after its deadline");
        await watch.DrainAsync();
        _missed.ShouldHaveSingleItem().Miss.RunId.ShouldBe("late_start");
        (await _store.GetSlaMissesAsync("on_time")).ShouldBeEmpty();
    }

    private static RunRecord Run(string id, string trigger) => new()
    {
        RunId = id, PipelineId = "nightly", VersionHash = "h", State = RunState.Running, CreatedAt = Fired, InputsJson = "{}", Trigger = trigger, LogicalDate = Fired,
    };

    private RunOutcome Outcome(string runId) =>
        new(runId, "nightly", RunState.Succeeded, new Dictionary<string, TaskState>(), null, Fired, _clock.GetUtcNow());

    private static async Task WaitAsync(Func<bool> condition, string what)
    {
        for (var i = 0; i < 600 && !condition(); i++)
        {
            await Task.Delay(50);
        }
        condition().ShouldBeTrue($"waited 30 s for {what}");
    }

    public async ValueTask DisposeAsync()
    {
        await _store.DisposeAsync();
        _dir.Dispose();
    }
}
