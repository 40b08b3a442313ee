using System.Globalization;
using System.Text.Json;
using Npgsql;
using Sluice.Hosting.Library;
using Sluice.Postgres.Tests.Testing;
using Sluice.Tests.Testing;

namespace Sluice.Postgres.Tests.Streaming;

/// <summary>
/// The PostgreSQL CDC source on the real server (started with <c>wal_level=logical</c>): inserts, updates and deletes
/// of a published table arrive by logical replication (pgoutput) and are counted per operation in tumbling windows of
/// their <c>t</c> column. The slot's confirmed flush position moves only with committed checkpoints, so a later run
/// continues after them, and a SIGKILL of <c>sluice run</c> followed by <c>sluice resume</c> loses and repeats nothing.
/// </summary>
[RequiresPostgres]
[Collection(PostgresServerGroup.Name)]
public sealed class PostgresCdcSourceTests(PostgresFixture server) : IDisposable
{
    private readonly TempDirectory _dir = new();

    /// <summary>A table with a publication and a slot; returns the connection string and the slot's name.</summary>
    private async Task<(string Connection, string Slot)> SetUpAsync()
    {
        var connection = await server.CreateDatabaseAsync();
        var slot = "s_" + new NpgsqlConnectionStringBuilder(connection).Database;
        await ExecuteAsync(connection,
            "CREATE TABLE orders (id int PRIMARY KEY, k text NOT NULL, t bigint NOT NULL)",
            "ALTER TABLE orders REPLICA IDENTITY FULL",
            "CREATE PUBLICATION orders_pub FOR TABLE orders",
            $"SELECT pg_create_logical_replication_slot('{slot}', 'pgoutput')");
        return (connection, slot);
    }

    private static async Task ExecuteAsync(string connection, params string[] statements)
    {
        await using var c = new NpgsqlConnection(connection);
        await c.OpenAsync();
        foreach (var sql in statements)
        {
            await using var cmd = new NpgsqlCommand(sql, c);
            await cmd.ExecuteNonQueryAsync();
        }
    }

    /// <summary>
    /// Inserts ids [0, count) in transactions of five rows; once id 29 is in, updates ids 10–14 and deletes 20–22 (in the
    /// watermark's 30 s of disorder, so they are on time).
    /// </summary>
    private static async Task ChangeAsync(string connection, int count)
    {
        for (var i = 0; i < count; i += 5)
        {
            var rows = Enumerable.Range(i, Math.Min(5, count - i)).Select(static n => string.Create(CultureInfo.InvariantCulture, $"({n}, '{"abc"[n % 3]}', {n * 1000L})"));
            await ExecuteAsync(connection, $"INSERT INTO orders VALUES {string.Join(", ", rows)}");
            if (i == 25)
            {
                await ExecuteAsync(connection, "UPDATE orders SET k = 'z' WHERE id BETWEEN 10 AND 14", "DELETE FROM orders WHERE id BETWEEN 20 AND 22");
            }
        }
    }

    /// <summary>The windowed counts per operation for inserts of ids [0, count) plus the update and delete of <see cref="ChangeAsync"/>.</summary>
    private static string[] Expected(int count) =>
    [
        "window_start,window_end,op,n",
        .. Enumerable.Range(0, count).Select(static i => (Op: "insert", Id: i))
            .Concat(Enumerable.Range(10, 5).Select(static i => (Op: "update", Id: i)))
            .Concat(Enumerable.Range(20, 3).Select(static i => (Op: "delete", Id: i)))
            .GroupBy(static e => (Window: e.Id / 10 * 10_000L, e.Op))
            .Select(static g => string.Create(CultureInfo.InvariantCulture, $"{g.Key.Window},{g.Key.Window + 10_000},{g.Key.Op},{g.Count()}"))
            .Order(StringComparer.Ordinal)
            .OrderBy(static l => long.Parse(l.Split(',')[0], CultureInfo.InvariantCulture)),
    ];

    private static string Pipeline(string connection, string slot, string sink, string extra = "") => $$$"""
        id: cdc_counts
        tasks:
          - id: counts
            action: stream
            parameters:
              source: {type: postgres_cdc, connection: "{{{connection}}}", slot: {{{slot}}}, publication: orders_pub, bounded: true{{{extra}}}}
              columns: {op: string, id: int, k: string, t: int}
              event_time: {column: t, max_out_of_orderness: 30s}
              steps:
                - window: {type: tumbling, size: 10s, key: op, aggregates: {n: "count()"}}
              sink: {path: "{{{sink}}}", sort: true}
              checkpoint: {interval: 100ms}
            outputs: [stats]
        """;

    private static long EventsIn(PipelineExecutionResult result) =>
        (long)((IReadOnlyDictionary<string, object?>)((IReadOnlyDictionary<string, object?>)result.Outcome.Outputs["counts"]!)["stats"]!)["events_in"]!;

    [Fact]
    public async Task Changes_ReachWindowedAggregate_AndTheSlotAdvancesWithCheckpoints()
    {
        var (connection, slot) = await SetUpAsync();
        await ChangeAsync(connection, 95);
        File.WriteAllText(_dir.File("cdc.yaml"), Pipeline(connection, slot, _dir.File("counts.csv")));

        var first = await SluicePipelines.ExecuteAsync(_dir.File("cdc.yaml"), null, new PipelineExecutionOptions { Store = _dir.File("sluice.db") });

        first.Outcome.State.ShouldBe(Sluice.State.RunState.Succeeded, first.Outcome.Error);
        File.ReadAllLines(_dir.File("counts.csv")).ShouldBe(Expected(95));
        EventsIn(first).ShouldBe(95 + 5 + 3);

        await ExecuteAsync(connection, "INSERT INTO orders VALUES (1000, 'a', 1000000)");
        var second = await SluicePipelines.ExecuteAsync(_dir.File("cdc.yaml"), null, new PipelineExecutionOptions { Store = _dir.File("sluice.db") });

        second.Outcome.State.ShouldBe(Sluice.State.RunState.Succeeded, second.Outcome.Error);
        EventsIn(second).ShouldBe(1, "a new run continues after the slot's confirmed flush position: the first run's checkpoints");
        File.ReadAllLines(_dir.File("counts.csv")).ShouldBe(["window_start,window_end,op,n", "1000000,1010000,insert,1"]);
    }

    [Fact]
    public async Task MissingPublication_FailsWithLocatedError()
    {
        var (connection, slot) = await SetUpAsync();
        File.WriteAllText(_dir.File("cdc.yaml"), Pipeline(connection, slot, _dir.File("counts.csv")).Replace("orders_pub", "nope_pub", StringComparison.Ordinal));

        var result = await SluicePipelines.ExecuteAsync(_dir.File("cdc.yaml"), null, new PipelineExecutionOptions { Store = _dir.File("sluice.db") });

        result.Outcome.State.ShouldBe(Sluice.State.RunState.Failed);
        result.Outcome.Error.ShouldNotBeNull().ShouldContain("counts.parameters.source.publication: the publication 'nope_pub' does not exist");
    }

    [Fact]
    public async Task Resume_AfterSigkill_ContinuesFromCheckpoint_NoLossNoDuplicates()
    {
        const int Rows = 1500;
        var (connection, slot) = await SetUpAsync();
        await ChangeAsync(connection, Rows);
        File.WriteAllText(_dir.File("cdc.yaml"), Pipeline(connection, slot, _dir.File("counts.csv"), ", batch_size: 10, max_events_per_second: 500"));
        var parts = _dir.File("counts.csv.parts");

        using (var run = SluiceProcess.Start(_dir.Path, "run", "cdc.yaml"))
        {
            var deadline = DateTime.UtcNow.AddSeconds(90);
            while (!Directory.Exists(parts) || Directory.GetFiles(parts, "part-*.csv").Length < 3)
            {
                run.Process.HasExited.ShouldBeFalse(run.Output);
                DateTime.UtcNow.ShouldBeLessThan(deadline, "no checkpoint was published: " + run.Output);
                await Task.Delay(20);
            }

            run.Signal("KILL");
            await run.Process.WaitForExitAsync();
        }

        File.Exists(_dir.File("counts.csv")).ShouldBeFalse("the kill must land before the stream ended");
        var runs = await SluiceProcess.RunAsync(_dir.Path, "runs", "--json");
        var id = JsonDocument.Parse(runs.Output[runs.Output.IndexOf('[', StringComparison.Ordinal)..]).RootElement[0].GetProperty("run_id").GetString()!;

        var resume = await SluiceProcess.RunAsync(_dir.Path, "resume", id);

        resume.ExitCode.ShouldBe(0, resume.Output);
        File.ReadAllLines(_dir.File("counts.csv")).ShouldBe(Expected(Rows));
        var show = await SluiceProcess.RunAsync(_dir.Path, "show", id, "--json");
        var task = JsonDocument.Parse(show.Output[show.Output.IndexOf('{', StringComparison.Ordinal)..]).RootElement
            .GetProperty("tasks").EnumerateArray().Single(t => t.GetProperty("id").GetString() == "counts");
        task.GetProperty("outputs").GetProperty("stats").GetProperty("events_in").GetInt64().ShouldBe(Rows + 5 + 3, "each change is counted once across the kill");
    }

    public void Dispose() => _dir.Dispose();
}
