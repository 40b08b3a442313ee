using Sluice.Postgres.Tests.Testing;
using Sluice.State;
using static Sluice.Postgres.Tests.DataIO.PostgresPipelineHarness;

namespace Sluice.Postgres.Tests.DataIO;

/// <summary>Export targets that are PostgreSQL tables: create, append and replace, and atomicity when a write fails.</summary>
[RequiresPostgres]
[Collection(PostgresServerGroup.Name)]
public sealed class PostgresTableWriteTests(PostgresFixture server)
{
    private const string Pipeline = """
        id: pg_modes
        tasks:
          - id: source
            action: ingest_from_sources
            parameters: {source: $ROOT/kv.csv, schema: {k: string, v: int64}}
            outputs: [raw_data]
          - id: export
            action: export_to_targets
            dependencies: [source]
            retries: 2
            retry_delay: 1ms
            parameters:
              data: "{{ source.raw_data }}"
              targets: [{connection: "$PG", table: kv, mode: MODE}]
            outputs: [export_stats]
        """;

    [Fact]
    public async Task Export_Modes_CreateThenAppendAddsRows_ReplaceSwapsInANewTable_CreateRefusesAnExistingTable()
    {
        await using var h = await CreateAsync(server);
        h.Write("kv.csv", "k,v\na,1\nb,2\n");

        (await h.RunAsync(Pipeline.Replace("MODE", "create"))).State.ShouldBe(RunState.Succeeded);
        var appended = await h.RunAsync(Pipeline.Replace("MODE", "append"));
        appended.State.ShouldBe(RunState.Succeeded, appended.Error);
        (await h.RowsAsync("SELECT k, v FROM kv ORDER BY k, v")).ShouldBe(["a|1", "a|1", "b|2", "b|2"]);

        var created = await h.RunAsync(Pipeline.Replace("MODE", "create"));
        created.State.ShouldBe(RunState.Failed);
        (await h.ErrorOfAsync(created, "export")).ShouldContain("the table already exists (mode: create); use mode: append or replace");

        await h.ExecuteAsync("ALTER TABLE kv ADD COLUMN extra int");
        var replaced = await h.RunAsync(Pipeline.Replace("MODE", "replace"));
        replaced.State.ShouldBe(RunState.Succeeded, replaced.Error);
        (await h.RowsAsync("SELECT * FROM kv ORDER BY k")).ShouldBe(["a|1", "b|2"]);
        (await h.RowsAsync("SELECT count(*) FROM pg_tables WHERE tablename LIKE 'sluice_%'")).ShouldBe(["0"]);
    }

    [Fact]
    public async Task Export_AppendViolatesNotNull_FailsPermanentlyAndLeavesTheTableUnchanged()
    {
        await using var h = await CreateAsync(server);
        await h.ExecuteAsync("""
            CREATE TABLE kv (k text NOT NULL, v bigint NOT NULL DEFAULT 0);
            INSERT INTO kv VALUES ('old', 7);
            """);
        // The bad row is the last one: every row before it was already copied when the constraint fails.
        h.Write("kv.csv", "k,v\na,1\nb,2\n,3\n");

        var outcome = await h.RunAsync(Pipeline.Replace("MODE", "append"));

        outcome.State.ShouldBe(RunState.Failed);
        var error = await h.ErrorOfAsync(outcome, "export");
        error.ShouldContain("null value in column \"k\"");
        error.ShouldContain("SQLSTATE 23502");
        (await h.Store.GetAttemptsAsync(outcome.RunId, "export")).Count.ShouldBe(1); // permanent: not retried
        (await h.RowsAsync("SELECT k, v FROM kv")).ShouldBe(["old|7"]);
    }

    [Fact]
    public async Task Export_AppendColumnTheTableLacks_FailsNamingIt()
    {
        await using var h = await CreateAsync(server);
        await h.ExecuteAsync("CREATE TABLE kv (k text)");
        h.Write("kv.csv", "k,v\na,1\n");

        var outcome = await h.RunAsync(Pipeline.Replace("MODE", "append"));

        outcome.State.ShouldBe(RunState.Failed);
        (await h.ErrorOfAsync(outcome, "export")).ShouldContain("the table has no column 'v' (columns: k)");
        (await h.RowsAsync("SELECT count(*) FROM kv")).ShouldBe(["0"]);
    }
}
