using Sluice.Diagnostics;
using Sluice.State;
using Sluice.Tests.Testing;

namespace Sluice.Tests.Execution.Semantics;

/// <summary>Cancelling runs and resuming failed or cancelled ones: what ran never runs again, attempts continue.</summary>
public abstract partial class ExecutorSemanticsContractTests
{
    [Fact]
    public async Task Resume_RerunsOnlyFailedAndUnfinishedTasks_KeepingOutputs()
    {
        //  a → b → c
        var failB = true;
        var action = Register("step", (ctx, _) =>
            ctx.TaskId == "b" && failB ? throw new SluiceException("b broke") : Outputs("who", ctx.TaskId + "@" + ctx.Parameters.GetValueOrDefault("up")));
        var p = Pipeline(
            T("a", "step"),
            T("b", "step", "a") with { Parameters = new Dictionary<string, object?> { ["up"] = "{{ a.who }}" } },
            T("c", "step", "b") with { Parameters = new Dictionary<string, object?> { ["up"] = "{{ b.who }}" } });

        var first = await Engine.RunAsync(p);
        first.State.ShouldBe(RunState.Failed);
        first.Tasks["c"].ShouldBe(TaskState.UpstreamFailed);

        failB = false;
        var resumed = await Engine.ResumeAsync(first.RunId);

        resumed.State.ShouldBe(RunState.Succeeded, resumed.Error);
        action.CallsFor("a").ShouldBe(1);
        action.CallsFor("b").ShouldBe(2);
        action.CallsFor("c").ShouldBe(1);
        resumed.AttemptsOf("b").Select(x => (x.Attempt, x.State)).ShouldBe([(1, TaskState.Failed), (2, TaskState.Succeeded)]);
        resumed.Outputs("c")!["who"].ShouldBe("c@b@a@", "a's committed output survived into the resumed run");
    }

    [Fact]
    public async Task Resume_OfSucceededRun_IsRefused()
    {
        var run = await Engine.RunAsync(Pipeline(T("a", "noop")));
        run.State.ShouldBe(RunState.Succeeded, run.Error);

        var ex = await Should.ThrowAsync<SluiceException>(() => Engine.ResumeAsync(run.RunId));

        ex.Message.ShouldContain("already succeeded");
    }

    [Fact]
    public async Task Cancel_StopsRunningTasks_AndRecordsCancelled()
    {
        //  slow → after
        var started = new TaskCompletionSource();
        Register("slow", async (_, ct) =>
        {
            started.TrySetResult();
            await Task.Delay(Timeout.Infinite, ct);
            return null;
        });
        var after = Register("ok", (_, _) => NoOutputs());
        var runId = await Engine.StartAsync(Pipeline(T("slow", "slow"), T("after", "ok", "slow")));
        await started.Task.WaitAsync(RunEngine.Patience);

        await Engine.CancelAsync(runId);
        var run = await Engine.WaitAsync(runId);

        run.State.ShouldBe(RunState.Cancelled);
        run.Error.ShouldBe("cancelled by request");
        run.Tasks["slow"].ShouldBe(TaskState.Cancelled);
        run.Tasks["after"].ShouldBe(TaskState.Cancelled);
        run.AttemptsOf("slow").ShouldHaveSingleItem().State.ShouldBe(TaskState.Cancelled);
        after.Calls.ShouldBeEmpty();
    }

    [Fact]
    public async Task Cancel_MidForEach_ThenResume_RunsOnlyUnfinishedItems_WithAttemptNumbersContinuing()
    {
        //  fan[0..5] (max_workers 2; items 0, 1 finish, 2 and 3 hang until cancelled, 4 and 5 never start) → after
        var resumed = false;
        var action = Register("item", async (ctx, ct) =>
        {
            if (ctx.MapIndex >= 2 && !Volatile.Read(ref resumed))
            {
                await Task.Delay(Timeout.Infinite, ct);
            }
            return new Dictionary<string, object?> { ["i"] = (long)ctx.MapIndex };
        });
        var p = Load("""
            id: cancel_fan
            tasks:
              - id: fan
                action: item
                for_each: "{{ range(6) }}"
                max_workers: 2
              - id: after
                action: noop
                parameters: {all: "{{ fan.i }}"}
                dependencies: [fan]
            """);
        var runId = await Engine.StartAsync(p);
        await TestAction.WaitUntilAsync(() => action.Calls.Count(c => c.Item >= 2) == 2, (int)RunEngine.Patience.TotalMilliseconds);
        await WaitForItemsAsync(runId, "fan", succeeded: 2);

        await Engine.CancelAsync(runId);
        var cancelled = await Engine.WaitAsync(runId);
        cancelled.State.ShouldBe(RunState.Cancelled);
        cancelled.Items("fan").Where(r => r.State == TaskState.Succeeded).Select(r => r.MapIndex).ShouldBe([0, 1]);

        Volatile.Write(ref resumed, true);
        var run = await Engine.ResumeAsync(runId);

        run.State.ShouldBe(RunState.Succeeded, run.Error);
        run.Outputs("after")!["all"].ShouldBe(new object?[] { 0L, 1L, 2L, 3L, 4L, 5L });
        // item: its attempts, in order
        action.Calls.GroupBy(c => c.Item).OrderBy(g => g.Key).Select(g => $"{g.Key}: {string.Join(", ", g.Select(c => c.Attempt).Order())}")
            .ShouldBe(["0: 1", "1: 1", "2: 1, 2", "3: 1, 2", "4: 1", "5: 1"], "succeeded items never run twice; the cancelled ones continue at attempt 2");
        run.Items("fan").Select(r => (r.MapIndex, r.State, r.Attempt)).ShouldBe(
            [(0, TaskState.Succeeded, 1), (1, TaskState.Succeeded, 1), (2, TaskState.Succeeded, 2), (3, TaskState.Succeeded, 2), (4, TaskState.Succeeded, 1), (5, TaskState.Succeeded, 1)]);
        run.AttemptsOf("fan", 2).Select(a => (a.Attempt, a.State)).ShouldBe([(1, TaskState.Cancelled), (2, TaskState.Succeeded)]);
    }

    /// <summary>Waits until the store shows <paramref name="succeeded"/> items of a mapped task succeeded (commits lag execution).</summary>
    private async Task WaitForItemsAsync(string runId, string taskId, int succeeded)
    {
        var deadline = DateTime.UtcNow + RunEngine.Patience;
        while ((await Engine.Store.GetTaskInstancesAsync(runId)).Count(r => r.TaskId == taskId && r.MapIndex >= 0 && r.State == TaskState.Succeeded) < succeeded)
        {
            DateTime.UtcNow.ShouldBeLessThan(deadline, $"{succeeded} items of {taskId} never committed as succeeded");
            await Task.Delay(20);
        }
    }
}
