using Sluice.State;

namespace Sluice.Tests.State;

public abstract partial class StateStoreContractTests
{
    [Fact]
    public async Task AttemptUsage_IsStoredWithTheEndedAttempt_AndKeptWhenALaterRowHasNone()
    {
        await Store.CreateRunAsync(NewRun("r1"));
        var running = new StateBatch();
        running.Attempts.Add(new AttemptRecord("r1", "t", -1, 1, TaskState.Running, T0, null, null, "w"));
        running.Attempts.Add(new AttemptRecord("r1", "t", 2, 1, TaskState.Running, T0, null, null, "w"));
        await Store.CommitAsync(running);
        var usage = new ResourceUsage(TimeSpan.FromMicroseconds(1_234_567), 300L << 20, 5_000_000_000, 42);
        var ended = new StateBatch();
        ended.Attempts.Add(new AttemptRecord("r1", "t", -1, 1, TaskState.Succeeded, T0, T0.AddSeconds(2), null, "w") { Usage = usage });
        await Store.CommitAsync(ended);
        // A record without usage (an operator's mark, a lost lease) does not erase what was measured.
        var again = new StateBatch();
        again.Attempts.Add(new AttemptRecord("r1", "t", -1, 1, TaskState.Succeeded, T0, T0.AddSeconds(2), null, "w"));
        await Store.CommitAsync(again);

        var attempts = await Store.GetAttemptsAsync("r1");

        attempts.Single(static a => a.MapIndex == -1).Usage.ShouldBe(usage);
        attempts.Single(static a => a.MapIndex == 2).Usage.ShouldBeNull();
        ResourceUsage.Total(attempts.Select(static a => a.Usage)).ShouldBe(usage);
    }
}
