using Sluice.Definition.Building;
using Sluice.State;
using Sluice.Tests.Testing;

namespace Sluice.Tests.Execution.Usage;

public sealed class AttemptUsageTests
{
    [Fact]
    public async Task EachEndedAttempt_RecordsCpuOfItsChild_AndBytesItWrote()
    {
        //   write ──▶ burn
        using var dir = new TempDirectory();
        await using var h = new ExecutorHarness();
        var file = dir.File("four-mib.bin");
        var pipeline = Pipeline.Create("usage")
            .Task("write", async (_, ct) => await File.WriteAllBytesAsync(file, new byte[4 << 20], ct))
            .Task("burn", "shell", t => t.DependsOn("write").Parameter("command", "i=0; while [ $i -lt 200000 ]; do i=$((i+1)); done"))
            .Build(h.Actions);

        var outcome = await h.RunAsync(pipeline);

        outcome.State.ShouldBe(RunState.Succeeded, outcome.Error);
        var attempts = await h.Store.GetAttemptsAsync(outcome.RunId);
        var write = attempts.Single(static a => a.TaskId == "write").Usage.ShouldNotBeNull();
        write.BytesWritten.ShouldBeGreaterThanOrEqualTo(4L << 20);
        write.PeakMemoryBytes.ShouldBeGreaterThan(0);
        var burn = attempts.Single(static a => a.TaskId == "burn").Usage.ShouldNotBeNull();
        // The loop runs in the child shell: only the children's counters can see it.
        burn.CpuTime.ShouldBeGreaterThan(TimeSpan.Zero);
    }
}
