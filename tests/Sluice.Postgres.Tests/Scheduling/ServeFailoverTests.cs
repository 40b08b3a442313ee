using Sluice.Postgres.Scheduling;
using Sluice.Postgres.State;
using Sluice.Postgres.Tests.Distributed;
using Sluice.Postgres.Tests.Testing;
using Sluice.Scheduling;
using Sluice.State;
using static Sluice.Postgres.Tests.Scheduling.LockSessions;

namespace Sluice.Postgres.Tests.Scheduling;

/// <summary>
/// Two real <c>sluice serve --no-execute</c> processes on one PostgreSQL with a per-second cron, and one real
/// <c>sluice worker</c> executing the runs: the scheduler leader is killed with SIGKILL and the other server
/// takes over.
/// </summary>
[RequiresPostgres]
[Collection(PostgresServerGroup.Name)]
public sealed class ServeFailoverTests(PostgresFixture server) : IDisposable
{
    private const string Pipeline = """
        id: tick
        triggers:
          - {type: cron, cron: "* * * * * *", catchup: true, max_catchup_runs: 0}
        tasks:
          - id: t
            action: noop
        """;

    private readonly string _dir = Path.Combine(Path.GetTempPath(), "sluice-failover-" + Guid.NewGuid().ToString("N")[..10]);

    [Fact]
    public async Task LeaderKilled_OtherServerTakesOver_CronFiresContinueWithoutGapOrDoubleFire()
    {
        WorkerProcess.CliDll.ShouldNotBeNull("Sluice.Cli.dll is not built; build the solution (or src/Sluice.Cli) first.");
        var db = await server.CreateDatabaseAsync();
        var pipelines = Directory.CreateDirectory(Path.Combine(_dir, "pipelines")).FullName;
        await File.WriteAllTextAsync(Path.Combine(pipelines, "tick.yaml"), Pipeline);

        using var leader = ServeProcess.Start(Path.Combine(_dir, "a"), pipelines, db, "--no-execute");
        await leader.WaitForOutputAsync("This server leads the scheduler");
        using var follower = ServeProcess.Start(Path.Combine(_dir, "b"), pipelines, db, "--no-execute");
        await follower.WaitForOutputAsync("this one stands by");
        using var worker = WorkerProcess.Start(db);
        await using var state = new PostgresStateStore(new PostgresStoreOptions { ConnectionString = db });
        await state.InitializeAsync();
        async Task<IReadOnlyList<RunRecord>> RunsAsync() => await state.ListRunsAsync(new RunQuery("tick", Limit: 10_000));

        await EventuallyAsync(async () => (await RunsAsync()).Count >= 3, "the leader has fired a few times");
        await leader.SignalAndWaitAsync("KILL");
        var lastBeforeKill = (await RunsAsync()).Max(static r => r.LogicalDate!.Value);
        await follower.WaitForOutputAsync("This server leads the scheduler");
        var end = lastBeforeKill.AddSeconds(8);
        await EventuallyAsync(async () => (await RunsAsync()).Any(r => r.LogicalDate >= end), "the new leader fires past the kill");

        // Catch-up fires for the seconds nobody led are delivered concurrently; wait until each is created.
        IReadOnlyList<RunRecord> runs = [];
        DateTimeOffset first = default;
        await EventuallyAsync(async () =>
        {
            runs = [.. (await RunsAsync()).Where(r => r.LogicalDate <= end).OrderBy(static r => r.LogicalDate)];
            first = runs[0].LogicalDate!.Value;
            return runs.Count == (int)(end - first).TotalSeconds + 1 && runs.All(static r => r.State == RunState.Succeeded);
        }, "every second up to the end has a succeeded run");

        var dates = runs.Select(static r => r.LogicalDate!.Value).ToList();
        dates.ShouldBe(Enumerable.Range(0, dates.Count).Select(i => first.AddSeconds(i)), "logical dates are consecutive seconds, each once");
        runs.ShouldAllBe(static r => r.RunId == ScheduledFire.RunIdFor("tick", r.LogicalDate!.Value) && r.Trigger == "cron");
        await using var schedules = new PostgresScheduleStore(new PostgresStoreOptions { ConnectionString = db });
        await schedules.InitializeAsync();
        var fires = (await schedules.ListFiresAsync("tick", limit: 10_000)).Where(f => f.Fire.LogicalDate <= end).Select(static f => f.Fire.LogicalDate).Order().ToList();
        fires.ShouldBe((IEnumerable<DateTimeOffset>)dates, "each second was recorded as fired exactly once");
        dates.Count(d => d > lastBeforeKill).ShouldBe(8, "fires continued after the kill");

        await follower.SignalAndWaitAsync("TERM");
        (await worker.StopAsync(TimeSpan.FromSeconds(30))).ShouldBeTrue(worker.Output);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
