using Sluice.Actions;
using Sluice.Execution;
using Sluice.State;
using static Sluice.Tests.Execution.ExecutorHarness;

namespace Sluice.Tests.Execution;

public sealed class ResourceGateTests
{
    private const long GiB = 1L << 30;

    [Fact]
    public async Task Acquire_SecondDoesNotFit_WaitsUntilTheFirstIsReleased_AndSaysWhy()
    {
        var gate = new ResourceGate(2, 4 * GiB);
        var first = await gate.AcquireAsync(new ResourceAppetite(2, GiB), null, default);
        string? said = null;

        var second = gate.AcquireAsync(new ResourceAppetite(1, GiB), m => said = m, default).AsTask();

        second.IsCompleted.ShouldBeFalse();
        said.ShouldBe("waiting for room on the machine: this task needs 1 cores and 1024 MiB; 1 running data tasks hold 2 of 2 cores and 1024 of 4096 MiB");
        first.Dispose();
        (await second).Dispose();
        gate.Admitted.ShouldBe(0);
    }

    [Fact]
    public async Task Acquire_MemoryIsFullButCoresAreFree_Waits()
    {
        var gate = new ResourceGate(8, 4 * GiB);
        using var first = await gate.AcquireAsync(new ResourceAppetite(1, 3 * GiB), null, default);

        var second = gate.AcquireAsync(new ResourceAppetite(1, 2 * GiB), null, default).AsTask();

        second.IsCompleted.ShouldBeFalse();
        first.Dispose();
        (await second).Dispose();
    }

    [Fact]
    public async Task Acquire_AppetiteLargerThanTheMachine_RunsAlone()
    {
        var gate = new ResourceGate(2, GiB);

        using var huge = await gate.AcquireAsync(new ResourceAppetite(16, 64 * GiB), null, default);
        var next = gate.AcquireAsync(new ResourceAppetite(1, 1), null, default).AsTask();

        gate.Admitted.ShouldBe(1);
        next.IsCompleted.ShouldBeFalse();
        huge.Dispose();
        (await next).Dispose();
    }

    [Fact]
    public async Task Acquire_SmallAppetiteBehindALargeWaiter_DoesNotOvertakeIt()
    {
        var gate = new ResourceGate(4, 4 * GiB);
        var holding = await gate.AcquireAsync(new ResourceAppetite(2, GiB), null, default);
        var large = gate.AcquireAsync(new ResourceAppetite(4, GiB), null, default).AsTask();

        var small = gate.AcquireAsync(new ResourceAppetite(1, GiB), null, default).AsTask();

        small.IsCompleted.ShouldBeFalse("it fits, but a larger task has waited longer");
        holding.Dispose();
        var admittedLarge = await large;
        small.IsCompleted.ShouldBeFalse();
        admittedLarge.Dispose();
        (await small).Dispose();
    }

    [Fact]
    public async Task Acquire_CancelledWhileWaiting_LeavesTheQueueForTheNext()
    {
        var gate = new ResourceGate(1, GiB);
        var holding = await gate.AcquireAsync(new ResourceAppetite(1, 1), null, default);
        using var cts = new CancellationTokenSource();
        var cancelled = gate.AcquireAsync(new ResourceAppetite(1, 1), null, cts.Token).AsTask();
        var next = gate.AcquireAsync(new ResourceAppetite(1, 1), null, default).AsTask();

        await cts.CancelAsync();

        await Should.ThrowAsync<OperationCanceledException>(cancelled);
        holding.Dispose();
        (await next).Dispose();
        gate.Admitted.ShouldBe(0);
    }

    [Fact]
    public async Task Acquire_NoAppetite_PassesStraightThroughAFullGate()
    {
        var gate = new ResourceGate(1, GiB);
        using var holding = await gate.AcquireAsync(new ResourceAppetite(1, GiB), null, default);

        var free = gate.AcquireAsync(ResourceAppetite.None, null, default);

        free.IsCompleted.ShouldBeTrue();
        gate.Admitted.ShouldBe(1);
    }

    //   heavy0 … heavy5   (1 core each, a 2-core gate)      light0 … light5   (no appetite)
    [Fact]
    public async Task Run_TasksWithAnAppetite_StartNoMoreThanTheMachineHolds_OthersRunFreely()
    {
        await using var h = new ExecutorHarness();
        int heavyNow = 0, heavyPeak = 0, lightNow = 0, lightPeak = 0;
        var lightRelease = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        h.Actions.Register(new AppetiteAction("heavy", new ResourceAppetite(1, 1), async ct =>
        {
            InterlockedMax(ref heavyPeak, Interlocked.Increment(ref heavyNow));
            await Task.Delay(30, ct);
            Interlocked.Decrement(ref heavyNow);
        }));
        h.Actions.Register(new AppetiteAction("light", ResourceAppetite.None, async ct =>
        {
            // Every light task must be running at once: none of them waits for the heavy ones' room.
            if (Interlocked.Increment(ref lightNow) == 6)
            {
                lightRelease.TrySetResult();
            }

            InterlockedMax(ref lightPeak, lightNow);
            await lightRelease.Task.WaitAsync(ct);
        }));
        var tasks = Enumerable.Range(0, 6).Select(i => T($"heavy{i}", "heavy")).Concat(Enumerable.Range(0, 6).Select(i => T($"light{i}", "light"))).ToArray();

        var outcome = await h.RunAsync(Pipeline(tasks), new ExecutorOptions { Resources = new ResourceGate(2, GiB) });

        outcome.State.ShouldBe(RunState.Succeeded);
        heavyPeak.ShouldBeInRange(1, 2);
        lightPeak.ShouldBe(6);
        var logs = await h.Store.GetLogsAsync(outcome.RunId);
        logs.ShouldContain(l => l.Text.StartsWith("waiting for room on the machine: this task needs 1 cores", StringComparison.Ordinal));
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int seen;
        while ((seen = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, seen) != seen)
        {
        }
    }

    private sealed class AppetiteAction(string name, ResourceAppetite appetite, Func<CancellationToken, Task> body) : IAction
    {
        public ActionDescriptor Descriptor { get; } = new(name, "test action with an appetite", [], []);

        public ResourceAppetite Appetite => appetite;

        public async ValueTask<ActionResult> ExecuteAsync(ActionContext context, CancellationToken cancellationToken)
        {
            await body(cancellationToken);
            return ActionResult.Empty;
        }
    }
}
