using Sluice.Actions.BuiltIn;
using Sluice.Definition.Yaml;
using Sluice.State;
using Sluice.Tests.Testing;

namespace Sluice.Tests.Execution;

public sealed class ForEachTests
{
    private static Sluice.Definition.PipelineDefinition Load(string yaml)
    {
        var result = PipelineLoader.Load(yaml, "test.yaml", BuiltInActions.CreateRegistry());
        result.Success.ShouldBeTrue(string.Join("\n", result.Diagnostics));
        return result.Definition!;
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

    [Fact]
    public async Task ForEach_LiteralList_RunsOneItemPerEntry_TakenAsWritten()
    {
        var p = Load("""
            id: literal
            tasks:
              - id: fan
                action: noop
                for_each:
                  - eu
                  - "it's \\ {{ not rendered }}"
                  - {region: apac, weight: 2}
                  - [1, 2.5, true, null]
                parameters: {got: "{{ item }}"}
                outputs: [got]
            """);
        await using var h = new ExecutorHarness();
        var outcome = await h.RunAsync(p);

        outcome.State.ShouldBe(RunState.Succeeded, outcome.Error);
        var got = (IReadOnlyList<object?>)((IReadOnlyDictionary<string, object?>)outcome.Outputs["fan"]!)["got"]!;
        got.Count.ShouldBe(4);
        got[0].ShouldBe("eu");
        got[1].ShouldBe("it's \\ {{ not rendered }}");
        var map = (IReadOnlyDictionary<string, object?>)got[2]!;
        map["region"].ShouldBe("apac");
        map["weight"].ShouldBe(2L);
        ((IReadOnlyList<object?>)got[3]!).ShouldBe([1L, 2.5, true, null]);
    }

    [Fact]
    public async Task ForEach_ItemFailure_FailsTheMap_OtherItemsFinish_ResumeRerunsOnlyFailedItems()
    {
        await using var h = new ExecutorHarness();
        var failOdd = true;
        var action = new TestAction("maybe", (ctx, _) =>
        {
            var item = (long)ctx.Parameters["v"]!;
            if (failOdd && item % 2 == 1)
            {
                throw new Sluice.Diagnostics.SluiceException($"odd {item}");
            }
            return Task.FromResult<IReadOnlyDictionary<string, object?>?>(new Dictionary<string, object?> { ["double"] = item * 2 });
        });
        h.Actions.Register(action);
        var result = PipelineLoader.Load("""
            id: m
            tasks:
              - id: fan
                action: maybe
                for_each: "{{ [0, 1, 2, 3] }}"
                parameters: {v: "{{ item }}"}
              - id: after
                action: noop
                parameters: {all: "{{ fan.double }}"}
                dependencies: [fan]
            """, "m.yaml", h.Actions);
        result.Success.ShouldBeTrue(string.Join("\n", result.Diagnostics));
        var p = result.Definition!;

        var first = await h.RunAsync(p);
        first.Tasks["fan"].ShouldBe(TaskState.Failed);
        first.Tasks["after"].ShouldBe(TaskState.UpstreamFailed);
        action.Calls.Count.ShouldBe(4);

        failOdd = false;
        var resumed = await h.Executor().ResumeAsync(p, first.RunId);
        resumed.State.ShouldBe(RunState.Succeeded);
        action.Calls.Count.ShouldBe(6, "only items 1 and 3 run again");
        ((IReadOnlyDictionary<string, object?>)resumed.Outputs["after"]!)["all"].ShouldBe(new object?[] { 0L, 2L, 4L, 6L });
    }

    [Fact]
    public async Task ForEach_CancelledMidway_ResumeRunsOnlyUnfinishedItems_WithAttemptNumbersContinuing()
    {
        // Items 0-2 succeed; item 3 blocks until the run is cancelled; items 4-9 never start (max_workers 1).
        await using var h = new ExecutorHarness();
        var blocking = true;
        var reached = new TaskCompletionSource();
        var action = new TestAction("step", async (ctx, ct) =>
        {
            if (blocking && ctx.MapIndex == 3)
            {
                reached.TrySetResult();
                await Task.Delay(Timeout.Infinite, ct);
            }
            return new Dictionary<string, object?> { ["v"] = (long)ctx.MapIndex };
        });
        h.Actions.Register(action);
        var result = PipelineLoader.Load("""
            id: m
            tasks:
              - id: fan
                action: step
                for_each: "{{ range(10) }}"
                max_workers: 1
            """, "m.yaml", h.Actions);
        result.Success.ShouldBeTrue(string.Join("\n", result.Diagnostics));
        var p = result.Definition!;
        using var cts = new CancellationTokenSource();
        var running = h.RunAsync(p, cancellationToken: cts.Token);
        await reached.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await cts.CancelAsync();
        var first = await running;
        first.State.ShouldBe(RunState.Cancelled);
        action.Calls.Select(c => c.Item).ShouldBe([0, 1, 2, 3]);

        blocking = false;
        var resumed = await h.Executor().ResumeAsync(p, first.RunId);

        resumed.State.ShouldBe(RunState.Succeeded, resumed.Error);
        action.Calls.Skip(4).Select(c => c.Item).Order().ToArray().ShouldBe([3, 4, 5, 6, 7, 8, 9], "succeeded items never run twice");
        action.Calls.Skip(4).Single(c => c.Item == 3).Attempt.ShouldBe(2, "the cancelled attempt counts");
        action.Calls.Skip(4).Where(c => c.Item > 3).ShouldAllBe(c => c.Attempt == 1);
    }

    [Fact]
    public async Task ForEach_MaxWorkers_BoundsConcurrentItems_AndParallelFalseRunsOneAtATime()
    {
        await using var h = new ExecutorHarness();
        var current = 0;
        var peak = 0;
        h.Actions.Register(new TestAction("busy", async (_, ct) =>
        {
            var now = Interlocked.Increment(ref current);
            int seen;
            while ((seen = Volatile.Read(ref peak)) < now && Interlocked.CompareExchange(ref peak, now, seen) != seen)
            {
            }
            await Task.Delay(5, ct);
            Interlocked.Decrement(ref current);
            return null;
        }));
        foreach (var (setting, expected) in new[] { ("max_workers: 3", 3), ("parallel: false", 1) })
        {
            peak = 0;
            var yaml = """
                id: w
                tasks:
                  - id: fan
                    action: busy
                    for_each: "{{ range(40) }}"
                    SETTING
                """.Replace("SETTING", setting, StringComparison.Ordinal);
            var p = PipelineLoader.Load(yaml, "w.yaml", h.Actions).Definition!;
            (await h.RunAsync(p)).State.ShouldBe(RunState.Succeeded);
            peak.ShouldBe(expected, setting);
        }
    }

    [Fact]
    public async Task ForEach_NotAList_FailsWithClearError()
    {
        await using var h = new ExecutorHarness();
        var p = Load("""
            id: bad
            tasks:
              - {id: a, action: noop, parameters: {v: 5}}
              - {id: fan, action: noop, for_each: "{{ a.v }}", dependencies: [a]}
            """);
        var outcome = await h.RunAsync(p);
        outcome.Tasks["fan"].ShouldBe(TaskState.Failed);
        outcome.Error.ShouldBe("task 'fan' failed: for_each must evaluate to a list, got int");
    }
}
