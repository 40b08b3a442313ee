using System.Globalization;
using Sluice.Actions.BuiltIn;
using Sluice.Definition;
using Sluice.Distributed;
using Sluice.Execution;
using Sluice.Sqlite;
using Sluice.State;
using Sluice.Stores;
using Sluice.Tests.Distributed;
using Sluice.Tests.Testing;

namespace Sluice.Tests.Sqlite.Distributed;

/// <summary>Cancelling distributed runs on the SQLite store, resuming them, and their <c>result</c>.</summary>
public sealed class SqliteDistributedCancelTests : IAsyncLifetime, IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(1);
    private static readonly PipelineVersionRecord Version = new("p", "h1", null, null, "{}", null, new DateTimeOffset(2026, 3, 1, 0, 0, 0, TimeSpan.Zero));
    private readonly TempDirectory _dir = new();
    private SluiceStore _store = null!;

    public async Task InitializeAsync() => _store = await SqliteStore.OpenAsync(_dir.File("dist.db"));

    public async Task DisposeAsync() => await _store.DisposeAsync();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Cancel_MidRunOnTwoWorkers_StopsRunningShellsRecordsCancelledAndResumeFinishesTheRest()
    {
        //   quick ──► long_a ──► after
        //     │                    ▲
        //     ├──► long_b ─────────┘
        //     └──► fan (for_each 4 items, max_workers 2)
        var token = "20." + Random.Shared.Next(100_000, 999_999).ToString(CultureInfo.InvariantCulture);
        var pipeline = Pipeline(token);
        var options = Options(pipeline);
        var runs = new DistributedRuns(_store, options);
        var run = await runs.StartAsync(pipeline, Version, new Dictionary<string, object?>());

        await using (new WorkerPool(_store, options, 2))
        {
            (await ShellProbe.EventuallyAsync(() => Started() == 4, Patience)).ShouldBeTrue("the four long shells never all started");
            (await ShellProbe.EventuallyAsync(() => ShellProbe.Running(token) == 4, Patience)).ShouldBeTrue("the probe does not see the four sleeps");

            var cancel = await runs.CancelAsync(run.RunId);
            cancel.Outcome.ShouldBe(CancelOutcome.Stopping);
            cancel.Running.ShouldBe(4);
            var again = await runs.CancelAsync(run.RunId);
            again.Outcome.ShouldBe(CancelOutcome.Stopping);

            var final = await runs.WaitAsync(run.RunId, Patience);
            final.State.ShouldBe(RunState.Cancelled);
            final.Error.ShouldBe("cancelled by request");
            // Every sleep was killed: none is left, and none got to write its "done" marker.
            (await ShellProbe.EventuallyAsync(() => ShellProbe.Running(token) == 0, Patience)).ShouldBeTrue("a shell kept running after the cancel");
        }
        Directory.GetFiles(_dir.Path, "done-*").ShouldBeEmpty();

        var rows = await _store.State.GetTaskInstancesAsync(run.RunId);
        rows.ShouldAllBe(r => r.State == TaskState.Succeeded || r.State == TaskState.Cancelled);
        rows.Where(r => r.MapIndex < 0).ToDictionary(r => r.TaskId, r => r.State).ShouldBe(new Dictionary<string, TaskState>
        {
            ["quick"] = TaskState.Succeeded, ["long_a"] = TaskState.Cancelled, ["long_b"] = TaskState.Cancelled,
            ["fan"] = TaskState.Cancelled, ["after"] = TaskState.Cancelled,
        }, ignoreOrder: true);
        var attempts = await _store.State.GetAttemptsAsync(run.RunId);
        attempts.Where(a => a.TaskId != "quick").Select(a => (a.TaskId, a.MapIndex, a.Attempt, a.State)).ShouldBe(
            [("long_a", -1, 1, TaskState.Cancelled), ("long_b", -1, 1, TaskState.Cancelled), ("fan", 0, 1, TaskState.Cancelled), ("fan", 1, 1, TaskState.Cancelled)],
            ignoreOrder: true);
        attempts.Where(a => a.State == TaskState.Cancelled).ShouldAllBe(a => a.Error == "cancelled: cancelled by request");
        (await runs.CancelAsync(run.RunId)).Outcome.ShouldBe(CancelOutcome.AlreadyEnded);

        await File.WriteAllTextAsync(Path.Combine(_dir.Path, "resume.flag"), "");
        var resumed = await new RunExecutor(_store.State, options.Actions, new ExecutorOptions { ArtifactRoot = _dir.File("a2") }).ResumeAsync(pipeline, run.RunId);

        resumed.State.ShouldBe(RunState.Succeeded, resumed.Error);
        (await _store.State.GetAttemptsAsync(run.RunId, "quick")).Count.ShouldBe(1);
        Directory.GetFiles(_dir.Path, "resumed-*").Select(Path.GetFileName).ShouldBe(
            ["resumed-fan0", "resumed-fan1", "resumed-fan2", "resumed-fan3", "resumed-long_a", "resumed-long_b"], ignoreOrder: true);

        int Started() => Directory.GetFiles(_dir.Path, "started-*").Length;
    }

    [Fact]
    public async Task Cancel_BeforeAnyWorkerClaimedWork_EndsCancelledAtOnceAndLeavesNothingToClaim()
    {
        var pipeline = Pipeline("30");
        var runs = new DistributedRuns(_store, Options(pipeline));
        var run = await runs.StartAsync(pipeline, Version, new Dictionary<string, object?>());

        var cancel = await runs.CancelAsync(run.RunId, "maintenance window");

        cancel.Outcome.ShouldBe(CancelOutcome.Cancelled);
        cancel.Run.ShouldNotBeNull().State.ShouldBe(RunState.Cancelled);
        cancel.Run.Error.ShouldBe("maintenance window");
        cancel.Run.EndedAt.ShouldNotBeNull();
        var rows = await _store.State.GetTaskInstancesAsync(run.RunId);
        rows.Select(r => r.TaskId).ShouldBe(["after", "fan", "long_a", "long_b", "quick"], ignoreOrder: true);
        rows.ShouldAllBe(r => r.State == TaskState.Cancelled && r.Error == "maintenance window");
        (await _store.Work.ClaimAsync(new ClaimRequest("late:1:x", 10, DateTimeOffset.UtcNow, TimeSpan.FromSeconds(30)))).ShouldBeEmpty();
        (await _store.State.GetAttemptsAsync(run.RunId)).ShouldBeEmpty();
    }

    [Fact]
    public async Task Cancel_FinishedUnknownAndEmbeddedRuns_ChangesNothingAndSaysWhy()
    {
        var pipeline = new PipelineDefinition { Id = "p", Tasks = [new TaskDefinition { Id = "t", Action = "noop" }] };
        var options = Options(pipeline);
        var runs = new DistributedRuns(_store, options);
        var run = await runs.StartAsync(pipeline, Version, new Dictionary<string, object?>());
        await using (new WorkerPool(_store, options, 1))
        {
            (await runs.WaitAsync(run.RunId, Patience)).State.ShouldBe(RunState.Succeeded);
        }
        var embedded = await new RunExecutor(_store.State, options.Actions, new ExecutorOptions { ArtifactRoot = _dir.File("a") })
            .StartAsync(pipeline, Version, new Dictionary<string, object?>());

        var finished = await runs.CancelAsync(run.RunId);
        var unknown = await runs.CancelAsync("no-such-run");
        var local = await runs.CancelAsync(embedded.RunId);

        finished.Outcome.ShouldBe(CancelOutcome.AlreadyEnded);
        finished.Run.ShouldNotBeNull().State.ShouldBe(RunState.Succeeded);
        finished.Run.Error.ShouldBeNull();
        unknown.Outcome.ShouldBe(CancelOutcome.NotFound);
        local.Outcome.ShouldBe(CancelOutcome.NotDistributed);
        local.Run.ShouldNotBeNull().State.ShouldBe(RunState.Queued);
    }

    [Fact]
    public async Task Cancel_WorkerDiesWhileItsItemStops_ItemIsRecordedCancelledAfterItsLeaseNotRequeued()
    {
        var pipeline = new PipelineDefinition { Id = "p", Tasks = [new TaskDefinition { Id = "t", Action = "noop" }, new TaskDefinition { Id = "next", Action = "noop", Dependencies = ["t"] }] };
        var options = Options(pipeline) with { LeaseDuration = TimeSpan.FromMilliseconds(300), ReapInterval = TimeSpan.FromMilliseconds(100) };
        var runs = new DistributedRuns(_store, options);
        var run = await runs.StartAsync(pipeline, Version, new Dictionary<string, object?>());
        // A "worker" that claims the task and dies: it never renews nor completes.
        (await _store.Work.ClaimAsync(new ClaimRequest("ghost:1:dead", 10, DateTimeOffset.UtcNow, TimeSpan.FromMilliseconds(300)))).Count.ShouldBe(1);

        var cancel = await runs.CancelAsync(run.RunId);
        cancel.Outcome.ShouldBe(CancelOutcome.Stopping);
        RunRecord final;
        await using (new WorkerPool(_store, options, 1))
        {
            final = await runs.WaitAsync(run.RunId, Patience);
        }

        final.State.ShouldBe(RunState.Cancelled);
        var attempts = await _store.State.GetAttemptsAsync(run.RunId);
        attempts.Select(a => (a.TaskId, a.Attempt, a.State, a.Worker)).ShouldBe([("t", 1, TaskState.Cancelled, "ghost:1:dead")]);
        attempts[0].Error.ShouldNotBeNull().ShouldContain("worker ghost:1:dead stopped renewing its lease");
        (await _store.State.GetTaskInstancesAsync(run.RunId)).Select(r => (r.TaskId, r.State)).ShouldBe([("next", TaskState.Cancelled), ("t", TaskState.Cancelled)], ignoreOrder: true);
    }

    private PipelineDefinition Pipeline(string sleep) => new()
    {
        Id = "p",
        Tasks =
        [
            new TaskDefinition { Id = "quick", Action = "noop" },
            Shell("long_a", ShellProbe.Command(_dir.Path, "long_a", sleep), "quick"),
            Shell("long_b", ShellProbe.Command(_dir.Path, "long_b", sleep), "quick"),
            Shell("fan", ShellProbe.Command(_dir.Path, "fan{{ item }}", sleep), "quick") with { ForEach = "{{ range(4) }}", MaxWorkers = 2L },
            new TaskDefinition { Id = "after", Action = "noop", Dependencies = ["long_a", "long_b"] },
        ],
    };

    private static TaskDefinition Shell(string id, string command, string dependency) =>
        new() { Id = id, Action = "shell", Parameters = new Dictionary<string, object?> { ["command"] = command }, Dependencies = [dependency] };

    private static PipelineDefinition ResultPipeline(string result) => new()
    {
        Id = "p",
        Tasks =
        [
            new TaskDefinition { Id = "seed", Action = "noop", Parameters = new Dictionary<string, object?> { ["items"] = "{{ range(4) }}" }, Outputs = ["items"] },
            new TaskDefinition { Id = "fan", Action = "noop", ForEach = "{{ seed.items }}", Parameters = new Dictionary<string, object?> { ["v"] = "{{ item * 2 }}" }, Outputs = ["v"], Dependencies = ["seed"] },
        ],
        Result = result,
    };

    private WorkerOptions Options(PipelineDefinition pipeline) => new()
    {
        Actions = BuiltInActions.CreateRegistry(),
        Definitions = new Dictionary<(string, string), PipelineDefinition> { [(pipeline.Id, Version.Hash)] = pipeline },
        PollInterval = TimeSpan.FromMilliseconds(50),
        ArtifactRoot = _dir.File("artifacts"),
    };
}
