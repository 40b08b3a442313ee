using System.Text.Json;
using Microsoft.Data.Sqlite;
using Sluice.Cli.Tests.Testing;
using Sluice.Hosting.Library;
using Sluice.Streaming.Nexmark;
using Sluice.Tests.Testing;

namespace Sluice.Cli.Tests;

/// <summary>
/// The exactly-once SQLite table sink across a SIGKILL: Nexmark bids counted per auction in tumbling 10 s windows are
/// appended to a table (append, so a duplicate would show); the run is killed after checkpoints were committed to the
/// table and resumed. The table must hold exactly the rows of an uninterrupted run.
/// </summary>
public sealed class StreamingTableSinkResumeCliTests : IDisposable
{
    private const string Pipeline = """
        id: table_sink_resume
        inputs:
          db: {type: string}
        tasks:
          - id: counts
            action: stream
            parameters:
              source: {path: DIR/events.ndjson, max_events_per_second: 4000, batch_size: 200}
              columns: {type: string, auction: int, dateTime: timestamp}
              event_time: {column: dateTime, max_out_of_orderness: 5s}
              steps:
                - filter: "type == 'bid'"
                - window: {type: tumbling, size: 10s, key: auction, aggregates: {bids: "count()"}}
              sink: {database: "{{ inputs.db }}", table: bid_counts}
              checkpoint: {interval: 200ms}
            outputs: [stats]
        """;

    private readonly TempDirectory _dir = new();

    [Fact]
    public async Task Resume_AfterSigkill_TableHoldsEachRowOnce()
    {
        using (var writer = new StreamWriter(_dir.File("events.ndjson")))
        {
            new NexmarkGenerator(5).Write(writer, 20_000);
        }

        File.WriteAllText(_dir.File("counts.yaml"), Pipeline.Replace("DIR/", _dir.Path + "/", StringComparison.Ordinal));
        var expected = await SluicePipelines.ExecuteAsync(_dir.File("counts.yaml"), new Dictionary<string, object?> { ["db"] = _dir.File("expected.db") }, new PipelineExecutionOptions { Store = _dir.File("reference.db") });
        expected.Outcome.State.ShouldBe(Sluice.State.RunState.Succeeded, expected.Outcome.Error);
        var output = _dir.File("out.db");

        using (var run = SluiceCli.Start(_dir.Path, "run", "counts.yaml", "--input", "db=" + output))
        {
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (Epoch(output) < 3)
            {
                run.Process.HasExited.ShouldBeFalse(run.Stderr);
                DateTime.UtcNow.ShouldBeLessThan(deadline, "no checkpoint reached the table: " + run.Stderr);
                await Task.Delay(20);
            }

            run.Signal("KILL");
            await run.Process.WaitForExitAsync();
        }

        var id = JsonDocument.Parse((await SluiceCli.RunAsync(_dir.Path, "runs", "--json")).Stdout).RootElement[0].GetProperty("run_id").GetString()!;

        var resume = await SluiceCli.RunAsync(_dir.Path, "resume", id);

        resume.ExitCode.ShouldBe(0, resume.ToString());
        var rows = Rows(output);
        rows.Count.ShouldBeGreaterThan(100);
        rows.ShouldBe(Rows(_dir.File("expected.db")));
    }

    /// <summary>The last checkpoint the table committed, 0 before any.</summary>
    private static long Epoch(string db)
    {
        if (!File.Exists(db))
        {
            return 0;
        }

        try
        {
            using var c = new SqliteConnection($"Data Source={db};Mode=ReadOnly;Pooling=false");
            c.Open();
            using var cmd = c.CreateCommand();
            cmd.CommandText = "SELECT coalesce(max(seq), 0) FROM sluice_stream_epochs";
            return (long)cmd.ExecuteScalar()!;
        }
        catch (SqliteException)
        {
            // The table does not exist yet, or the writer holds the lock: ask again.
            return 0;
        }
    }

    private static List<string> Rows(string db)
    {
        using var c = new SqliteConnection($"Data Source={db};Mode=ReadOnly;Pooling=false");
        c.Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT window_start || ',' || window_end || ',' || auction || ',' || bids FROM bid_counts ORDER BY window_start, auction, bids";
        using var r = cmd.ExecuteReader();
        var rows = new List<string>();
        while (r.Read())
        {
            rows.Add(r.GetString(0));
        }

        return rows;
    }

    public void Dispose() => _dir.Dispose();
}
