using System.Collections.Concurrent;
using Sluice.Actions.BuiltIn;
using Sluice.Definition;
using Sluice.Execution;
using Sluice.Definition.Yaml;
using Sluice.State;
using Sluice.Tests.Testing;
using static Sluice.Tests.Execution.ExecutorHarness;

namespace Sluice.Tests.Execution;

/// <summary>
/// What only the embedded executor has: backoff timers on a fake clock, task priorities, pools and slots shared by
/// concurrent runs, and a scale test. Run semantics common to every engine are in
/// <see cref="Semantics.ExecutorSemanticsContractTests"/>.
/// </summary>
public sealed class RunExecutorTests
{
    [Fact]
    public async Task TransientFailure_RetriesWithBackoff_OnTheFakeClock()
    {
        await using var h = new ExecutorHarness();
        var calls = 0;
        h.Actions.Register(new TestAction("flaky", (_, _) =>
            Interlocked.Increment(ref calls) < 3 ? throw new IOException("disk hiccup") : Task.FromResult<IReadOnlyDictionary<string, object?>?>(null)));
        var task = T("f", "flaky") with { Policy = new TaskPolicy(Retries: 3, RetryDelay: TimeSpan.FromSeconds(10), Backoff: BackoffKind.Exponential, MaxRetryDelay: TimeSpan.FromMinutes(1)) };
        var run = h.RunAsync(Pipeline(task));

        // Two timers on the fake clock once a retry is pending: the run's lease renewal and the retry delay.
        // Advancing before the retry timer exists would leave it waiting forever, so wait for it first.
        await TestAction.WaitUntilAsync(() => Volatile.Read(ref calls) == 1 && h.Clock.PendingTimers >= 2);
        await Task.Delay(50);
        run.IsCompleted.ShouldBeFalse("the retry waits for the clock");
        h.Clock.Advance(TimeSpan.FromSeconds(10));  // first retry: up to 10s
        await TestAction.WaitUntilAsync(() => Volatile.Read(ref calls) == 2 && h.Clock.PendingTimers >= 2);
        h.Clock.Advance(TimeSpan.FromSeconds(20));  // second retry: up to 20s
        var outcome = await run.WaitAsync(TimeSpan.FromSeconds(15));

        outcome.State.ShouldBe(RunState.Succeeded);
        var attempts = await h.Store.GetAttemptsAsync(outcome.RunId, "f");
        attempts.Select(a => (a.Attempt, a.State)).ShouldBe([(1, TaskState.UpForRetry), (2, TaskState.UpForRetry), (3, TaskState.Succeeded)]);
        attempts[0].Error.ShouldBe("IOException: disk hiccup");
    }

    [Fact]
    public async Task MaxParallel_One_RunsReadyTasksByPriorityThenDeclarationOrder()
    {
        await using var h = new ExecutorHarness();
        var order = new ConcurrentQueue<string>();
        h.Actions.Register(new TestAction("rec", (ctx, _) =>
        {
            order.Enqueue(ctx.TaskId);
            return Task.FromResult<IReadOnlyDictionary<string, object?>?>(null);
        }));
        var p = Pipeline(T("low", "rec"), T("high", "rec") with { Priority = 10 }, T("mid", "rec") with { Priority = 5 }, T("low2", "rec"));
        await h.RunAsync(p, new Sluice.Execution.ExecutorOptions { MaxParallelTasks = 1 });
        order.ShouldBe(["high", "mid", "low", "low2"]);
    }

    [Fact]
    public async Task Pool_LimitsConcurrency()
    {
        await using var h = new ExecutorHarness();
        var current = 0;
        var peak = 0;
        h.Actions.Register(new TestAction("busy", async (_, ct) =>
        {
            var now = Interlocked.Increment(ref current);
            InterlockedMax(ref peak, now);
            await Task.Delay(20, ct);
            Interlocked.Decrement(ref current);
            return null;
        }));
        var tasks = Enumerable.Range(0, 8).Select(i => T($"t{i}", "busy") with { Pool = "db" }).ToArray();
        var outcome = await h.RunAsync(Pipeline(tasks), new Sluice.Execution.ExecutorOptions { Pools = new Sluice.Execution.PoolSlots(new Dictionary<string, int> { ["db"] = 2 }) });
        outcome.State.ShouldBe(RunState.Succeeded);
        peak.ShouldBe(2);
    }

    [Fact]
    public async Task GlobalSlots_AreSharedAcrossConcurrentRuns()
    {
        await using var h = new ExecutorHarness();
        var current = 0;
        var peak = 0;
        h.Actions.Register(new TestAction("busy", async (_, ct) =>
        {
            InterlockedMax(ref peak, Interlocked.Increment(ref current));
            await Task.Delay(10, ct);
            Interlocked.Decrement(ref current);
            return null;
        }));
        var options = new Sluice.Execution.ExecutorOptions { GlobalSlots = new Sluice.Execution.TaskSlots(3) };
        var p = Pipeline([.. Enumerable.Range(0, 10).Select(i => T($"t{i}", "busy"))]);
        await h.Store.InitializeAsync();
        var executor = h.Executor(options);
        var runs = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => executor.RunAsync(p, Version(p), new Dictionary<string, object?>())));
        runs.ShouldAllBe(r => r.State == RunState.Succeeded);
        peak.ShouldBe(3);
        options.GlobalSlots.InUse.ShouldBe(0);
    }

    [Fact]
    public async Task ForEach_HundredThousandItems_AllSucceed_WithPerItemStateAndListOutputs()
    {
        //  make_items → fan[0..99999] → total
        var p = Load("""
            id: big
            tasks:
              - id: make_items
                action: noop
                parameters: {n: 100000}
              - id: fan
                action: noop
                for_each: "{{ range(make_items.n) }}"
                max_workers: 64
                parameters: {square: "{{ item * item }}", at: "{{ item_index }}"}
                dependencies: [make_items]
              - id: total
                action: noop
                parameters:
                  count: "{{ fan.square | length }}"
                  sum: "{{ fan.square | sum }}"
                  last_at: "{{ fan.at[-1] }}"
                dependencies: [fan]
            """);
        await using var h = new ExecutorHarness();
        var outcome = await h.RunAsync(p);

        outcome.State.ShouldBe(RunState.Succeeded, outcome.Error);
        var total = (IReadOnlyDictionary<string, object?>)outcome.Outputs["total"]!;
        total["count"].ShouldBe(100_000L);
        // Σ i² for i < n = (n-1)n(2n-1)/6
        total["sum"].ShouldBe(99_999L * 100_000L * 199_999L / 6);
        total["last_at"].ShouldBe(99_999L);
        var rows = await h.Store.GetTaskInstancesAsync(outcome.RunId);
        rows.Count(r => r.TaskId == "fan" && r.MapIndex >= 0 && r.State == TaskState.Succeeded).ShouldBe(100_000);
        rows.Single(r => r.TaskId == "fan" && r.MapIndex == -1).MapCount.ShouldBe(100_000);
    }

    private static PipelineDefinition Load(string yaml)
    {
        var result = PipelineLoader.Load(yaml, "test.yaml", BuiltInActions.CreateRegistry());
        result.Success.ShouldBeTrue(string.Join("\n", result.Diagnostics));
        return result.Definition!;
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int seen;
        while ((seen = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, seen) != seen)
        {
        }
    }
}
