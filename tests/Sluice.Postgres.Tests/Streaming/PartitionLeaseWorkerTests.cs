using Npgsql;
using Sluice.Definition.Yaml;
using Sluice.Distributed;
using Sluice.Hosting;
using Sluice.Postgres.Tests.Distributed;
using Sluice.Postgres.Tests.Testing;
using Sluice.State;
using Sluice.Tests.Testing;

namespace Sluice.Postgres.Tests.Streaming;

/// <summary>
/// A stream over a partitioned source (four files, one partition each) run by two <c>sluice worker</c> processes on one
/// PostgreSQL store: the task's two <c>for_each</c> items are members of one lease group, so the partitions are split
/// between the workers; one worker is killed with SIGKILL, the other takes its partitions over from their last
/// checkpoints, and the exactly-once PostgreSQL table sink holds every event once.
/// </summary>
[RequiresPostgres]
public sealed class PartitionLeaseWorkerTests(PostgresFixture server) : IClassFixture<PostgresFixture>, IDisposable
{
    private const int PerPartition = 600;
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task PartitionsSplitBetweenTwoWorkers_OneKilled_TheOtherTakesItsPartitions_NoLossNoDuplicates()
    {
        WorkerProcess.CliDll.ShouldNotBeNull("Sluice.Cli.dll is not built; build src/Sluice.Cli first.");
        var connectionString = await server.CreateDatabaseAsync();
        var input = Directory.CreateDirectory(Path.Combine(_dir.Path, "in")).FullName;
        for (var p = 0; p < 4; p++)
        {
            await File.WriteAllLinesAsync(Path.Combine(input, $"p{p}.ndjson"), Enumerable.Range(0, PerPartition).Select(i => $"{{\"id\":{(p * PerPartition) + i},\"p\":{p}}}"));
        }

        await using (var setup = new NpgsqlConnection(connectionString))
        {
            // Created up front: four partitions starting at once would race to create them.
            await setup.OpenAsync();
            await using var create = new NpgsqlCommand("CREATE TABLE sluice_stream_epochs (sink text PRIMARY KEY, seq bigint NOT NULL); CREATE TABLE leased_out (id bigint, p bigint)", setup);
            await create.ExecuteNonQueryAsync();
        }

        var yaml = $$$"""
            id: leased
            tasks:
              - id: spread
                action: stream
                for_each: "{{ range(2) }}"
                parameters:
                  source: {path: "{{{input}}}/p{partition}.ndjson", partitions: 4, lease: 2s, max_events_per_second: 40, batch_size: 10}
                  columns: {id: int, p: int}
                  sink: {type: postgres, connection: "{{{connectionString}}}", table: leased_out}
                  checkpoint: {interval: 200ms}
            """;
        await using var store = await PostgresStore.OpenAsync(connectionString);
        var actions = SluiceActions.Create();
        var loaded = PipelineLoader.Load(yaml, "leased.yaml", actions);
        loaded.Success.ShouldBeTrue(string.Join("\n", loaded.Diagnostics));
        var runs = new DistributedRuns(store, new WorkerOptions { Actions = actions });
        var run = await runs.StartAsync(loaded.Definition!, loaded.ToVersion(null, TimeProvider.System.GetUtcNow()), new Dictionary<string, object?>());

        var workers = Enumerable.Range(0, 2).Select(_ => WorkerProcess.Start(connectionString, _dir.Path, (IReadOnlyDictionary<string, string?>?)null, "--capacity", "1", "--lease", "3s")).ToList();
        try
        {
            // Both items run, each on its own worker, and the four partitions are split two and two.
            var owners = await WaitAsync(async () =>
            {
                var held = await OwnersAsync(connectionString);
                return held.Count == 2 && held.Values.All(n => n == 2) ? held : null;
            }, "the partitions to be split between the two workers");
            var victimPid = int.Parse(owners.Keys.First().Split('/')[1], System.Globalization.CultureInfo.InvariantCulture);
            var victim = workers.Single(w => w.Pid == victimPid);
            var survivor = workers.Single(w => w.Pid != victimPid);
            victim.Signal("KILL");
            await victim.Process.WaitForExitAsync();

            // The survivor takes the dead worker's partitions when their leases expire.
            await WaitAsync(async () =>
            {
                var held = await OwnersAsync(connectionString);
                return held.Count == 1 && held.Keys.Single().Split('/')[1] == survivor.Pid.ToString(System.Globalization.CultureInfo.InvariantCulture) && held.Values.Single() == 4 ? held : null;
            }, "the survivor to hold all four partitions");

            var final = await runs.WaitAsync(run.RunId, TimeSpan.FromMinutes(3));
            final.State.ShouldBe(RunState.Succeeded, final.Error + "\n" + survivor.Output);
            survivor.Output.ShouldNotContain("Unhandled");
        }
        finally
        {
            foreach (var w in workers)
            {
                await w.StopAsync(TimeSpan.FromSeconds(10));
                w.Dispose();
            }
        }

        await using var conn = new NpgsqlConnection(connectionString);
        await conn.OpenAsync();
        await using var count = new NpgsqlCommand("SELECT count(*), count(DISTINCT id), min(id), max(id) FROM leased_out", conn);
        await using var r = await count.ExecuteReaderAsync();
        (await r.ReadAsync()).ShouldBeTrue();
        (r.GetInt64(0), r.GetInt64(1), r.GetInt64(2), r.GetInt64(3)).ShouldBe((4L * PerPartition, 4L * PerPartition, 0L, (4L * PerPartition) - 1));
    }

    /// <summary>Unexpired lease holders (member names start with host/pid) and how many partitions each holds.</summary>
    private static async Task<Dictionary<string, int>> OwnersAsync(string connectionString)
    {
        await using var conn = new NpgsqlConnection(connectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand("SELECT to_regclass('stream_partition_leases') IS NOT NULL", conn);
        if (await cmd.ExecuteScalarAsync() is not true)
        {
            return [];
        }

        await using var owners = new NpgsqlCommand("SELECT owner, count(*) FROM stream_partition_leases WHERE owner IS NOT NULL AND expires_at > now() GROUP BY owner", conn);
        await using var r = await owners.ExecuteReaderAsync();
        var held = new Dictionary<string, int>(StringComparer.Ordinal);
        while (await r.ReadAsync())
        {
            held[r.GetString(0)] = (int)r.GetInt64(1);
        }

        return held;
    }

    private static async Task<T> WaitAsync<T>(Func<Task<T?>> probe, string what) where T : class
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        while (true)
        {
            if (await probe() is { } value)
            {
                return value;
            }

            if (timeout.IsCancellationRequested)
            {
                throw new TimeoutException($"timed out waiting for {what}");
            }

            await Task.Delay(100);
        }
    }
}
