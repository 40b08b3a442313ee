using Sluice.Definition;
using Sluice.Diagnostics;
using Sluice.Execution.Semantics;
using Sluice.State;

namespace Sluice.Tests.Execution.Semantics;

/// <summary>An operator's clear and mark (<see cref="TaskRework"/>), executed by each engine's ordinary resume.</summary>
public abstract partial class ExecutorSemanticsContractTests
{
    [Fact]
    public async Task Clear_TaskOfASucceededRun_ItAndItsDownstreamRunAgainInTheSameRun()
    {
        //  a → b → c
        //  d
        var action = Register("step", (ctx, _) => Outputs("who", ctx.TaskId + "#" + ctx.Parameters.GetValueOrDefault("up")));
        var p = Pipeline(
            T("a", "step"),
            T("b", "step", "a") with { Parameters = new Dictionary<string, object?> { ["up"] = "{{ a.who }}" } },
            T("c", "step", "b") with { Parameters = new Dictionary<string, object?> { ["up"] = "{{ b.who }}" } },
            T("d", "step"));
        var first = await Engine.RunAsync(p);
        first.State.ShouldBe(RunState.Succeeded);

        await ApplyAsync(first.RunId, (run, rows, now) => TaskRework.Clear(p, run, rows, ["b"], null, downstream: true, "test", now));
        var cleared = await Engine.ResumeAsync(first.RunId);

        cleared.State.ShouldBe(RunState.Succeeded, cleared.Error);
        action.CallsFor("a").ShouldBe(1);
        action.CallsFor("b").ShouldBe(2);
        action.CallsFor("c").ShouldBe(2);
        action.CallsFor("d").ShouldBe(1);
        cleared.AttemptsOf("b").Select(x => x.Attempt).ShouldBe([1, 2]);
        cleared.Outputs("c")!["who"].ShouldBe("c#b#a#");
    }

    [Fact]
    public async Task Clear_ChosenItemsOfAForEachTask_OnlyThoseItemsAndTheDownstreamRunAgain()
    {
        var action = Register("twice", (ctx, _) => Outputs("double", (long)ctx.Parameters["v"]! * 2));
        var p = Load("""
            id: m
            tasks:
              - id: fan
                action: twice
                for_each: "{{ [0, 1, 2, 3] }}"
                parameters: {v: "{{ item }}"}
              - id: after
                action: noop
                parameters: {all: "{{ fan.double }}"}
                dependencies: [fan]
            """);
        var first = await Engine.RunAsync(p);
        first.State.ShouldBe(RunState.Succeeded);

        await ApplyAsync(first.RunId, (run, rows, now) => TaskRework.Clear(p, run, rows, ["fan"], [1, 3], downstream: true, "test", now));
        var cleared = await Engine.ResumeAsync(first.RunId);

        cleared.State.ShouldBe(RunState.Succeeded, cleared.Error);
        action.Calls.Skip(4).Select(c => (c.Item, c.Attempt)).ShouldBe([(1, 2), (3, 2)], ignoreOrder: true);
        cleared.Outputs("after")!["all"].ShouldBe(new object?[] { 0L, 2L, 4L, 6L });
    }

    [Fact]
    public async Task Clear_TaskThatUsedItsRetries_GetsAFreshRetryBudget_WhileAttemptNumbersContinue()
    {
        var action = Register("flaky", (_, _) => throw new SluiceException("still busy", isTransient: true));
        var p = Pipeline(T("f", "flaky") with { Policy = new TaskPolicy(Retries: 1, RetryDelay: TimeSpan.Zero) });
        var first = await Engine.RunAsync(p);
        first.State.ShouldBe(RunState.Failed);
        first.AttemptsOf("f").Select(x => x.Attempt).ShouldBe([1, 2]);

        await ApplyAsync(first.RunId, (run, rows, now) => TaskRework.Clear(p, run, rows, ["f"], null, downstream: true, "test", now));
        var cleared = await Engine.ResumeAsync(first.RunId);

        // Without a fresh budget attempt 3 would be final: attempts 1 and 2 already used the one retry.
        cleared.State.ShouldBe(RunState.Failed);
        cleared.AttemptsOf("f").Select(x => x.Attempt).ShouldBe([1, 2, 3, 4]);
        action.CallsFor("f").ShouldBe(4);

        // A second clear gives the budget again, counted from the attempts made by then.
        await ApplyAsync(first.RunId, (run, rows, now) => TaskRework.Clear(p, run, rows, ["f"], null, downstream: true, "test", now));
        var again = await Engine.ResumeAsync(first.RunId);
        again.AttemptsOf("f").Select(x => x.Attempt).ShouldBe([1, 2, 3, 4, 5, 6]);
    }

    [Fact]
    public async Task Clear_ItemThatUsedItsRetries_GetsAFreshRetryBudget()
    {
        var action = Register("odd", (ctx, _) => (long)ctx.Parameters["v"]! % 2 == 1 ? throw new SluiceException("odd", isTransient: true) : NoOutputs());
        var p = Load("""
            id: m
            tasks:
              - id: fan
                action: odd
                retries: 1
                retry_delay: 0s
                for_each: "{{ [0, 1] }}"
                parameters: {v: "{{ item }}"}
            """);
        var first = await Engine.RunAsync(p);
        first.State.ShouldBe(RunState.Failed);

        await ApplyAsync(first.RunId, (run, rows, now) => TaskRework.Clear(p, run, rows, ["fan"], [1], downstream: true, "test", now));
        var cleared = await Engine.ResumeAsync(first.RunId);

        cleared.State.ShouldBe(RunState.Failed);
        action.Calls.Where(c => c.Item == 1).Select(c => c.Attempt).ShouldBe([1, 2, 3, 4]);
        action.Calls.Count(c => c.Item == 0).ShouldBe(1);
    }

    [Fact]
    public async Task Mark_FailedTaskSucceeded_ItsDownstreamRunsAndTheRunSucceeds()
    {
        //  a → bad → c
        Register("ok", (ctx, _) => Outputs("v", 1L));
        Register("bad", (_, _) => throw new SluiceException("broken"));
        var p = Pipeline(T("a", "ok"), T("bad", "bad", "a"), T("c", "ok", "bad"));
        var first = await Engine.RunAsync(p);
        first.State.ShouldBe(RunState.Failed);

        await ApplyAsync(first.RunId, (run, rows, now) => TaskRework.Mark(p, run, rows, "bad", TaskState.Succeeded, "fixed by hand", "test", now));
        var marked = await Engine.ResumeAsync(first.RunId);

        marked.State.ShouldBe(RunState.Succeeded, marked.Error);
        marked.Tasks["bad"].ShouldBe(TaskState.Succeeded);
        marked.Tasks["c"].ShouldBe(TaskState.Succeeded);
        marked.AttemptsOf("bad").Count.ShouldBe(1, "a mark runs nothing");
    }

    [Fact]
    public async Task Rework_OfAnUnknownTask_IsRefusedWithADidYouMean()
    {
        Register("ok", (ctx, _) => Outputs("v", 1L));
        var p = Pipeline(T("load", "ok"));
        var run = await Engine.RunAsync(p);

        var plan = TaskRework.Clear(p, run.Run, run.Rows, ["laod"], null, downstream: true, "test", DateTimeOffset.UnixEpoch);

        plan.Batch.ShouldBeNull();
        plan.Error!.ShouldContain("'laod'");
        plan.Error!.ShouldContain("load");
    }

    private async Task ApplyAsync(string runId, Func<RunRecord, IReadOnlyList<TaskInstanceRecord>, DateTimeOffset, ReworkPlan> plan)
    {
        var run = (await Engine.Store.GetRunAsync(runId))!;
        var decided = plan(run, await Engine.Store.GetTaskInstancesAsync(runId), DateTimeOffset.UtcNow);
        decided.Error.ShouldBeNull();
        await Engine.Store.CommitAsync(decided.Batch!);
        (await Engine.Store.GetRunAsync(runId))!.State.ShouldBe(RunState.Queued);
    }
}
