using System.Globalization;
using System.Text.Json;
using Npgsql;
using Sluice.Hosting.Library;
using Sluice.Postgres.Tests.Testing;
using Sluice.Streaming.Nexmark;
using Sluice.Tests.Testing;

namespace Sluice.Postgres.Tests.Streaming;

/// <summary>
/// The exactly-once PostgreSQL table sink on the real server: rows are upserted by the key (a late update replaces its
/// window's row) or appended, in the transaction that records the checkpoint's sequence; a SIGKILL of <c>sluice run</c>
/// followed by <c>sluice resume</c> leaves every row in the table once.
/// </summary>
[RequiresPostgres]
[Collection(PostgresServerGroup.Name)]
public sealed class PostgresTableSinkTests(PostgresFixture server) : IDisposable
{
    private readonly TempDirectory _dir = new();

    private static string Pipeline(string extra) => $$$"""
        id: pg_sink
        inputs:
          db: {type: string}
          table: {type: string}
        tasks:
          - id: counts
            action: stream
            parameters:
              source: {path: DIR/events.ndjson{{{extra}}}}
              columns: {type: string, auction: int, dateTime: timestamp}
              event_time: {column: dateTime, max_out_of_orderness: 5s}
              steps:
                - filter: "type == 'bid'"
                - window: {type: tumbling, size: 10s, key: auction, aggregates: {bids: "count()", first_bid: "first(dateTime)"}}
              sink: {type: postgres, connection: "{{ inputs.db }}", table: "{{ inputs.table }}"}
              checkpoint: {interval: 200ms}
            outputs: [stats]
        """;

    [Fact]
    public async Task Sink_WithKey_LateUpdateReplacesItsRow()
    {
        var db = await server.CreateDatabaseAsync();
        File.WriteAllLines(_dir.File("events.ndjson"), [
            """{"k":"a","t":1000}""", """{"k":"a","t":2000}""", """{"k":"b","t":3000}""", """{"k":"a","t":15000}""", """{"k":"a","t":4000}""",
        ]);
        File.WriteAllText(_dir.File("late.yaml"), $$"""
            id: pg_upsert
            tasks:
              - id: counts
                action: stream
                parameters:
                  source: {path: {{_dir.File("events.ndjson")}}, batch_size: 1}
                  columns: {k: string, t: int}
                  event_time: {column: t}
                  steps:
                    - window: {type: tumbling, size: 10s, key: k, aggregates: {n: "count()"}, allowed_lateness: 10s}
                  sink: {type: postgres, connection: "{{db}}", table: analytics.counts, key: [window_start, k]}
            """);
        await ExecuteAsync(db, "CREATE SCHEMA analytics");

        var result = await SluicePipelines.ExecuteAsync(_dir.File("late.yaml"), null, new PipelineExecutionOptions { Store = _dir.File("sluice.db") });

        result.Outcome.State.ShouldBe(Sluice.State.RunState.Succeeded, result.Outcome.Error);
        (await RowsAsync(db, "SELECT window_start || ',' || k || ',' || n FROM analytics.counts ORDER BY 1")).ShouldBe(["0,a,3", "0,b,1", "10000,a,1"]);
        var stats = (IReadOnlyDictionary<string, object?>)((IReadOnlyDictionary<string, object?>)result.Outcome.Outputs["counts"]!)["stats"]!;
        stats["events_out"].ShouldBe(4L, "window 0 of a was emitted twice (on time, then updated by the late event)");
    }

    [Fact]
    public async Task Resume_AfterSigkill_TableHoldsEachRowOnce()
    {
        var db = await server.CreateDatabaseAsync();
        var referenceDb = await server.CreateDatabaseAsync();
        using (var writer = new StreamWriter(_dir.File("events.ndjson")))
        {
            new NexmarkGenerator(5).Write(writer, 20_000);
        }

        File.WriteAllText(_dir.File("counts.yaml"), Pipeline(", max_events_per_second: 4000, batch_size: 200").Replace("DIR/", _dir.Path + "/", StringComparison.Ordinal));
        var expected = await SluicePipelines.ExecuteAsync(_dir.File("counts.yaml"), new Dictionary<string, object?> { ["db"] = referenceDb, ["table"] = "bid_counts" }, new PipelineExecutionOptions { Store = _dir.File("reference.db") });
        expected.Outcome.State.ShouldBe(Sluice.State.RunState.Succeeded, expected.Outcome.Error);

        using (var run = SluiceProcess.Start(_dir.Path, "run", "counts.yaml", "--input", "db=" + db, "--input", "table=bid_counts"))
        {
            var deadline = DateTime.UtcNow.AddSeconds(90);
            while (await EpochAsync(db) < 3)
            {
                run.Process.HasExited.ShouldBeFalse(run.Output);
                DateTime.UtcNow.ShouldBeLessThan(deadline, "no checkpoint reached the table: " + run.Output);
                await Task.Delay(20);
            }

            run.Signal("KILL");
            await run.Process.WaitForExitAsync();
        }

        var runs = await SluiceProcess.RunAsync(_dir.Path, "runs", "--json");
        var id = JsonDocument.Parse(runs.Output[runs.Output.IndexOf('[', StringComparison.Ordinal)..]).RootElement[0].GetProperty("run_id").GetString()!;

        var resume = await SluiceProcess.RunAsync(_dir.Path, "resume", id);

        resume.ExitCode.ShouldBe(0, resume.Output);
        const string Select = "SELECT window_start || ',' || window_end || ',' || auction || ',' || bids || ',' || to_char(first_bid AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.MS') FROM {0} ORDER BY window_start, auction, bids";
        var rows = await RowsAsync(db, string.Format(CultureInfo.InvariantCulture, Select, "bid_counts"));
        rows.Count.ShouldBeGreaterThan(100);
        rows.ShouldBe(await RowsAsync(referenceDb, string.Format(CultureInfo.InvariantCulture, Select, "bid_counts")));
        rows.Distinct().Count().ShouldBe(rows.Count, "an appended row was written twice");
    }

    /// <summary>The last checkpoint the sink committed to <paramref name="db"/>, 0 before any.</summary>
    private static async Task<long> EpochAsync(string db)
    {
        try
        {
            return long.Parse((await RowsAsync(db, "SELECT coalesce(max(seq), 0)::text FROM sluice_stream_epochs"))[0], CultureInfo.InvariantCulture);
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.UndefinedTable)
        {
            // No commit yet: ask again.
            return 0;
        }
    }

    private static async Task<List<string>> RowsAsync(string db, string sql)
    {
        await using var c = new NpgsqlConnection(db);
        await c.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, c);
        await using var r = await cmd.ExecuteReaderAsync();
        var rows = new List<string>();
        while (await r.ReadAsync())
        {
            rows.Add(r.GetString(0));
        }

        return rows;
    }

    private static async Task ExecuteAsync(string db, string sql)
    {
        await using var c = new NpgsqlConnection(db);
        await c.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, c);
        await cmd.ExecuteNonQueryAsync();
    }

    public void Dispose() => _dir.Dispose();
}
