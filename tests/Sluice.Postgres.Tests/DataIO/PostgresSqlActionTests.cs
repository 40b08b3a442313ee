using Npgsql;
using Sluice.Datasets;
using Sluice.Postgres.Tests.Testing;
using Sluice.State;
using static Sluice.Postgres.Tests.DataIO.PostgresPipelineHarness;

using Sluice.DataActions.Tests.Testing;

namespace Sluice.Postgres.Tests.DataIO;

/// <summary>The <c>sql</c> action with <c>connection:</c> on a real PostgreSQL server.</summary>
[RequiresPostgres]
[Collection(PostgresServerGroup.Name)]
public sealed class PostgresSqlActionTests(PostgresFixture server)
{
    [Fact]
    public async Task Sql_InsertThenSelect_BindsParamsContainingQuotes_AndReturnsTypedRows()
    {
        //  setup (create + insert with params) → read (select into a dataset)
        await using var h = await CreateAsync(server);
        var outcome = await h.RunAsync("""
            id: pg_sql
            tasks:
              - id: setup
                action: sql
                parameters:
                  connection: "$PG"
                  query: |
                    CREATE TABLE customers (id serial PRIMARY KEY, name text NOT NULL, balance numeric(10,2), since date);
                    INSERT INTO customers (name, balance, since) VALUES (@name, @balance, @since);
                    INSERT INTO customers (name) VALUES (:other);
                  params: {name: "O'Brien'); DROP TABLE customers; --", balance: 12.5, since: "2024-01-31", other: 'Ada "the" Countess'}
                outputs: [rows_affected, data]
              - id: read
                action: sql
                dependencies: [setup]
                parameters:
                  connection: "$PG"
                  query: "SELECT id, name, balance, since, balance > @limit AS rich, sum(balance) OVER () AS total FROM customers ORDER BY id"
                  params: {limit: 10}
                outputs: [data, rows, rows_affected]
            """);

        outcome.State.ShouldBe(RunState.Succeeded, outcome.Error);
        Outputs(outcome, "setup")["rows_affected"].ShouldBe(2L);
        Outputs(outcome, "setup")["data"].ShouldBeNull();
        Outputs(outcome, "read")["rows"].ShouldBe(2L);
        Outputs(outcome, "read")["rows_affected"].ShouldBe(0L);
        var data = Outputs(outcome, "read")["data"].ShouldBeOfType<DatasetRef>();
        data.Schema.ShouldBe([("id", "int64"), ("name", "string"), ("balance", "decimal(2)"), ("since", "date"), ("rich", "bool"), ("total", "float64")]);
        ArtifactFile.ReadAllLines(data.Path).ShouldBe([
            "id,name,balance,since,rich,total",
            "1,O'Brien'); DROP TABLE customers; --,12.50,2024-01-31,true,12.5",
            "2,\"Ada \"\"the\"\" Countess\",,,,12.5",
        ]);
    }

    [Fact]
    public async Task Sql_SyntaxError_FailsWithPostgresMessageAndSqlState_AndRollsBackEarlierStatements()
    {
        await using var h = await CreateAsync(server);
        var outcome = await h.RunAsync("""
            id: pg_bad
            tasks:
              - id: bad
                action: sql
                retries: 2
                retry_delay: 1ms
                parameters:
                  connection: "$PG"
                  query: "CREATE TABLE made (x int); SELEC 1"
            """);

        outcome.State.ShouldBe(RunState.Failed);
        var error = await h.ErrorOfAsync(outcome, "bad");
        error.ShouldContain("syntax error at or near \"SELEC\"");
        error.ShouldContain("SQLSTATE 42601");
        error.ShouldContain("task 'bad'");
        (await h.Store.GetAttemptsAsync(outcome.RunId, "bad")).Count.ShouldBe(1);
        (await h.RowsAsync("SELECT to_regclass('made') IS NULL")).ShouldBe(["True"]);
    }

    [Fact]
    public async Task Sql_SerializationFailure_RunsTheTransactionAgain()
    {
        // The sequence is not transactional, so it counts attempts across the rolled-back ones.
        await using var h = await CreateAsync(server);
        await h.ExecuteAsync("CREATE SEQUENCE attempts");
        var outcome = await h.RunAsync("""
            id: pg_retry
            tasks:
              - id: flaky
                action: sql
                parameters:
                  connection: "$PG"
                  query: |
                    SELECT nextval('attempts') AS attempt;
                    DO $$ BEGIN IF currval('attempts') < 3 THEN RAISE EXCEPTION 'simulated conflict' USING ERRCODE = '40001'; END IF; END $$;
                outputs: [data]
            """);

        outcome.State.ShouldBe(RunState.Succeeded, outcome.Error);
        ArtifactFile.ReadAllLines(Outputs(outcome, "flaky")["data"].ShouldBeOfType<DatasetRef>().Path).ShouldBe(["attempt", "3"]);
        var logs = await h.Store.GetLogsAsync(outcome.RunId, "flaky");
        logs.Count(l => l.Text.Contains("simulated conflict (SQLSTATE 40001); the transaction was rolled back", StringComparison.Ordinal)).ShouldBe(2);
    }

    [Fact]
    public async Task Password_IsNeitherLoggedNorStoredInHandles_AndUriConnectionsWork()
    {
        //  sql (URI) ──► ingest (table handle) ──► export (CSV file from the handle)
        await using var h = await CreateAsync(server);
        var b = new NpgsqlConnectionStringBuilder(h.ConnectionString);
        var uri = $"postgres://{b.Username}:Sup3r%3BSecret@{b.Host}:{b.Port}/{b.Database}?application_name=pgio-test";
        var outcome = await h.RunAsync($$$"""
            id: pg_secret
            tasks:
              - id: make
                action: sql
                parameters:
                  connection: "{{{uri}}}"
                  query: "CREATE TABLE t AS SELECT 1::int AS x UNION ALL SELECT 2"
              - id: ingest
                action: ingest_from_sources
                dependencies: [make]
                parameters: {source: {connection: "$PG;Password=Sup3rSecret2", table: t}}
                outputs: [raw_data, ingestion_stats]
              - id: export
                action: export_to_targets
                dependencies: [ingest]
                parameters: {data: "{{ ingest.raw_data }}", targets: [$ROOT/t.csv]}
            """);

        outcome.State.ShouldBe(RunState.Succeeded, outcome.Error);
        (await File.ReadAllTextAsync(Path.Combine(h.Root, "t.csv"))).ShouldBe("x\n1\n2\n");
        var handle = Outputs(outcome, "ingest")["raw_data"].ShouldBeOfType<DatasetRef>();
        handle.Format.ShouldBe("postgres");
        handle.Options["connection"].ShouldBeOfType<string>().ShouldNotContain("Sup3r");
        var logs = await h.Store.GetLogsAsync(outcome.RunId);
        logs.ShouldNotBeEmpty();
        logs.ShouldAllBe(l => !l.Text.Contains("Sup3r"));
        logs.ShouldContain(l => l.Text.Contains($"postgres://{b.Username}@{b.Host}:{b.Port}/{b.Database}"));
    }
}
