using Sluice.Actions;
using Sluice.State;
using Sluice.Tests.Testing;
using static Sluice.Tests.Execution.ExecutorHarness;

namespace Sluice.Tests.Execution;

public sealed class RunFailedTests
{
    [Fact]
    public async Task RunFailedException_FailsTheRun_CancelsRunningTasks_AndStartsNothingElse()
    {
        //  gate (throws RunFailedException) → after
        //  slow (running when the gate fails)
        //  independent_later → waits on slow
        await using var h = new ExecutorHarness();
        var slowStarted = new TaskCompletionSource();
        h.Actions.Register(new TestAction("gate", async (_, ct) =>
        {
            await slowStarted.Task.WaitAsync(ct);
            throw new RunFailedException("quality below 0.9");
        }));
        h.Actions.Register(new TestAction("slow", async (_, ct) =>
        {
            slowStarted.TrySetResult();
            await Task.Delay(Timeout.Infinite, ct);
            return null;
        }));
        var ok = new TestAction("ok", (_, _) => Task.FromResult<IReadOnlyDictionary<string, object?>?>(null));
        h.Actions.Register(ok);
        var outcome = await h.RunAsync(Pipeline(T("gate", "gate"), T("after", "ok", "gate"), T("slow", "slow"), T("independent_later", "ok", "slow")));

        outcome.State.ShouldBe(RunState.Failed);
        outcome.Error.ShouldBe("task 'gate' failed the run: quality below 0.9");
        outcome.Tasks["gate"].ShouldBe(TaskState.Failed);
        outcome.Tasks["slow"].ShouldBe(TaskState.Cancelled);
        outcome.Tasks["independent_later"].ShouldBe(TaskState.Cancelled);
        ok.Calls.ShouldBeEmpty();
        (await h.Store.GetRunAsync(outcome.RunId))!.State.ShouldBe(RunState.Failed);
    }
}
