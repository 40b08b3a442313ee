using Sluice.State;

namespace Sluice.Tests.State;

public abstract partial class StateStoreContractTests
{
    [Fact]
    public async Task SlaMiss_RecordedOncePerTaskItemAndKind_ReadsBackInNoticedOrder_AndGoesWithItsRun()
    {
        await Store.CreateRunAsync(NewRun("r1"));
        await Store.CreateRunAsync(NewRun("r2"));
        var t0 = new DateTimeOffset(2026, 3, 1, 6, 0, 0, TimeSpan.Zero);
        var task = new SlaMissRecord { RunId = "r1", TaskId = "load", Kind = "max_duration", Deadline = t0, NoticedAt = t0.AddSeconds(2) };
        var item = task with { MapIndex = 3, NoticedAt = t0.AddSeconds(3) };
        var run = new SlaMissRecord { RunId = "r1", Kind = "done_by", Deadline = t0.AddMinutes(-5), NoticedAt = t0.AddSeconds(1) };

        (await Store.RecordSlaMissAsync(task)).ShouldBeTrue();
        (await Store.RecordSlaMissAsync(item)).ShouldBeTrue();
        (await Store.RecordSlaMissAsync(run)).ShouldBeTrue();
        // Noticed again (a second watcher, a restart): not stored twice, and the caller learns it was not the first.
        (await Store.RecordSlaMissAsync(task with { NoticedAt = t0.AddMinutes(1) })).ShouldBeFalse();
        (await Store.RecordSlaMissAsync(task with { RunId = "r2" })).ShouldBeTrue();

        (await Store.GetSlaMissesAsync("r1")).ShouldBe([run, task, item]);
        (await Store.GetSlaMissesAsync("nope")).ShouldBeEmpty();

        await ((Sluice.Retention.IRetentionStore)Store).DeleteRunsAsync(["r1"]);
        (await Store.GetSlaMissesAsync("r1")).ShouldBeEmpty();
        (await Store.GetSlaMissesAsync("r2")).ShouldHaveSingleItem().TaskId.ShouldBe("load");
    }
}
