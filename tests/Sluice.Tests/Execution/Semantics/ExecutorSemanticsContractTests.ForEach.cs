using Sluice.Diagnostics;
using Sluice.State;

namespace Sluice.Tests.Execution.Semantics;

/// <summary>Mapped tasks (<c>for_each</c>): items, their outputs as lists, concurrency limits, per-item failures and retries.</summary>
public abstract partial class ExecutorSemanticsContractTests
{
    [Fact]
    public async Task ForEach_OverUpstreamOutputs_RunsEveryItem_AndDownstreamSeesOutputLists()
    {
        //  make_items → fan[0..29] → total
        var p = Load("""
            id: fan_out
            context: {factor: 3}
            tasks:
              - id: make_items
                action: noop
                parameters: {items: "{{ range(30) }}"}
              - id: fan
                action: noop
                for_each: "{{ make_items.items }}"
                max_workers: 4
                parameters: {v: "{{ item * context.factor }}", at: "{{ item_index }}"}
                dependencies: [make_items]
              - id: total
                action: noop
                parameters:
                  count: "{{ fan.v | length }}"
                  sum: "{{ fan.v | sum }}"
                  last_at: "{{ fan.at[-1] }}"
                dependencies: [fan]
            """);

        var run = await Engine.RunAsync(p);

        run.State.ShouldBe(RunState.Succeeded, run.Error);
        var total = run.Outputs("total")!;
        total["count"].ShouldBe(30L);
        total["sum"].ShouldBe(3L * 29 * 30 / 2);
        total["last_at"].ShouldBe(29L);
        run.Items("fan").Count.ShouldBe(30);
        run.Items("fan").ShouldAllBe(r => r.State == TaskState.Succeeded && r.Attempt == 1);
        run.Row("fan").MapCount.ShouldBe(30);
        run.Row("fan").State.ShouldBe(TaskState.Succeeded);
        run.AttemptsOf("fan").ShouldBeEmpty();
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
              - id: after
                action: noop
                parameters: {got: "{{ fan.got }}"}
                dependencies: [fan]
            """);

        var run = await Engine.RunAsync(p);

        run.State.ShouldBe(RunState.Succeeded, run.Error);
        var got = (IReadOnlyList<object?>)run.Outputs("after")!["got"]!;
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
        var failOdd = true;
        var action = Register("maybe", (ctx, _) =>
        {
            var item = (long)ctx.Parameters["v"]!;
            return failOdd && item % 2 == 1 ? throw new SluiceException($"odd {item}") : Outputs("double", item * 2);
        });
        var p = Load("""
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
            """);

        var first = await Engine.RunAsync(p);

        first.State.ShouldBe(RunState.Failed);
        first.Tasks["fan"].ShouldBe(TaskState.Failed);
        first.Tasks["after"].ShouldBe(TaskState.UpstreamFailed);
        first.Items("fan").Select(r => r.State).ShouldBe([TaskState.Succeeded, TaskState.Failed, TaskState.Succeeded, TaskState.Failed]);
        first.Row("fan", 1).Error.ShouldBe("odd 1");
        action.Calls.Count.ShouldBe(4);

        failOdd = false;
        var resumed = await Engine.ResumeAsync(first.RunId);

        resumed.State.ShouldBe(RunState.Succeeded, resumed.Error);
        action.Calls.Select(c => (c.Item, c.Attempt)).Skip(4).ShouldBe([(1, 2), (3, 2)], ignoreOrder: true, "only items 1 and 3 run again, at their second attempt");
        resumed.Outputs("after")!["all"].ShouldBe(new object?[] { 0L, 2L, 4L, 6L });
    }

    [Fact]
    public async Task ForEach_ItemsFailingTransiently_AreRetriedOneByOne()
    {
        var action = Register("flaky_item", (ctx, _) =>
            ctx.MapIndex % 2 == 1 && ctx.Attempt == 1 ? throw new IOException($"item {ctx.MapIndex} hiccup") : Outputs("i", (long)ctx.MapIndex));
        var p = Load("""
            id: item_retries
            tasks:
              - id: fan
                action: flaky_item
                for_each: "{{ range(4) }}"
                retries: 1
                retry_delay: 10ms
            """);

        var run = await Engine.RunAsync(p);

        run.State.ShouldBe(RunState.Succeeded, run.Error);
        action.Calls.Select(c => (c.Item, c.Attempt)).ShouldBe([(0, 1), (1, 1), (1, 2), (2, 1), (3, 1), (3, 2)], ignoreOrder: true);
        run.Items("fan").Select(r => (r.MapIndex, r.State, r.Attempt)).ShouldBe(
            [(0, TaskState.Succeeded, 1), (1, TaskState.Succeeded, 2), (2, TaskState.Succeeded, 1), (3, TaskState.Succeeded, 2)]);
        run.AttemptsOf("fan", 1).Select(a => (a.Attempt, a.State, a.Error)).ShouldBe([(1, TaskState.UpForRetry, "IOException: item 1 hiccup"), (2, TaskState.Succeeded, null)]);
    }

    [Fact]
    public async Task ForEach_MaxWorkers_BoundsConcurrentItems_AndParallelFalseRunsOneAtATime()
    {
        var current = 0;
        var peak = 0;
        Register("busy", async (_, ct) =>
        {
            var now = Interlocked.Increment(ref current);
            int seen;
            while ((seen = Volatile.Read(ref peak)) < now && Interlocked.CompareExchange(ref peak, now, seen) != seen)
            {
            }
            await Task.Delay(25, ct);
            Interlocked.Decrement(ref current);
            return null;
        });
        foreach (var (setting, expected) in new[] { ("max_workers: 3", 3), ("parallel: false", 1) })
        {
            peak = 0;
            var p = Load("""
                id: w
                tasks:
                  - id: fan
                    action: busy
                    for_each: "{{ range(15) }}"
                    SETTING
                """.Replace("SETTING", setting, StringComparison.Ordinal));

            (await Engine.RunAsync(p)).State.ShouldBe(RunState.Succeeded);
            peak.ShouldBe(expected, setting);
        }
    }

    [Fact]
    public async Task ForEach_NotAList_FailsWithClearError()
    {
        var p = Load("""
            id: bad
            tasks:
              - {id: a, action: noop, parameters: {v: 5}}
              - {id: fan, action: noop, for_each: "{{ a.v }}", dependencies: [a]}
            """);

        var run = await Engine.RunAsync(p);

        run.Tasks["fan"].ShouldBe(TaskState.Failed);
        run.Error.ShouldBe("task 'fan' failed: for_each must evaluate to a list, got int");
    }
}
