using System.Globalization;
using Sluice.Datasets;
using Sluice.Postgres.Tests.Testing;
using Sluice.State;
using static Sluice.Postgres.Tests.DataIO.PostgresPipelineHarness;

using Sluice.DataActions.Tests.Testing;

namespace Sluice.Postgres.Tests.DataIO;

/// <summary>A PostgreSQL table read incrementally by a timestamp column through the table provider, with ties at the mark.</summary>
[RequiresPostgres]
[Collection(PostgresServerGroup.Name)]
public sealed class PostgresIncrementalReadTests(PostgresFixture server)
{
    private const string Pipeline = """
        id: pg_incremental
        tasks:
          - id: ingest
            action: ingest_from_sources
            parameters:
              source: {connection: "$PG", table: events}
              incremental: {column: updated_at, key: [id]}
            outputs: [raw_data, ingestion_stats]
        """;

    private static async Task<List<long>> ReadIdsAsync(PostgresPipelineHarness h)
    {
        var outcome = await h.RunAsync(Pipeline);
        outcome.State.ShouldBe(RunState.Succeeded, outcome.Error);
        var data = Outputs(outcome, "ingest")["raw_data"].ShouldBeOfType<DatasetRef>();
        return [.. ArtifactFile.ReadAllLines(data.Path).Skip(1).Select(static l => long.Parse(l.Split(',')[0], CultureInfo.InvariantCulture)).Order()];
    }

    [Fact]
    public async Task RowsWithTheSameTimestampAsTheMark_InsertedAfterARun_AreReadOnce()
    {
        await using var h = await CreateAsync(server);
        await h.ExecuteAsync("""
            CREATE TABLE events (id bigint PRIMARY KEY, updated_at timestamptz NOT NULL, note text);
            INSERT INTO events VALUES (1, '2026-01-01T10:00:00Z', 'a'), (2, '2026-01-01T11:00:00Z', 'b'), (3, '2026-01-01T11:00:00Z', 'c');
            """);
        (await ReadIdsAsync(h)).ShouldBe([1, 2, 3]);

        await h.ExecuteAsync("INSERT INTO events VALUES (4, '2026-01-01T11:00:00Z', 'tie'), (5, '2026-01-01T12:00:00Z', 'later')");
        (await ReadIdsAsync(h)).ShouldBe([4, 5]);
        (await ReadIdsAsync(h)).ShouldBeEmpty();

        await h.ExecuteAsync("UPDATE events SET updated_at = '2026-01-02T00:00:00Z', note = 'changed' WHERE id = 2");
        (await ReadIdsAsync(h)).ShouldBe([2]);
        (await h.Store.GetSourceMarksAsync("pg_incremental", "ingest")).ShouldHaveSingleItem().SourceKey.ShouldNotContain("Password");
    }

    [Fact]
    public async Task MergeMode_UpsertsByKey_AndTheLastRowOfAKeyWins()
    {
        await using var h = await CreateAsync(server);
        h.Write("a.csv", "id,note\n1,a\n2,b\n2,b2\n");
        h.Write("b.csv", "id,note\n2,changed\n3,c\n");
        const string Merge = """
            id: pg_merge
            tasks:
              - id: source
                action: ingest_from_sources
                parameters: {source: "$ROOT/FILE", materialize: true}
                outputs: [raw_data]
              - id: merge
                action: export_to_targets
                dependencies: [source]
                parameters:
                  data: "{{ source.raw_data }}"
                  targets: [{connection: "$PG", table: notes, mode: merge, key: id}]
            """;

        (await h.RunAsync(Merge.Replace("FILE", "a.csv", StringComparison.Ordinal))).State.ShouldBe(RunState.Succeeded);
        (await h.RowsAsync("SELECT id || '=' || note FROM notes ORDER BY id")).ShouldBe(["1=a", "2=b2"]);
        (await h.RunAsync(Merge.Replace("FILE", "b.csv", StringComparison.Ordinal))).State.ShouldBe(RunState.Succeeded);
        (await h.RowsAsync("SELECT id || '=' || note FROM notes ORDER BY id")).ShouldBe(["1=a", "2=changed", "3=c"]);
    }
}
