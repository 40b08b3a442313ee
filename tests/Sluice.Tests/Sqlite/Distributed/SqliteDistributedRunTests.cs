using Sluice.Actions.BuiltIn;
using Sluice.Actions;
using Sluice.Definition;
using Sluice.Diagnostics;
using Sluice.Distributed;
using Sluice.Execution;
using Sluice.Sqlite;
using Sluice.Sqlite.State;
using Sluice.State;
using Sluice.Stores;
using Sluice.Tests.Testing;

namespace Sluice.Tests.Sqlite.Distributed;

/// <summary>Distributed runs on the SQLite store: the same outcomes as the embedded executor, retries, max_workers, lost leases.</summary>
public sealed class SqliteDistributedRunTests : IAsyncLifetime, IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(1);
    private static readonly PipelineVersionRecord Version = new("p", "h1", null, null, "{}", null, new DateTimeOffset(2026, 3, 1, 0, 0, 0, TimeSpan.Zero));
    private readonly TempDirectory _dir = new();
    private SluiceStore _store = null!;

    public async Task InitializeAsync() => _store = await SqliteStore.OpenAsync(_dir.File("dist.db"));

    public async Task DisposeAsync() => await _store.DisposeAsync();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Run_BranchesConditionsAndForEach_EndsInTheSameStatesAndOutputsAsTheEmbeddedExecutor()
    {
        //   cfg ──► fan (for_each cfg.items) ──► sum ──► report
        //    │                                            ▲
        //    └──► batch_only (condition: inputs.mode == 'batch', false) ──► after_skip
        //   flaky (fails) ──► blocked (upstream_failed)
        //   flaky ──► alert (trigger_rule one_failed)
        var pipeline = new PipelineDefinition
        {
            Id = "p",
            Inputs = [new InputDefinition("mode", InputType.String, "stream", false, false, null, null)],
            Context = new Dictionary<string, object?> { ["factor"] = 3L },
            Tasks =
            [
                new TaskDefinition { Id = "cfg", Action = "noop", Parameters = new Dictionary<string, object?> { ["items"] = "{{ range(25) }}" }, Outputs = ["items"] },
                new TaskDefinition { Id = "fan", Action = "noop", ForEach = "{{ cfg.items }}", MaxWorkers = 4L, Parameters = new Dictionary<string, object?> { ["v"] = "{{ item * context.factor }}" }, Outputs = ["v"], Dependencies = ["cfg"] },
                new TaskDefinition { Id = "sum", Action = "noop", Parameters = new Dictionary<string, object?> { ["total"] = "{{ sum(fan.v) }}", ["n"] = "{{ len(fan.v) }}" }, Dependencies = ["fan"] },
                new TaskDefinition { Id = "batch_only", Action = "noop", Condition = "inputs.mode == 'batch'", Dependencies = ["cfg"] },
                new TaskDefinition { Id = "after_skip", Action = "noop", Parameters = new Dictionary<string, object?> { ["was"] = "{{ batch_only }}" }, Dependencies = ["batch_only"] },
                new TaskDefinition { Id = "report", Action = "noop", Parameters = new Dictionary<string, object?> { ["text"] = "total {{ sum.total }}" }, Dependencies = ["sum", "after_skip"] },
                new TaskDefinition { Id = "flaky", Action = "fail" },
                new TaskDefinition { Id = "blocked", Action = "noop", Dependencies = ["flaky"] },
                new TaskDefinition { Id = "alert", Action = "noop", Dependencies = ["flaky"], TriggerRule = TriggerRule.OneFailed },
            ],
        };
        var actions = Actions();
        var embeddedStore = new SqliteStateStore(_dir.File("embedded.db"));
        await using (embeddedStore)
        {
            await embeddedStore.InitializeAsync();
            var embedded = await new RunExecutor(embeddedStore, actions, new ExecutorOptions { ArtifactRoot = _dir.File("a1") }).RunAsync(pipeline, Version, Inputs("stream"));
            var expected = await embeddedStore.GetTaskInstancesAsync(embedded.RunId);

            var options = Options(pipeline, actions);
            var run = await new DistributedRuns(_store, options).StartAsync(pipeline, Version, Inputs("stream"));
            var final = await RunWorkersAsync(options, 3, run.RunId);

            final.State.ShouldBe(embedded.State);
            final.Error.ShouldBe(embedded.Error);
            var actual = await _store.State.GetTaskInstancesAsync(run.RunId);
            actual.Select(r => (r.TaskId, r.MapIndex, r.State)).ShouldBe(expected.Select(r => (r.TaskId, r.MapIndex, r.State)));
            Outputs(actual).ShouldBe(Outputs(expected));
        }
    }

    [Fact]
    public async Task ForEach_MaxWorkersTwo_NeverRunsMoreThanTwoItemsAtOnceAcrossWorkers()
    {
        var running = 0;
        var peak = 0;
        var actions = BuiltInActions.CreateRegistry().Register(new TestAction("slow", async (_, ct) =>
        {
            var now = Interlocked.Increment(ref running);
            InterlockedMax(ref peak, now);
            await Task.Delay(20, ct);
            Interlocked.Decrement(ref running);
            return null;
        }));
        var pipeline = new PipelineDefinition
        {
            Id = "p",
            Tasks = [new TaskDefinition { Id = "fan", Action = "slow", ForEach = "{{ range(30) }}", MaxWorkers = 2L }],
        };
        var options = Options(pipeline, actions);
        var run = await new DistributedRuns(_store, options).StartAsync(pipeline, Version, Inputs("x"));

        var final = await RunWorkersAsync(options, 3, run.RunId);

        final.State.ShouldBe(RunState.Succeeded, final.Error);
        peak.ShouldBe(2);
    }

    [Fact]
    public async Task Task_TransientFailuresWithinRetries_SucceedsOnTheThirdAttemptWithAttemptsRecorded()
    {
        var calls = 0;
        var actions = BuiltInActions.CreateRegistry().Register(new TestAction("flaky", (_, _) =>
            Interlocked.Increment(ref calls) <= 2 ? throw new SluiceException("busy", isTransient: true) : Task.FromResult<IReadOnlyDictionary<string, object?>?>(null)));
        var pipeline = new PipelineDefinition
        {
            Id = "p",
            Tasks = [new TaskDefinition { Id = "t", Action = "flaky", Policy = new TaskPolicy(Retries: 2, RetryDelay: TimeSpan.FromMilliseconds(10)) }],
        };
        var options = Options(pipeline, actions);
        var run = await new DistributedRuns(_store, options).StartAsync(pipeline, Version, Inputs("x"));

        var final = await RunWorkersAsync(options, 2, run.RunId);

        final.State.ShouldBe(RunState.Succeeded, final.Error);
        var attempts = await _store.State.GetAttemptsAsync(run.RunId);
        attempts.Select(a => (a.Attempt, a.State)).ShouldBe([(1, TaskState.UpForRetry), (2, TaskState.UpForRetry), (3, TaskState.Succeeded)]);
        attempts[0].Error.ShouldBe("busy");
    }

    [Fact]
    public async Task Lease_WorkerDiesHoldingATask_TaskIsRetriedElsewhereAfterExpiryCountingTheLostAttempt()
    {
        var pipeline = new PipelineDefinition { Id = "p", Tasks = [new TaskDefinition { Id = "t", Action = "noop" }] };
        var options = Options(pipeline, BuiltInActions.CreateRegistry()) with { LeaseDuration = TimeSpan.FromMilliseconds(300), ReapInterval = TimeSpan.FromMilliseconds(100) };
        var run = await new DistributedRuns(_store, options).StartAsync(pipeline, Version, Inputs("x"));
        // A "worker" that claims the task and dies: it never renews nor completes.
        var claimed = await _store.Work.ClaimAsync(new ClaimRequest("ghost:1:dead", 10, DateTimeOffset.UtcNow, TimeSpan.FromMilliseconds(300)));
        claimed.Count.ShouldBe(1);

        var final = await RunWorkersAsync(options, 1, run.RunId);

        final.State.ShouldBe(RunState.Succeeded, final.Error);
        var attempts = await _store.State.GetAttemptsAsync(run.RunId);
        attempts.Select(a => (a.Attempt, a.State, a.Worker == "ghost:1:dead")).ShouldBe([(1, TaskState.UpForRetry, true), (2, TaskState.Succeeded, false)]);
        attempts[0].Error.ShouldNotBeNull().ShouldContain("lease lost: worker ghost:1:dead");
    }

    private async Task<RunRecord> RunWorkersAsync(WorkerOptions options, int count, string runId)
    {
        using var stop = new CancellationTokenSource();
        var loops = Enumerable.Range(0, count)
            .Select(i => new DistributedWorker(_store, options with { WorkerId = $"w{i}:{Guid.NewGuid():N}" }))
            .Select(w => Task.Run(() => w.RunAsync(stop.Token)))
            .ToList();
        try
        {
            return await new DistributedRuns(_store, options).WaitAsync(runId, Patience);
        }
        finally
        {
            await stop.CancelAsync();
            await Task.WhenAll(loops);
        }
    }

    private WorkerOptions Options(PipelineDefinition pipeline, ActionRegistry actions) => new()
    {
        Actions = actions,
        Definitions = new Dictionary<(string, string), PipelineDefinition> { [(pipeline.Id, Version.Hash)] = pipeline },
        PollInterval = TimeSpan.FromMilliseconds(50),
        ArtifactRoot = _dir.File("artifacts"),
    };

    private static ActionRegistry Actions() => BuiltInActions.CreateRegistry()
        .Register(new TestAction("fail", (_, _) => throw new SluiceException("bad input")));

    private static Dictionary<string, object?> Inputs(string mode) => new() { ["mode"] = mode };

    private static List<(string, int, string?)> Outputs(IEnumerable<TaskInstanceRecord> rows) =>
        // A mapped parent's row carries its aggregated lists in distributed mode only: compare leaves.
        [.. rows.Where(r => r.MapCount is null).Select(r => (r.TaskId, r.MapIndex, r.OutputsJson))];

    private static void InterlockedMax(ref int target, int value)
    {
        int current;
        while (value > (current = Volatile.Read(ref target)) && Interlocked.CompareExchange(ref target, value, current) != current)
        {
        }
    }
}
