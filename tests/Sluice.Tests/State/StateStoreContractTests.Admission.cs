using Sluice.State;

namespace Sluice.Tests.State;

public abstract partial class StateStoreContractTests
{
    [Fact]
    public async Task AdmitRun_SeesThePipelinesExecutingRuns_RefusesWithoutTakingTheLease_ThenAdmitsAndMarksRunning()
    {
        await Store.CreateRunAsync(NewRun("r1"));
        await Store.CreateRunAsync(NewRun("r2"));
        await Store.CreateRunAsync(NewRun("other", pipeline: "q"));
        await Store.CreateRunAsync(NewRun("by_workers"));
        (await Store.TryAcquireRunLeaseAsync("r1", "a", T0, TimeSpan.FromSeconds(30))).ShouldBeTrue();
        var batch = new StateBatch();
        batch.Runs.Add(NewRun("r1", state: RunState.Running) with { StartedAt = T0, LeaseOwner = "a", LeaseExpiresAt = T0.AddSeconds(30) });
        batch.Runs.Add(NewRun("other", pipeline: "q", state: RunState.Running) with { StartedAt = T0 });
        await Store.CommitAsync(batch);

        IReadOnlyList<RunRecord> seen = [];
        (await Store.TryAdmitRunAsync("r2", "b", T0.AddSeconds(10), TimeSpan.FromSeconds(30), others => { seen = others; return "full"; })).ShouldBe("full");
        seen.Select(static r => r.RunId).ShouldBe(["r1"]);
        seen[0].InputsJson.ShouldBe("{\"a\":1}");
        var refused = (await Store.GetRunAsync("r2"))!;
        (refused.State, refused.LeaseOwner).ShouldBe((RunState.Queued, (string?)null));

        // A running run without a run lease is executed by workers: it counts. One whose lease expired has crashed: it does not.
        var workers = new StateBatch();
        workers.Runs.Add(NewRun("by_workers", state: RunState.Running) with { StartedAt = T0 });
        await Store.CommitAsync(workers);
        (await Store.TryAdmitRunAsync("r2", "b", T0.AddSeconds(45), TimeSpan.FromSeconds(30), others => { seen = others; return null; })).ShouldBeNull();
        seen.Select(static r => r.RunId).ShouldBe(["by_workers"]);
        var admitted = (await Store.GetRunAsync("r2"))!;
        (admitted.State, admitted.LeaseOwner).ShouldBe((RunState.Running, "b"));
        admitted.LeaseExpiresAt.ShouldBe(T0.AddSeconds(75));
    }

    [Fact]
    public async Task AdmitRun_HeldByAnotherLiveProcess_IsRefusedEvenWhenTheLimitAllows()
    {
        await Store.CreateRunAsync(NewRun("r1"));
        (await Store.TryAcquireRunLeaseAsync("r1", "a", T0, TimeSpan.FromSeconds(30))).ShouldBeTrue();
        (await Store.TryAdmitRunAsync("r1", "b", T0.AddSeconds(5), TimeSpan.FromSeconds(30), static _ => null)).ShouldBe("run 'r1' is held by another live process");
        (await Store.GetRunAsync("r1"))!.State.ShouldBe(RunState.Queued);
        (await Store.TryAdmitRunAsync("r1", "a", T0.AddSeconds(5), TimeSpan.FromSeconds(30), static _ => null)).ShouldBeNull();
    }
}
