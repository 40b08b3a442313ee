using Sluice.Postgres.Scheduling;
using Sluice.Postgres.State;
using Sluice.Postgres.Tests.Testing;
using Sluice.Scheduling;
using static Sluice.Postgres.Tests.Scheduling.LockSessions;

namespace Sluice.Postgres.Tests.Scheduling;

/// <summary>Fault tests: they restart the server, so they have one of their own.</summary>
[RequiresPostgres]
public sealed class SchedulingRestartTests(PostgresFixture server) : IClassFixture<PostgresFixture>
{
    [Fact]
    public async Task ServerRestart_EndsTheLeadersTerm_StoreReconnects_AndLeadershipCanBeTakenAgain()
    {
        var db = await server.CreateDatabaseAsync();
        await using var store = new PostgresScheduleStore(new PostgresStoreOptions { ConnectionString = db });
        await store.InitializeAsync();
        await using var leader = new SchedulerLeadership(new SchedulerLeadershipOptions { ConnectionString = db, KeepAliveInterval = TimeSpan.FromMilliseconds(200) });
        (await leader.TryAcquireAsync()).ShouldBeTrue();
        var term = leader.LeadershipToken;
        var first = new ScheduledFire("p", 0, new DateTimeOffset(2026, 1, 1, 0, 0, 1, TimeSpan.Zero), false);
        (await store.RecordFireAsync(first, first.LogicalDate)).ShouldBeTrue();

        server.Restart();

        await EventuallyAsync(() => Task.FromResult(term.IsCancellationRequested), "the leader notices its lock session died with the server");
        leader.IsLeader.ShouldBeFalse();
        // The pooled store connections died too: the next operation reconnects instead of failing.
        var second = first with { LogicalDate = first.LogicalDate.AddSeconds(1) };
        (await store.RecordFireAsync(second, second.LogicalDate)).ShouldBeTrue();
        (await store.GetPendingFiresAsync()).Select(static f => f.LogicalDate).ShouldBe([first.LogicalDate, second.LogicalDate]);
        await using var other = new SchedulerLeadership(new SchedulerLeadershipOptions { ConnectionString = db });
        await EventuallyAsync(() => other.TryAcquireAsync(), "a scheduler acquires the lock on the restarted server");
        (await leader.TryAcquireAsync()).ShouldBeFalse();
    }
}
