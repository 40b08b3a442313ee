using Npgsql;
using Sluice.Actions.BuiltIn;
using Sluice.Definition.Yaml;
using Sluice.Distributed;
using Sluice.Postgres.Tests.Testing;
using Sluice.State;

namespace Sluice.Postgres.Tests.Distributed;

/// <summary>Fault tests with real <c>sluice worker</c> processes sharing one PostgreSQL.</summary>
[RequiresPostgres]
[Collection(PostgresServerGroup.Name)]
public sealed class WorkerFaultTests(PostgresFixture server)
{
    // start ──► work (for_each 2,000 items, each a short 'sleep' process) ──► done
    private const string Yaml = """
        id: fault_2000
        tasks:
          - id: start
            action: noop
          - id: work
            action: shell
            for_each: "{{ range(2000) }}"
            parameters: {args: ["sleep", "0.02"]}
            dependencies: [start]
          - id: done
            action: noop
            dependencies: [work]
        """;

    [Fact]
    public async Task ThreeWorkers_OneKilledWithSigkillMidRun_RunCompletesEveryInstanceSucceededOnceAndLostAttemptsCounted()
    {
        WorkerProcess.CliDll.ShouldNotBeNull("Sluice.Cli.dll is not built; build the solution (or src/Sluice.Cli) first.");
        var connectionString = await server.CreateDatabaseAsync();
        await using var store = await PostgresStore.OpenAsync(connectionString);
        var loaded = PipelineLoader.Load(Yaml, "fault.yaml", BuiltInActions.CreateRegistry());
        var definition = loaded.Definition.ShouldNotBeNull(string.Join("\n", loaded.Diagnostics));
        var version = new PipelineVersionRecord(definition.Id, loaded.ContentHash, null, null, Yaml, "fault.yaml", Records.T0);
        var runs = new DistributedRuns(store);
        var run = await runs.StartAsync(definition, version, new Dictionary<string, object?>());

        var workers = Enumerable.Range(0, 3).Select(_ => WorkerProcess.Start(connectionString, "--capacity", "8", "--lease", "3s")).ToList();
        try
        {
            await WaitForAsync(async () => await CountAsync(connectionString, "SELECT count(*) FROM task_instances WHERE task_id = 'work' AND map_index >= 0 AND state = 'succeeded'") >= 500);
            var victim = workers[1];
            victim.Signal("KILL");
            await victim.Process.WaitForExitAsync();
            // Frozen at death: the items the killed worker held (running, or done but not committed).
            var lost = await LeasedByPidAsync(connectionString, victim.Pid);

            var final = await runs.WaitAsync(run.RunId, TimeSpan.FromMinutes(4));

            final.State.ShouldBe(RunState.Succeeded, $"{final.Error}\n--- worker 0\n{workers[0].Output}\n--- worker 2\n{workers[2].Output}");
            lost.ShouldNotBeEmpty("the killed worker held no lease: the test did not kill mid-work");
            var rows = await store.State.GetTaskInstancesAsync(run.RunId);
            rows.Count.ShouldBe(1 + 1 + 2000 + 1);
            rows.ShouldAllBe(r => r.State == TaskState.Succeeded);
            var attempts = await store.State.GetAttemptsAsync(run.RunId);
            attempts.Where(a => a.State == TaskState.Succeeded).GroupBy(a => (a.TaskId, a.MapIndex)).ShouldAllBe(g => g.Count() == 1);
            attempts.Count(a => a.State == TaskState.Succeeded).ShouldBe(2 + 2000); // the mapped parent has no attempts of its own
            var byKey = rows.ToDictionary(r => (r.TaskId, r.MapIndex));
            foreach (var (task, map, attempt) in lost)
            {
                byKey[(task, map)].Attempt.ShouldBe(attempt + 1, $"{task}[{map}] was in flight on the killed worker at attempt {attempt}");
                var lostAttempt = attempts.Single(a => a.TaskId == task && a.MapIndex == map && a.Attempt == attempt);
                lostAttempt.State.ShouldBe(TaskState.UpForRetry);
                lostAttempt.Error.ShouldNotBeNull().ShouldContain("lease lost");
            }
            var lostKeys = lost.Select(l => (l.Task, l.Map)).ToHashSet();
            rows.Where(r => !lostKeys.Contains((r.TaskId, r.MapIndex))).ShouldAllBe(r => r.Attempt <= 1);
            (await CountAsync(connectionString, "SELECT count(*) FROM work_items")).ShouldBe(0);
        }
        finally
        {
            foreach (var w in workers)
            {
                (await w.StopAsync(TimeSpan.FromSeconds(30)) || w.Process.HasExited).ShouldBeTrue();
                w.Dispose();
            }
        }
    }

    private static async Task<long> CountAsync(string connectionString, string sql)
    {
        await using var conn = new NpgsqlConnection(connectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, conn);
        return (long)(await cmd.ExecuteScalarAsync())!;
    }

    private static async Task<List<(string Task, int Map, int Attempt)>> LeasedByPidAsync(string connectionString, int pid)
    {
        await using var conn = new NpgsqlConnection(connectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand("SELECT task_id, map_index, attempt FROM work_items WHERE state = 'leased' AND split_part(lease_owner, ':', 2) = $1", conn);
        cmd.Parameters.AddWithValue(pid.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var list = new List<(string, int, int)>();
        await using var r = await cmd.ExecuteReaderAsync();
        while (await r.ReadAsync())
        {
            list.Add((r.GetString(0), r.GetInt32(1), r.GetInt32(2)));
        }
        return list;
    }

    private static async Task WaitForAsync(Func<Task<bool>> condition)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        while (!await condition())
        {
            await Task.Delay(50, cts.Token);
        }
    }
}
