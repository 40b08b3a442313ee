using System.Collections.Concurrent;
using Sluice.Actions;
using Sluice.Actions.BuiltIn;
using Sluice.Definition;
using Sluice.Distributed;
using Sluice.Execution;
using Sluice.Expressions;
using Sluice.Sqlite;
using Sluice.State;
using Sluice.Tests.Distributed;
using Sluice.Tests.Testing;

namespace Sluice.Tests.Execution;

/// <summary>
/// Both engines behind <see cref="IRunEngine"/>: the embedded executor and the distributed engine (with in-process
/// workers), each on its own SQLite store. The same calls give the same outcome, the same progress events and the
/// same handling of a cancelled token.
/// </summary>
public sealed class RunEngineTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(1);
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static PipelineVersionRecord Version(PipelineDefinition p) => new(p.Id, "h-" + p.Id, null, null, "{}", null, DateTimeOffset.UnixEpoch);

    /// <summary>Runs <paramref name="body"/> against a fresh store with the embedded or the distributed engine.</summary>
    private async Task<T> WithEngineAsync<T>(bool distributed, PipelineDefinition pipeline, ActionRegistry actions, IRunObserver observer, Func<IRunEngine, IStateStore, Task<T>> body)
    {
        await using var opened = await SqliteStore.OpenAsync(_dir.File(distributed ? "distributed.db" : "embedded.db"));
        var store = opened.State;
        if (!distributed)
        {
            return await body(new RunExecutor(store, actions, new ExecutorOptions { ArtifactRoot = _dir.File("a-embedded"), Observer = observer }), store);
        }
        var options = new WorkerOptions
        {
            Actions = actions,
            ArtifactRoot = _dir.File("a-distributed"),
            LeaseDuration = TimeSpan.FromSeconds(5),
            // A C# definition has no stored text workers could load.
            Definitions = new Dictionary<(string, string), PipelineDefinition> { [(pipeline.Id, Version(pipeline).Hash)] = pipeline },
        };
        await using var workers = new WorkerPool(opened, options, 2);
        return await body(new DistributedRuns(opened, options, observer), store);
    }

    [Fact]
    public async Task RunAsync_SamePipeline_BothEnginesReportTheSameOutcomeResultAndProgress()
    {
        //   seed ──► fan (for_each range(seed.n)) ──► total
        //   never (condition false)
        var pipeline = new PipelineDefinition
        {
            Id = "engines",
            Tasks =
            [
                new TaskDefinition { Id = "seed", Action = "noop", Parameters = new Dictionary<string, object?> { ["n"] = 3L }, Outputs = ["n"] },
                new TaskDefinition { Id = "fan", Action = "noop", ForEach = "{{ range(seed.n) }}", Parameters = new Dictionary<string, object?> { ["v"] = "{{ item * 10 }}" }, Outputs = ["v"], Dependencies = ["seed"] },
                new TaskDefinition { Id = "total", Action = "noop", Parameters = new Dictionary<string, object?> { ["sum"] = "{{ sum(fan.v) }}" }, Outputs = ["sum"], Dependencies = ["fan"] },
                new TaskDefinition { Id = "never", Action = "noop", Condition = "false" },
            ],
            Result = new Dictionary<string, object?> { ["total"] = "{{ total.sum }}", ["items"] = "{{ len(fan.v) }}" },
        };
        var outcomes = new List<(RunOutcome Outcome, RecordingObserver Events)>();
        foreach (var distributed in new[] { false, true })
        {
            var events = new RecordingObserver();
            var outcome = await WithEngineAsync(distributed, pipeline, BuiltInActions.CreateRegistry(), events, (engine, _) =>
                engine.RunAsync(pipeline, Version(pipeline), new Dictionary<string, object?>()).WaitAsync(Patience));
            outcomes.Add((outcome, events));
        }

        foreach (var (outcome, events) in outcomes)
        {
            outcome.State.ShouldBe(RunState.Succeeded, outcome.Error);
            outcome.HasResult.ShouldBeTrue();
            ExprValues.ToJsonText(outcome.Result).ShouldBe("""{"total":30,"items":3}""");
            events.Started.ShouldBe([(outcome.RunId, "engines", 4)]);
            events.Expanded.ShouldContain(("fan", 3));
            Sorted(events.LastState).ShouldBe(Sorted(outcome.Tasks));
            events.Finished.Single().ShouldBeSameAs(outcome);
        }
        var (embedded, distributedOutcome) = (outcomes[0].Outcome, outcomes[1].Outcome);
        Sorted(distributedOutcome.Tasks).ShouldBe(Sorted(embedded.Tasks));
        distributedOutcome.Tasks["never"].ShouldBe(TaskState.Skipped);
        ExprValues.ToJsonText(distributedOutcome.Outputs["total"]).ShouldBe(ExprValues.ToJsonText(embedded.Outputs["total"]));
    }

    [Fact]
    public async Task ExecuteAsync_TokenCancelledWhileATaskRuns_BothEnginesEndTheRunCancelled()
    {
        //   block (waits until its attempt is cancelled) ──► after
        var pipeline = new PipelineDefinition
        {
            Id = "cancel_me",
            Tasks =
            [
                new TaskDefinition { Id = "block", Action = "block" },
                new TaskDefinition { Id = "after", Action = "noop", Dependencies = ["block"] },
            ],
        };
        foreach (var distributed in new[] { false, true })
        {
            var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var actions = BuiltInActions.CreateRegistry().Register(new TestAction("block", async (_, ct) =>
            {
                started.TrySetResult();
                await Task.Delay(Timeout.Infinite, ct);
                return null;
            }));
            var (outcome, stored) = await WithEngineAsync(distributed, pipeline, actions, new RecordingObserver(), async (engine, store) =>
            {
                var run = await engine.StartAsync(pipeline, Version(pipeline), new Dictionary<string, object?>());
                using var cts = new CancellationTokenSource();
                var execution = engine.ExecuteAsync(pipeline, run, cts.Token);
                await started.Task.WaitAsync(Patience);
                await cts.CancelAsync();
                var outcome = await execution.WaitAsync(Patience);
                return (outcome, await store.GetRunAsync(run.RunId));
            });

            outcome.State.ShouldBe(RunState.Cancelled, $"distributed: {distributed}");
            outcome.Tasks["block"].ShouldBe(TaskState.Cancelled, $"distributed: {distributed}");
            outcome.Tasks["after"].ShouldNotBe(TaskState.Succeeded);
            stored!.State.ShouldBe(RunState.Cancelled, $"distributed: {distributed}");
        }
    }

    [Fact]
    public async Task StartAsync_SameDeterministicRunIdTwice_BothEnginesCreateOneRun()
    {
        var pipeline = new PipelineDefinition { Id = "once", Tasks = [new TaskDefinition { Id = "t", Action = "noop" }] };
        foreach (var distributed in new[] { false, true })
        {
            var (first, second, count) = await WithEngineAsync(distributed, pipeline, BuiltInActions.CreateRegistry(), new RecordingObserver(), async (engine, store) =>
            {
                var a = await engine.StartAsync(pipeline, Version(pipeline), new Dictionary<string, object?>(), "cron", DateTimeOffset.UnixEpoch, "once@1970");
                var b = await engine.StartAsync(pipeline, Version(pipeline), new Dictionary<string, object?> { ["ignored"] = 1L }, "cron", DateTimeOffset.UnixEpoch, "once@1970");
                return (a, b, (await store.ListRunsAsync(new RunQuery(PipelineId: "once"))).Count);
            });

            count.ShouldBe(1);
            second.RunId.ShouldBe(first.RunId);
            second.InputsJson.ShouldBe(first.InputsJson);
            first.Trigger.ShouldBe("cron");
            first.LogicalDate.ShouldBe(DateTimeOffset.UnixEpoch);
        }
    }

    private static List<KeyValuePair<string, TaskState>> Sorted(IReadOnlyDictionary<string, TaskState> tasks) =>
        [.. tasks.OrderBy(static t => t.Key, StringComparer.Ordinal)];

    private sealed class RecordingObserver : IRunObserver
    {
        private readonly ConcurrentDictionary<string, TaskState> _last = new(StringComparer.Ordinal);

        public List<(string RunId, string PipelineId, int Tasks)> Started { get; } = [];

        public ConcurrentQueue<(string Task, int Count)> Expanded { get; } = new();

        public List<RunOutcome> Finished { get; } = [];

        public IReadOnlyDictionary<string, TaskState> LastState => new Dictionary<string, TaskState>(_last, StringComparer.Ordinal);

        public void RunStarted(string runId, string pipelineId, int taskCount) => Started.Add((runId, pipelineId, taskCount));

        public void TaskChanged(string runId, string taskId, int mapIndex, TaskState state, int attempt, string? message)
        {
            if (mapIndex < 0)
            {
                _last[taskId] = state;
            }
        }

        public void TaskExpanded(string runId, string taskId, int count) => Expanded.Enqueue((taskId, count));

        public void RunFinished(RunOutcome outcome) => Finished.Add(outcome);
    }
}
