using System.Diagnostics;
using System.Globalization;
using Sluice.Postgres.State;
using Sluice.Postgres.Tests.Testing;
using Sluice.State;
using Xunit.Abstractions;

namespace Sluice.Postgres.Tests.State;

/// <summary>
/// CommitAsync throughput for batches of 10,000 mapped task rows (plus one attempt row each), as the
/// executor's group commit produces them for a large <c>for_each</c>. Reports, does not assert.
/// Run: <c>SLUICE_BENCH=1 dotnet test tests/Sluice.Postgres.Tests --filter Category=Benchmark --logger "console;verbosity=detailed"</c>.
/// </summary>
[RequiresPostgres]
[Collection(PostgresServerGroup.Name)]
[Trait("Category", "Benchmark")]
public sealed class PostgresCommitBenchmark(PostgresFixture server, ITestOutputHelper output)
{
    private const int RowsPerBatch = 10_000;
    private const int Batches = 10;

    [BenchmarkFact]
    public async Task Commit_TenThousandRowBatches_Throughput()
    {
        await using var store = new PostgresStateStore(new PostgresStoreOptions { ConnectionString = await server.CreateDatabaseAsync() });
        await store.InitializeAsync();
        await store.CreateRunAsync(Records.Run("r1"));
        await store.CommitAsync(MakeBatch("warmup", TaskState.Running));

        foreach (var (label, state) in new[] { ("insert", TaskState.Running), ("update", TaskState.Succeeded) })
        {
            var batches = Enumerable.Range(0, Batches).Select(b => MakeBatch($"m{b}", state)).ToArray();
            var clock = Stopwatch.StartNew();
            foreach (var batch in batches)
            {
                await store.CommitAsync(batch);
            }
            clock.Stop();
            var rows = (double)Batches * RowsPerBatch;
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{label}: {Batches} x {RowsPerBatch} task rows (+ attempts) in {clock.Elapsed.TotalMilliseconds:0} ms = {clock.Elapsed.TotalMilliseconds / Batches:0.0} ms/batch, {rows / clock.Elapsed.TotalSeconds:0} rows/s"));
        }
        (await store.GetTaskInstancesAsync("r1")).Count.ShouldBe((Batches + 1) * RowsPerBatch);
    }

    private static StateBatch MakeBatch(string task, TaskState state)
    {
        var batch = new StateBatch();
        for (var i = 0; i < RowsPerBatch; i++)
        {
            batch.Tasks.Add(Records.Task("r1", task, i, state) with { OutputsJson = "{\"rows\":1234,\"path\":\"out/part-0001.parquet\"}" });
            batch.Attempts.Add(new AttemptRecord("r1", task, i, 1, state, Records.T0, null, null, "host:1234"));
        }
        return batch;
    }
}
