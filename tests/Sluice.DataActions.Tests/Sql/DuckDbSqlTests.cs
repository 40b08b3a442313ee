using System.Globalization;
using System.Text;
using Microsoft.Data.Sqlite;
using Sluice.Datasets;
using Sluice.Definition.Validation;
using Sluice.Definition.Yaml;
using Sluice.State;

using Sluice.DataActions.Tests.Testing;

namespace Sluice.DataActions.Tests.Sql;

/// <summary>The <c>sql</c> action with <c>engine: duckdb</c>, against the real DuckDB native library from the package.</summary>
public sealed class DuckDbSqlTests
{
    private static IReadOnlyDictionary<string, object?> Outputs(Sluice.Execution.RunOutcome outcome, string task) =>
        (IReadOnlyDictionary<string, object?>)outcome.Outputs[task]!;

    [Fact]
    public async Task Run_JoinsAnUpstreamDatasetWithACsvFile_EqualsTheSameAggregateComputedInCSharp()
    {
        //  extract (SQLite → Arrow artifact) ──► totals (DuckDB: view 'orders' JOIN read_csv(regions.csv))
        await using var h = new DataPipelineHarness();
        var rows = Enumerable.Range(0, 2000)
            .Select(static i => (Id: i, Region: "r" + (i * 7 % 13).ToString(CultureInfo.InvariantCulture), Amount: i % 11 == 0 ? (decimal?)null : (i * 37 % 1000) / 100m))
            .ToList();
        var insert = new StringBuilder("CREATE TABLE orders (id INTEGER, region TEXT, amount DECIMAL(10,2));\n");
        foreach (var chunk in rows.Chunk(500))
        {
            insert.Append("INSERT INTO orders VALUES ")
                .AppendJoin(", ", chunk.Select(static r => $"({r.Id}, '{r.Region}', {(r.Amount is { } a ? a.ToString(CultureInfo.InvariantCulture) : "NULL")})"))
                .Append(";\n");
        }
        await using (var sqlite = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = h.File("shop.db"), Pooling = false }.ToString()))
        {
            await sqlite.OpenAsync();
            await using var seed = sqlite.CreateCommand();
            seed.CommandText = insert.ToString();
            await seed.ExecuteNonQueryAsync();
        }
        // Only regions r0..r9 have a name, so the inner join drops r10..r12.
        h.Write("regions.csv", "region,name\n" + string.Concat(Enumerable.Range(0, 10).Select(static i => $"r{i},Region {i}\n")));
        var definition = h.Load("""
            id: duck_join
            tasks:
              - id: extract
                action: sql
                parameters:
                  database: $ROOT/shop.db
                  query: SELECT id, region, amount FROM orders
                  schema: {amount: decimal(2)}
                outputs: [data]
              - id: totals
                action: sql
                dependencies: [extract]
                parameters:
                  engine: duckdb
                  tables: {orders: "{{ extract.data }}"}
                  query: |
                    SELECT r.name, count(*) AS n, count(o.amount) AS priced, sum(o.amount) AS total, max(o.id) AS last_id
                    FROM orders o JOIN read_csv('$ROOT/regions.csv') r ON r.region = o.region
                    WHERE o.id >= $min_id
                    GROUP BY r.name ORDER BY r.name
                  params: {min_id: 5}
                outputs: [data, rows]
            """);

        var outcome = await h.RunAsync(definition);

        outcome.State.ShouldBe(RunState.Succeeded, outcome.Error);
        var names = Enumerable.Range(0, 10).ToDictionary(static i => "r" + i.ToString(CultureInfo.InvariantCulture), static i => "Region " + i.ToString(CultureInfo.InvariantCulture));
        var expected = rows.Where(r => r.Id >= 5 && names.ContainsKey(r.Region))
            .GroupBy(r => names[r.Region])
            .OrderBy(static g => g.Key, StringComparer.Ordinal)
            .Select(static g => string.Join(",",
                g.Key,
                g.Count().ToString(CultureInfo.InvariantCulture),
                g.Count(static r => r.Amount is not null).ToString(CultureInfo.InvariantCulture),
                g.Sum(static r => r.Amount ?? 0).ToString("0.00", CultureInfo.InvariantCulture),
                g.Max(static r => r.Id).ToString(CultureInfo.InvariantCulture)))
            .ToList();
        var data = Outputs(outcome, "totals")["data"].ShouldBeOfType<DatasetRef>();
        data.Format.ShouldBe("arrow");
        data.Schema.ShouldBe([("name", "string"), ("n", "int64"), ("priced", "int64"), ("total", "decimal(2)"), ("last_id", "int64")]);
        Outputs(outcome, "totals")["rows"].ShouldBe(10L);
        ArtifactFile.ReadAllLines(data.Path).ShouldBe(["name,n,priced,total,last_id", .. expected]);
    }

    [Fact]
    public async Task Run_NullsDatesDecimalsTimestampsAndStrings_KeepTheirTypesAndValues()
    {
        await using var h = new DataPipelineHarness();
        var definition = h.Load("""
            id: duck_types
            tasks:
              - id: values
                action: sql
                parameters:
                  engine: duckdb
                  query: |
                    SELECT i::INTEGER AS i,
                           DATE '2024-02-28' + i::INTEGER AS day,
                           CAST(i * 1.25 - 1 AS DECIMAL(10,2)) AS amount,
                           TIMESTAMP '2024-02-28 23:59:30' + INTERVAL (i * 15) SECOND AS at,
                           CASE WHEN i % 2 = 1 THEN NULL ELSE 'it''s ' || i END AS label,
                           i > 1 AS big,
                           i / 4 AS ratio
                    FROM range(4) t(i) ORDER BY i
                outputs: [data]
            """);

        var outcome = await h.RunAsync(definition);

        outcome.State.ShouldBe(RunState.Succeeded, outcome.Error);
        var data = Outputs(outcome, "values")["data"].ShouldBeOfType<DatasetRef>();
        data.Schema.ShouldBe([("i", "int64"), ("day", "date"), ("amount", "decimal(2)"), ("at", "timestamp"), ("label", "string"), ("big", "bool"), ("ratio", "float64")]);
        ArtifactFile.ReadAllLines(data.Path).ShouldBe([
            "i,day,amount,at,label,big,ratio",
            "0,2024-02-28,-1.00,2024-02-28T23:59:30,it's 0,false,0",
            "1,2024-02-29,0.25,2024-02-28T23:59:45,,false,0.25",
            "2,2024-03-01,1.50,2024-02-29T00:00:00,it's 2,true,0.5",
            "3,2024-03-02,2.75,2024-02-29T00:00:15,,true,0.75",
        ]);
    }

    [Fact]
    public async Task Run_DuckDbFile_KeepsTablesBetweenTasks_AndParquetFilesAreViews()
    {
        //  write (CREATE TABLE in shop.duckdb, COPY to Parquet) ──► read (view over the Parquet file + the table)
        await using var h = new DataPipelineHarness();
        var definition = h.Load("""
            id: duck_file
            tasks:
              - id: write
                action: sql
                parameters:
                  engine: duckdb
                  database: $ROOT/shop.duckdb
                  query: |
                    CREATE TABLE prices AS SELECT 'p' || i AS sku, i * 2 AS price FROM range(3) t(i);
                    COPY (SELECT 'p' || i AS sku, i AS qty FROM range(5) t(i)) TO '$ROOT/stock.parquet' (FORMAT parquet);
                outputs: [rows_affected]
              - id: read
                action: sql
                dependencies: [write]
                parameters:
                  engine: duckdb
                  database: $ROOT/shop.duckdb
                  tables: {stock: $ROOT/stock.parquet}
                  query: SELECT s.sku, s.qty * p.price AS value FROM stock s JOIN prices p USING (sku) ORDER BY sku
                outputs: [data]
            """);

        var outcome = await h.RunAsync(definition);

        outcome.State.ShouldBe(RunState.Succeeded, outcome.Error);
        Outputs(outcome, "write")["rows_affected"].ShouldBeNull();
        Outputs(outcome, "write")["data"].ShouldBeNull();
        var data = Outputs(outcome, "read")["data"].ShouldBeOfType<DatasetRef>();
        ArtifactFile.ReadAllLines(data.Path).ShouldBe(["sku,value", "p0,0", "p1,2", "p2,8"]);
    }

    [Fact]
    public async Task Run_UnknownColumn_FailsWithDuckDbsMessageAndTheQueryPosition()
    {
        await using var h = new DataPipelineHarness();
        var definition = h.Load("""
            id: duck_binder
            tasks:
              - id: broken
                action: sql
                parameters:
                  engine: duckdb
                  query: |
                    SELECT 1 AS a;
                      SELECT nope FROM range(3) t(i)
            """);

        var outcome = await h.RunAsync(definition);

        outcome.State.ShouldBe(RunState.Failed);
        var error = await h.ErrorOfAsync(outcome, "broken");
        // The line and column are where DuckDB's caret points (in the second statement, on the query's second line).
        error.ShouldContain("Binder Error: Referenced column \"nope\" not found in FROM clause! (query line 2, column ");
        error.ShouldContain("task 'broken'");
    }

    [Fact]
    public void Load_SyntaxError_IsReportedAtTheQueryWithDuckDbsMessage()
    {
        var result = PipelineLoader.Load("""
            id: duck_syntax
            tasks:
              - id: read
                action: sql
                parameters:
                  engine: duckdb
                  query: SELEC 1
            """, "p.yaml", AllActions.CreateRegistry());

        var error = result.Errors.ShouldHaveSingleItem();
        error.Code.ShouldBe(DiagnosticCodes.InvalidValue);
        error.Message.ShouldBe("DuckDB cannot parse the query: Parser Error: syntax error at or near \"SELEC\" (query line 1, column 1)");
        error.Location.ToString().ShouldBe("p.yaml:7:14");
    }

    [Fact]
    public void Load_TablesWithoutDuckDb_AndAnUnknownEngine_AreErrors()
    {
        var result = PipelineLoader.Load("""
            id: duck_misuse
            tasks:
              - id: a
                action: sql
                parameters:
                  database: shop.db
                  tables: {orders: orders.csv}
                  query: SELECT 1
              - id: b
                action: sql
                parameters:
                  engine: duck
                  query: SELECT 1
            """, "p.yaml", AllActions.CreateRegistry());

        result.Errors.Select(static e => e.Message).ShouldBe(["'tables' needs 'engine: duckdb'", "unknown SQL engine 'duck'"], ignoreOrder: true);
    }
}
