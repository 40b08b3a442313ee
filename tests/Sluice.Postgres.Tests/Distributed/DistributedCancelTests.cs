using System.Globalization;
using Sluice.Definition;
using Sluice.Distributed;
using Sluice.Execution;
using Sluice.Postgres.Tests.Testing;
using Sluice.State;
using Sluice.Stores;
using Sluice.Tests.Distributed;

namespace Sluice.Postgres.Tests.Distributed;

/// <summary>Cancelling distributed runs on PostgreSQL: workers are told through NOTIFY, dead workers' items end cancelled, resume, result.</summary>
[RequiresPostgres]
[Collection(PostgresServerGroup.Name)]
public sealed class DistributedCancelTests(PostgresFixture server) : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(2);
    private readonly string _dir = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "sluice-cancel-" + Guid.NewGuid().ToString("N")[..8])).FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Cancel_MidRunOnTwoWorkers_WorkersStopAtTheNotificationAndResumeFinishesTheRest()
    {
        //   quick ──► long_a ──► after
        //     └─────► long_b ──────┘
        var token = "20." + Random.Shared.Next(100_000, 999_999).ToString(CultureInfo.InvariantCulture);
        var pipeline = Pipeline(token);
        await using var store = await OpenAsync();
        // Leases far longer than the test: only the NOTIFY can tell the workers in time.
        var options = Options(pipeline) with { LeaseDuration = TimeSpan.FromMinutes(10) };
        var runs = new DistributedRuns(store, options);
        var run = await runs.StartAsync(pipeline, Version(pipeline), new Dictionary<string, object?>());

        await using (WorkerGroup.Start(store, options, 2))
        {
            (await ShellProbe.EventuallyAsync(() => Directory.GetFiles(_dir, "started-*").Length == 2, Patience)).ShouldBeTrue("the long shells never started");
            (await ShellProbe.EventuallyAsync(() => ShellProbe.Running(token) == 2, Patience)).ShouldBeTrue("the probe does not see the sleeps");

            var cancel = await new DistributedRuns(store, options).CancelAsync(run.RunId);
            cancel.Outcome.ShouldBe(CancelOutcome.Stopping);
            cancel.Running.ShouldBe(2);

            var final = await runs.WaitAsync(run.RunId, Patience);
            final.State.ShouldBe(RunState.Cancelled);
            final.Error.ShouldBe("cancelled by request");
            (await ShellProbe.EventuallyAsync(() => ShellProbe.Running(token) == 0, Patience)).ShouldBeTrue("a shell kept running after the cancel");
        }
        Directory.GetFiles(_dir, "done-*").ShouldBeEmpty();
        var rows = await store.State.GetTaskInstancesAsync(run.RunId);
        rows.ToDictionary(r => r.TaskId, r => r.State).ShouldBe(new Dictionary<string, TaskState>
        {
            ["quick"] = TaskState.Succeeded, ["long_a"] = TaskState.Cancelled, ["long_b"] = TaskState.Cancelled, ["after"] = TaskState.Cancelled,
        }, ignoreOrder: true);
        var attempts = await store.State.GetAttemptsAsync(run.RunId);
        attempts.Select(a => (a.TaskId, a.Attempt, a.State)).ShouldBe(
            [("quick", 1, TaskState.Succeeded), ("long_a", 1, TaskState.Cancelled), ("long_b", 1, TaskState.Cancelled)], ignoreOrder: true);

        await File.WriteAllTextAsync(Path.Combine(_dir, "resume.flag"), "");
        var resumed = await new RunExecutor(store.State, options.Actions, new ExecutorOptions { ArtifactRoot = Path.Combine(_dir, "a2") }).ResumeAsync(pipeline, run.RunId);

        resumed.State.ShouldBe(RunState.Succeeded, resumed.Error);
        (await store.State.GetAttemptsAsync(run.RunId, "quick")).Count.ShouldBe(1);
        Directory.GetFiles(_dir, "resumed-*").Select(Path.GetFileName).ShouldBe(["resumed-long_a", "resumed-long_b"], ignoreOrder: true);
    }

    [Fact]
    public async Task Cancel_BeforeAnyClaimAndAgainAfterwards_EndsCancelledAtOnceThenReportsAlreadyEnded()
    {
        var pipeline = Pipeline("30");
        await using var store = await OpenAsync();
        var runs = new DistributedRuns(store, Options(pipeline));
        var run = await runs.StartAsync(pipeline, Version(pipeline), new Dictionary<string, object?>());

        var cancel = await runs.CancelAsync(run.RunId);
        var again = await runs.CancelAsync(run.RunId);

        cancel.Outcome.ShouldBe(CancelOutcome.Cancelled);
        cancel.Run.ShouldNotBeNull().State.ShouldBe(RunState.Cancelled);
        again.Outcome.ShouldBe(CancelOutcome.AlreadyEnded);
        (await store.State.GetTaskInstancesAsync(run.RunId)).ShouldAllBe(r => r.State == TaskState.Cancelled);
        (await store.Work.ClaimAsync(new ClaimRequest("late:1:x", 10, DateTimeOffset.UtcNow, TimeSpan.FromSeconds(30)))).ShouldBeEmpty();
    }

    [Fact]
    public async Task Cancel_WorkerDiesWhileItsItemStops_ItemEndsCancelledAndIsNeverRequeued()
    {
        var pipeline = new PipelineDefinition { Id = "ghost_cancel", Tasks = [new TaskDefinition { Id = "t", Action = "noop" }] };
        await using var store = await OpenAsync();
        var options = Options(pipeline) with { LeaseDuration = TimeSpan.FromMilliseconds(300), ReapInterval = TimeSpan.FromMilliseconds(100) };
        var runs = new DistributedRuns(store, options);
        var run = await runs.StartAsync(pipeline, Version(pipeline), new Dictionary<string, object?>());
        (await store.Work.ClaimAsync(new ClaimRequest("ghost:1:dead", 10, DateTimeOffset.UtcNow, TimeSpan.FromMilliseconds(300)))).Count.ShouldBe(1);

        (await runs.CancelAsync(run.RunId)).Outcome.ShouldBe(CancelOutcome.Stopping);
        RunRecord final;
        await using (WorkerGroup.Start(store, options, 1))
        {
            final = await runs.WaitAsync(run.RunId, Patience);
        }

        final.State.ShouldBe(RunState.Cancelled);
        (await store.State.GetAttemptsAsync(run.RunId)).Select(a => (a.Attempt, a.State, a.Worker)).ShouldBe([(1, TaskState.Cancelled, "ghost:1:dead")]);
    }

    private PipelineDefinition Pipeline(string sleep) => new()
    {
        Id = "dist_cancel",
        Tasks =
        [
            new TaskDefinition { Id = "quick", Action = "noop" },
            Shell("long_a", ShellProbe.Command(_dir, "long_a", sleep)),
            Shell("long_b", ShellProbe.Command(_dir, "long_b", sleep)),
            new TaskDefinition { Id = "after", Action = "noop", Dependencies = ["long_a", "long_b"] },
        ],
    };

    private static TaskDefinition Shell(string id, string command) =>
        new() { Id = id, Action = "shell", Parameters = new Dictionary<string, object?> { ["command"] = command }, Dependencies = ["quick"] };

    [Fact]
    public async Task Claim_OnlyOneRunsTask_LeavesEveryOtherReadyItem()
    {
        // Two runs with the same two ready roots: a claim limited to run 2's task 'b' (sluice task run) takes only that.
        var pipeline = new PipelineDefinition { Id = "only", Tasks = [new TaskDefinition { Id = "a", Action = "noop" }, new TaskDefinition { Id = "b", Action = "noop" }] };
        await using var store = await OpenAsync();
        var runs = new DistributedRuns(store, Options(pipeline));
        await runs.StartAsync(pipeline, Version(pipeline), new Dictionary<string, object?>(), runId: "r1");
        await runs.StartAsync(pipeline, Version(pipeline), new Dictionary<string, object?>(), runId: "r2");

        var claimed = await store.Work.ClaimAsync(new ClaimRequest("one:1:x", 10, DateTimeOffset.UtcNow, TimeSpan.FromMinutes(1), Only: new TaskSelector("r2", "b")));

        claimed.Select(static c => (c.RunId, c.TaskId)).ShouldBe([("r2", "b")]);
        (await store.Work.ClaimAsync(new ClaimRequest("any:1:x", 10, DateTimeOffset.UtcNow, TimeSpan.FromMinutes(1)))).Count.ShouldBe(3);
    }

    private async Task<SluiceStore> OpenAsync() => await PostgresStore.OpenAsync(await server.CreateDatabaseAsync());

    private WorkerOptions Options(PipelineDefinition pipeline) => new()
    {
        Definitions = new Dictionary<(string, string), PipelineDefinition> { [(pipeline.Id, "h-" + pipeline.Id)] = pipeline },
        PollInterval = TimeSpan.FromMilliseconds(200),
        ArtifactRoot = Path.Combine(_dir, "artifacts"),
    };

    private static PipelineVersionRecord Version(PipelineDefinition pipeline) => new(pipeline.Id, "h-" + pipeline.Id, null, null, "{}", null, Records.T0);
}
