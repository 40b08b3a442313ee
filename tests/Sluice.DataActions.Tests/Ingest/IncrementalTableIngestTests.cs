using System.Globalization;
using Microsoft.Data.Sqlite;
using Sluice.Datasets;
using Sluice.State;

using Sluice.DataActions.Tests.Testing;

namespace Sluice.DataActions.Tests.Ingest;

/// <summary>
/// <c>ingest_from_sources</c> with <c>incremental: {column, key}</c> on a SQLite table, run by the embedded executor on
/// a real store so the marks are committed between runs:
///
///   ingest (rows with updated_at >= mark, minus the keys read at the mark) → merge into out.csv by id
/// </summary>
public sealed class IncrementalTableIngestTests : IAsyncLifetime
{
    private readonly DataPipelineHarness _h = new();

    private string Db => _h.File("source.db");

    public Task InitializeAsync()
    {
        Execute("CREATE TABLE orders (id INTEGER PRIMARY KEY, updated_at INTEGER NOT NULL, amount REAL)");
        return Task.CompletedTask;
    }

    private void Execute(string sql)
    {
        using var connection = new SqliteConnection($"Data Source={Db};Pooling=False");
        connection.Open();
        using var cmd = connection.CreateCommand();
        cmd.CommandText = sql;
        cmd.ExecuteNonQuery();
    }

    private void Insert(params (long Id, long UpdatedAt)[] rows)
    {
        foreach (var (id, at) in rows)
        {
            Execute(string.Create(CultureInfo.InvariantCulture, $"INSERT INTO orders VALUES ({id}, {at}, {id * 2.5})"));
        }
    }

    private Definition.PipelineDefinition Pipeline(string extra = ", key: [id]", string errorHandling = "skip_corrupted") => _h.Load($$$"""
        id: incremental_table
        tasks:
          - id: ingest
            action: ingest_from_sources
            parameters:
              source: {path: "$ROOT/source.db", table: orders}
              incremental: {column: updated_at{{{extra}}}}
              error_handling: {{{errorHandling}}}
            outputs: [raw_data, ingestion_stats]
          - id: merge
            action: export_to_targets
            parameters:
              data: "{{ ingest.raw_data }}"
              targets: [{path: "$ROOT/out.csv", mode: merge, key: id}]
            dependencies: [ingest]
        """);

    /// <summary>Runs the pipeline; returns the ids the ingest read, in order.</summary>
    private async Task<List<long>> RunAsync(Definition.PipelineDefinition pipeline)
    {
        var outcome = await _h.RunAsync(pipeline);
        outcome.State.ShouldBe(RunState.Succeeded, outcome.Error);
        var ingest = (IReadOnlyDictionary<string, object?>)outcome.Outputs["ingest"]!;
        var data = (DatasetRef)ingest["raw_data"]!;
        var ids = ArtifactFile.ReadAllLines(data.Path).Skip(1).Select(static l => long.Parse(l.Split(',')[0], CultureInfo.InvariantCulture)).ToList();
        var stats = (IReadOnlyDictionary<string, object?>)ingest["ingestion_stats"]!;
        stats["rows_read"].ShouldBe((long)ids.Count);
        return ids;
    }

    private List<long> Merged() =>
        [.. ArtifactFile.ReadAllLines(_h.File("out.csv")).Skip(1).Select(static l => long.Parse(l.Split(',')[0], CultureInfo.InvariantCulture)).Order()];

    [Fact]
    public async Task RowsTiedWithTheMark_WrittenAfterARun_AreReadByTheNext_AndNothingIsReadTwice()
    {
        var pipeline = Pipeline();
        Insert((1, 10), (2, 20), (3, 20));
        (await RunAsync(pipeline)).ShouldBe([1, 2, 3]);

        // 4 has the same updated_at as the mark (20): a '>' watermark would lose it, a plain '>=' would re-read 2 and 3.
        Insert((4, 20), (5, 30));
        (await RunAsync(pipeline)).ShouldBe([4, 5]);
        (await RunAsync(pipeline)).ShouldBeEmpty();

        Insert((6, 30));
        Execute("UPDATE orders SET updated_at = 40, amount = 0 WHERE id = 1");
        (await RunAsync(pipeline)).ShouldBe([1, 6]);

        Merged().ShouldBe([1, 2, 3, 4, 5, 6]);
        ArtifactFile.ReadAllLines(_h.File("out.csv")).ShouldContain(l => l.StartsWith("1,40,", StringComparison.Ordinal), "the updated row replaced the old one");
        var mark = (await _h.Store.GetSourceMarksAsync("incremental_table", "ingest")).ShouldHaveSingleItem();
        mark.SourceKey.ShouldBe(Db + "#orders");
        mark.Value.ShouldContain("\"column\":\"updated_at\"");
    }

    [Fact]
    public async Task WithoutAKey_TheWholeRowIdentifiesTheRowsAtTheMark()
    {
        var pipeline = Pipeline("");
        Insert((1, 10), (2, 20));
        (await RunAsync(pipeline)).ShouldBe([1, 2]);
        Insert((3, 20));

        (await RunAsync(pipeline)).ShouldBe([3]);
    }

    [Fact]
    public async Task FailedIngest_LeavesTheMark_SoTheNextRunReadsTheSameRows()
    {
        var pipeline = Pipeline(errorHandling: "fail");
        Insert((1, 10));
        (await RunAsync(pipeline)).ShouldBe([1]);
        Insert((2, 20));
        // A value that does not convert fails the ingest (error_handling: fail) after it read row 2.
        Execute("INSERT INTO orders VALUES (3, 20, 'not a number')");
        (await _h.RunAsync(pipeline)).State.ShouldBe(RunState.Failed);

        Execute("DELETE FROM orders WHERE id = 3");
        (await RunAsync(pipeline)).ShouldBe([2]);
    }

    public Task DisposeAsync() => _h.DisposeAsync().AsTask();
}
