using Sluice.Datasets;
using Sluice.Postgres.Tests.Testing;
using Sluice.State;
using static Sluice.Postgres.Tests.DataIO.PostgresPipelineHarness;

using Sluice.DataActions.Tests.Testing;

namespace Sluice.Postgres.Tests.DataIO;

/// <summary>PostgreSQL tables and queries as sources: round trips through export and ingest, type mapping, projection, unsupported types.</summary>
[RequiresPostgres]
[Collection(PostgresServerGroup.Name)]
public sealed class PostgresTableReadTests(PostgresFixture server)
{
    [Fact]
    public async Task ExportThenIngest_EveryTypeWithNulls_RoundTripsExactly()
    {
        //   source (CSV, materialized) ──► export (PostgreSQL table) ──► back (query, materialized)
        await using var h = await CreateAsync(server);
        h.Write("in.csv", """"
            id,i,f,b,d,s,dt,ts
            1,42,1.5,true,12.50,"O'Brien, ""quoted""",2024-02-29,2024-03-01T12:34:56.123456
            2,,,,,,,
            3,-9000000000,-0.25,false,-0.07,"",1999-12-31,1970-01-01T00:00:00
            4,0,1e300,true,0.00,héllo ✓,0001-01-01,2038-01-19T03:14:08

            """");

        var outcome = await h.RunAsync("""
            id: pg_roundtrip
            tasks:
              - id: source
                action: ingest_from_sources
                parameters:
                  source: $ROOT/in.csv
                  schema: {id: int64, i: int64, f: float64, b: bool, d: decimal(2), s: string, dt: date, ts: timestamp}
                  materialize: true
                outputs: [raw_data]
              - id: export
                action: export_to_targets
                dependencies: [source]
                parameters:
                  data: "{{ source.raw_data }}"
                  targets: [{connection: "$PG", table: round_trip}]
                outputs: [export_locations, export_stats]
              - id: back
                action: ingest_from_sources
                dependencies: [export]
                parameters:
                  source: {connection: "$PG", query: "SELECT * FROM round_trip ORDER BY id"}
                  materialize: true
                outputs: [raw_data, ingestion_stats]
            """);

        outcome.State.ShouldBe(RunState.Succeeded, outcome.Error);
        var original = Outputs(outcome, "source")["raw_data"].ShouldBeOfType<DatasetRef>();
        var back = Outputs(outcome, "back")["raw_data"].ShouldBeOfType<DatasetRef>();
        back.Schema.ShouldBe(original.Schema);
        back.Rows.ShouldBe(4);
        (await ArtifactFile.ReadAllTextAsync(back.Path)).ShouldBe(await ArtifactFile.ReadAllTextAsync(original.Path));
        (await h.RowsAsync("""
            SELECT column_name, data_type, numeric_precision, numeric_scale FROM information_schema.columns
            WHERE table_name = 'round_trip' ORDER BY ordinal_position
            """)).ShouldBe([
            "id|bigint|64|0", "i|bigint|64|0", "f|double precision|53|∅", "b|boolean|∅|∅", "d|numeric|18|2",
            "s|text|∅|∅", "dt|date|∅|∅", "ts|timestamp without time zone|∅|∅",
        ]);
        var location = ((object?[])Outputs(outcome, "export")["export_locations"]!).ShouldHaveSingleItem().ShouldBeOfType<string>();
        location.ShouldStartWith("postgres://postgres@127.0.0.1:");
        location.ShouldEndWith("#round_trip");
        var stats = (IReadOnlyDictionary<string, object?>)Outputs(outcome, "export")["export_stats"]!;
        var perTarget = (IReadOnlyDictionary<string, object?>)((object?[])stats["targets"]!).ShouldHaveSingleItem()!;
        perTarget["format"].ShouldBe("postgres");
        perTarget["rows"].ShouldBe(4L);
    }

    [Fact]
    public async Task Ingest_NativeTypes_MapToEngineTypes_AndTimestamptzIsUtc()
    {
        await using var h = await CreateAsync(server);
        await h.ExecuteAsync("""
            SET TIME ZONE 'Europe/Paris';
            CREATE TABLE native (a2 int2, a4 int4, a8 int8, n numeric(10,2), r real, d double precision, b boolean,
                                 t text, v varchar(10), c char(3), dt date, ts timestamp, tz timestamptz);
            INSERT INTO native VALUES (1, 2, 3, 12.5, 1.5, 2.25, true, 'text', 'var', 'ab', '2024-02-29', '2024-03-01 12:34:56', '2024-03-01 12:00:00+02');
            INSERT INTO native VALUES (NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL);
            """);

        var outcome = await h.RunAsync("""
            id: pg_native
            tasks:
              - id: all
                action: ingest_from_sources
                parameters: {source: {connection: "$PG", table: native}, materialize: true}
                outputs: [raw_data]
              - id: some
                action: ingest_from_sources
                parameters: {source: {connection: "$PG"}, table: native, columns: [t, a8], materialize: true}
                outputs: [raw_data]
            """);

        outcome.State.ShouldBe(RunState.Succeeded, outcome.Error);
        var all = Outputs(outcome, "all")["raw_data"].ShouldBeOfType<DatasetRef>();
        all.Schema.Select(static c => c.Type).ShouldBe([
            "int64", "int64", "int64", "decimal(2)", "float64", "float64", "bool", "string", "string", "string", "date", "timestamp", "timestamp",
        ]);
        ArtifactFile.ReadAllLines(all.Path).ShouldBe([
            "a2,a4,a8,n,r,d,b,t,v,c,dt,ts,tz",
            "1,2,3,12.50,1.5,2.25,true,text,var,ab ,2024-02-29,2024-03-01T12:34:56,2024-03-01T10:00:00",
            ",,,,,,,,,,,,",
        ]);
        var some = Outputs(outcome, "some")["raw_data"].ShouldBeOfType<DatasetRef>();
        some.Schema.ShouldBe([("t", "string"), ("a8", "int64")]);
        ArtifactFile.ReadAllLines(some.Path).ShouldBe(["t,a8", "text,3", ","]);
    }

    [Fact]
    public async Task Ingest_UnsupportedOrTooWideType_FailsNamingColumnAndType_UnlessASchemaGivesOne()
    {
        await using var h = await CreateAsync(server);
        await h.ExecuteAsync("""
            CREATE TABLE odd (id int, j jsonb, w numeric(30,2), u numeric);
            INSERT INTO odd VALUES (1, '{"a": [1, 2]}', 123456789012345678901234.50, 1.125);
            """);

        var outcome = await h.RunAsync("""
            id: pg_odd
            tasks:
              - id: json
                action: ingest_from_sources
                parameters: {source: {connection: "$PG", table: odd}, columns: [id, j]}
                outputs: [raw_data]
              - id: wide
                action: ingest_from_sources
                parameters: {source: {connection: "$PG", table: odd}, columns: [w]}
                outputs: [raw_data]
              - id: unconstrained
                action: ingest_from_sources
                parameters: {source: {connection: "$PG", table: odd}, columns: [u]}
                outputs: [raw_data]
              - id: typed
                action: ingest_from_sources
                parameters:
                  source: {connection: "$PG", table: odd}
                  schema: {j: string, w: float64, u: decimal(3)}
                  materialize: true
                outputs: [raw_data]
            """);

        outcome.Tasks["typed"].ShouldBe(TaskState.Succeeded, await h.ErrorOfAsync(outcome, "typed"));
        (await h.ErrorOfAsync(outcome, "json")).ShouldContain("column 'j' has the PostgreSQL type jsonb");
        (await h.ErrorOfAsync(outcome, "wide")).ShouldContain("column 'w' is numeric(30,2), wider than the 18 digits of a decimal; set schema: {w: float64}");
        (await h.ErrorOfAsync(outcome, "unconstrained")).ShouldContain("column 'u' is numeric without a declared precision and scale");
        var typed = Outputs(outcome, "typed")["raw_data"].ShouldBeOfType<DatasetRef>();
        typed.Schema.ShouldBe([("id", "int64"), ("j", "string"), ("w", "float64"), ("u", "decimal(3)")]);
        ArtifactFile.ReadAllLines(typed.Path).ShouldBe(["id,j,w,u", "1,\"{\"\"a\"\": [1, 2]}\",1.2345678901234569E+23,1.125"]);
    }
}
