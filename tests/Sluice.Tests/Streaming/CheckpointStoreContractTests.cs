using Sluice.Streaming;

namespace Sluice.Tests.Streaming;

/// <summary>The behaviour every streaming checkpoint store must have. Subclassed once per store (SQLite, PostgreSQL).</summary>
public abstract class CheckpointStoreContractTests : IAsyncLifetime
{
    private readonly List<CheckpointStore> _opened = [];

    /// <summary>A checkpoint store on a new, empty store.</summary>
    protected abstract Task<CheckpointStore> OpenAsync();

    /// <summary>Deletes <paramref name="runId"/> through the retention primitives of the store opened last.</summary>
    protected abstract Task PurgeRunAsync(string runId);

    private async Task<CheckpointStore> NewAsync()
    {
        var store = await OpenAsync();
        _opened.Add(store);
        return store;
    }

    private static StreamCheckpoint Checkpoint(long seq, string task = "t", int map = -1) =>
        new("run-1", task, map, seq, $$"""{"0":"{{seq * 100}}"}""", [(byte)seq, 1, 2, 3], DateTimeOffset.FromUnixTimeSeconds(1_700_000_000 + seq));

    public Task InitializeAsync() => Task.CompletedTask;

    public virtual async Task DisposeAsync()
    {
        foreach (var s in _opened)
        {
            await s.DisposeAsync();
        }
    }

    [Fact]
    public async Task Latest_IsTheHighestSequence_WithOffsetsAndStateAsSaved()
    {
        var store = await NewAsync();
        (await store.LatestAsync("run-1", "t")).ShouldBeNull();
        await store.SaveAsync(Checkpoint(1));
        await store.SaveAsync(Checkpoint(2));

        var latest = (await store.LatestAsync("run-1", "t"))!;

        latest.Sequence.ShouldBe(2);
        latest.Offsets.ShouldBe("""{"0":"200"}""");
        latest.State.ShouldBe(new byte[] { 2, 1, 2, 3 });
        latest.CreatedAt.ShouldBe(DateTimeOffset.FromUnixTimeSeconds(1_700_000_002));
    }

    [Fact]
    public async Task Checkpoints_AreSeparatePerTaskAndItem_AndOldOnesArePruned()
    {
        var store = await NewAsync();
        for (var seq = 1; seq <= 5; seq++)
        {
            await store.SaveAsync(Checkpoint(seq), keep: 2);
        }

        await store.SaveAsync(Checkpoint(7, map: 3));
        await store.SaveAsync(Checkpoint(9, task: "other"));

        (await store.LatestAsync("run-1", "t"))!.Sequence.ShouldBe(5);
        (await store.LatestAsync("run-1", "t", 3))!.Sequence.ShouldBe(7);
        (await store.LatestAsync("run-1", "other"))!.Sequence.ShouldBe(9);
        (await store.LatestAsync("run-2", "t")).ShouldBeNull();
    }

    [Fact]
    public async Task CommittedSince_ListsEachTaskInstanceWithACheckpointFromThatTimeOn()
    {
        var store = await NewAsync();
        await store.SaveAsync(Checkpoint(1));
        await store.SaveAsync(Checkpoint(3, task: "other"));
        await store.SaveAsync(Checkpoint(5, map: 2));
        await store.SaveAsync(Checkpoint(6, map: 2));

        var since = await store.CommittedSinceAsync(DateTimeOffset.FromUnixTimeSeconds(1_700_000_003));

        since.OrderBy(t => t.TaskId, StringComparer.Ordinal).ShouldBe([new CheckpointedTask("run-1", "other", -1), new CheckpointedTask("run-1", "t", 2)]);
        (await store.CommittedSinceAsync(DateTimeOffset.FromUnixTimeSeconds(1_700_000_007))).ShouldBeEmpty();
    }

    private static readonly DateTimeOffset T0 = DateTimeOffset.FromUnixTimeSeconds(1_800_000_000);

    private static PartitionLeaseRequest Lease(string member, DateTimeOffset now) =>
        new("run-1", "t", -1, member, ["p0", "p1", "p2", "p3"], TimeSpan.FromSeconds(30), now);

    [Fact]
    public async Task PartitionLeases_AMemberJoining_TakesItsShareOnceTheHolderReleasesIt()
    {
        var store = await NewAsync();
        var a = await store.BalanceLeasesAsync(Lease("a", T0));
        a.Held.ShouldBe(["p0", "p1", "p2", "p3"]);
        a.LiveMembers.ShouldBe(1);

        // b joins: everything is leased, so b waits; a's next heartbeat shows what is over its share.
        var b = await store.BalanceLeasesAsync(Lease("b", T0.AddSeconds(1)));
        b.Held.ShouldBeEmpty();
        b.LiveMembers.ShouldBe(2);
        a = await store.BalanceLeasesAsync(Lease("a", T0.AddSeconds(10)));
        a.Held.ShouldBe(["p0", "p1", "p2", "p3"]);
        a.ToRelease.ShouldBe(["p2", "p3"]);
        (await store.BalanceLeasesAsync(Lease("b", T0.AddSeconds(11)))).Held.ShouldBeEmpty();

        await store.ReleaseLeasesAsync(Lease("a", T0.AddSeconds(12)), a.ToRelease);
        b = await store.BalanceLeasesAsync(Lease("b", T0.AddSeconds(13)));
        b.Held.ShouldBe(["p2", "p3"]);
        a = await store.BalanceLeasesAsync(Lease("a", T0.AddSeconds(20)));
        a.Held.ShouldBe(["p0", "p1"]);
        a.ToRelease.ShouldBeEmpty();
    }

    [Fact]
    public async Task PartitionLeases_OfAMemberThatStopsHeartbeating_GoToTheOthersWhenTheyExpire()
    {
        var store = await NewAsync();
        await store.BalanceLeasesAsync(Lease("a", T0));
        await store.BalanceLeasesAsync(Lease("b", T0));
        var a = await store.BalanceLeasesAsync(Lease("a", T0.AddSeconds(1)));
        await store.ReleaseLeasesAsync(Lease("a", T0.AddSeconds(1)), a.ToRelease);
        (await store.BalanceLeasesAsync(Lease("b", T0.AddSeconds(2)))).Held.ShouldBe(["p2", "p3"]);

        // a is killed: until its membership and leases expire (30 s after its last heartbeat), b keeps its half.
        var b = await store.BalanceLeasesAsync(Lease("b", T0.AddSeconds(20)));
        b.Held.ShouldBe(["p2", "p3"]);
        b.LiveMembers.ShouldBe(2);
        b = await store.BalanceLeasesAsync(Lease("b", T0.AddSeconds(32)));
        b.Held.ShouldBe(["p0", "p1", "p2", "p3"]);
        b.LiveMembers.ShouldBe(1);
    }

    [Fact]
    public async Task SavingTheSameSequenceAgain_ReplacesIt()
    {
        var store = await NewAsync();
        await store.SaveAsync(Checkpoint(1));
        await store.SaveAsync(Checkpoint(1) with { Offsets = """{"0":"999"}""" });

        (await store.LatestAsync("run-1", "t"))!.Offsets.ShouldBe("""{"0":"999"}""");
    }

    [Fact]
    public async Task PurgingARun_DeletesItsCheckpoints_OnlyItsOwn()
    {
        var store = await NewAsync();
        await store.SaveAsync(Checkpoint(1));
        await store.SaveAsync(Checkpoint(2) with { RunId = "run-2" });

        await PurgeRunAsync("run-1");

        (await store.LatestAsync("run-1", "t")).ShouldBeNull();
        (await store.LatestAsync("run-2", "t"))!.Sequence.ShouldBe(2);
    }
}
