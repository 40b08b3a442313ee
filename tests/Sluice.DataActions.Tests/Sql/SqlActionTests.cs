using Microsoft.Data.Sqlite;
using Sluice.Datasets;
using Sluice.Definition.Validation;
using Sluice.Definition.Yaml;
using Sluice.State;

using Sluice.DataActions.Tests.Testing;

namespace Sluice.DataActions.Tests.Sql;

public sealed class SqlActionTests
{
    private static IReadOnlyDictionary<string, object?> Outputs(Sluice.Execution.RunOutcome outcome, string task) =>
        (IReadOnlyDictionary<string, object?>)outcome.Outputs[task]!;

    [Fact]
    public async Task Run_CreateInsertSelect_BindsParameters_AndReturnsTheRowsAsADataset()
    {
        //  setup (create + insert with params) → read (select into a dataset)
        await using var h = new DataPipelineHarness();
        var definition = h.Load("""
            id: sql_demo
            tasks:
              - id: setup
                action: sql
                parameters:
                  database: $ROOT/shop.db
                  query: |
                    CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT NOT NULL, balance REAL);
                    INSERT INTO customers (name, balance) VALUES ($name, $balance);
                    INSERT INTO customers (name, balance) VALUES (@other, NULL);
                  params: {name: "O'Brien; DROP TABLE customers; --", balance: 12.5, other: Ada}
                outputs: [rows_affected, data]
              - id: read
                action: sql
                dependencies: [setup]
                parameters:
                  database: $ROOT/shop.db
                  query: "SELECT id, name, balance, balance > :limit AS rich FROM customers ORDER BY id"
                  params: {limit: 10}
                outputs: [data, rows]
            """);

        var outcome = await h.RunAsync(definition);

        outcome.State.ShouldBe(RunState.Succeeded, outcome.Error);
        Outputs(outcome, "setup")["rows_affected"].ShouldBe(2L);
        Outputs(outcome, "setup")["data"].ShouldBeNull();
        Outputs(outcome, "read")["rows"].ShouldBe(2L);
        var data = Outputs(outcome, "read")["data"].ShouldBeOfType<DatasetRef>();
        data.Kind.ShouldBe("artifact");
        data.Format.ShouldBe("arrow");
        data.Schema.ShouldBe([("id", "int64"), ("name", "string"), ("balance", "float64"), ("rich", "int64")]);
        ArtifactFile.ReadAllLines(data.Path).ShouldBe([
            "id,name,balance,rich",
            "1,O'Brien; DROP TABLE customers; --,12.5,1",
            "2,Ada,,",
        ]);
    }

    [Fact]
    public async Task Run_SelectDataset_IsConsumedByApplyTransformations()
    {
        await using var h = new DataPipelineHarness();
        await SeedAsync(h.File("sales.db"));
        var definition = h.Load("""
            id: sql_to_transform
            tasks:
              - id: extract
                action: sql
                parameters:
                  database: $ROOT/sales.db
                  query: "SELECT region, amount FROM sales WHERE amount >= $min"
                  params: {min: 5}
                  schema: {amount: decimal(2)}
                outputs: [data]
              - id: totals
                action: apply_transformations
                dependencies: [extract]
                parameters:
                  data: "{{ extract.data }}"
                  transformations:
                    - aggregate: {by: [region], metrics: {total: sum(amount), orders: count()}}
                    - sort: [region]
                outputs: [transformed_data]
            result: "{{ totals.transformed_data.rows }}"
            """);

        var outcome = await h.RunAsync(definition);

        outcome.State.ShouldBe(RunState.Succeeded, outcome.Error);
        outcome.Result.ShouldBe(2L);
        var output = Outputs(outcome, "totals")["transformed_data"].ShouldBeOfType<DatasetRef>();
        ArtifactFile.ReadAllLines(output.Path).ShouldBe(["region,total,orders", "east,17.50,2", "west,30.00,1"]);
    }

    [Fact]
    public async Task Run_SyntaxError_FailsTheTaskWithSqlitesMessage_AndRollsBackEarlierStatements()
    {
        await using var h = new DataPipelineHarness();
        await SeedAsync(h.File("sales.db"));
        var definition = h.Load("""
            id: sql_broken
            tasks:
              - id: broken
                action: sql
                parameters:
                  database: $ROOT/sales.db
                  query: |
                    DELETE FROM sales;
                    SELEC region FROM sales;
            """);

        var outcome = await h.RunAsync(definition);

        outcome.State.ShouldBe(RunState.Failed);
        outcome.Error.ShouldNotBeNull().ShouldStartWith("task 'broken' failed: ");
        var error = await h.ErrorOfAsync(outcome, "broken");
        error.ShouldContain("near \"SELEC\": syntax error");
        error.ShouldContain("task 'broken'");
        (await CountAsync(h.File("sales.db"))).ShouldBe(3L);
        (await h.Store.GetAttemptsAsync(outcome.RunId, "broken")).Count.ShouldBe(1);
    }

    [Fact]
    public async Task Run_ParameterNotGiven_FailsAndNamesIt()
    {
        await using var h = new DataPipelineHarness();
        await SeedAsync(h.File("sales.db"));
        var definition = h.Load("""
            id: sql_missing_param
            tasks:
              - id: read
                action: sql
                parameters: {database: $ROOT/sales.db, query: "SELECT * FROM sales WHERE region = $region"}
            """);

        var outcome = await h.RunAsync(definition);

        outcome.State.ShouldBe(RunState.Failed);
        (await h.ErrorOfAsync(outcome, "read")).ShouldContain("the query uses $region, which 'params' does not set");
    }

    [Fact]
    public async Task Run_TwoStatementsReturningRows_IsAnError()
    {
        await using var h = new DataPipelineHarness();
        await SeedAsync(h.File("sales.db"));
        var definition = h.Load("""
            id: sql_two_selects
            tasks:
              - id: read
                action: sql
                parameters: {database: $ROOT/sales.db, query: "SELECT 1; SELECT 2;"}
            """);

        var outcome = await h.RunAsync(definition);

        (await h.ErrorOfAsync(outcome, "read")).ShouldContain("more than one result set");
    }

    [Fact]
    public void Load_UnknownSchemaType_IsReportedAtTheColumn()
    {
        var result = PipelineLoader.Load("""
            id: sql_bad_schema
            tasks:
              - id: read
                action: sql
                parameters:
                  database: shop.db
                  query: SELECT 1 AS x
                  schema: {x: money}
            """, "p.yaml", AllActions.CreateRegistry());

        var error = result.Errors.ShouldHaveSingleItem();
        error.Code.ShouldBe(DiagnosticCodes.InvalidValue);
        error.Message.ShouldBe("column 'x': unknown type 'money'");
        error.Location.Line.ShouldBe(8);
    }

    private static async Task SeedAsync(string path)
    {
        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        await connection.OpenAsync();
        await using var cmd = connection.CreateCommand();
        cmd.CommandText = """
            CREATE TABLE sales (region TEXT, amount DECIMAL(10,2));
            INSERT INTO sales VALUES ('east', 10.25), ('east', 7.25), ('west', 30), ('west', 1);
            DELETE FROM sales WHERE amount = 1;
            """;
        await cmd.ExecuteNonQueryAsync();
    }

    private static async Task<long> CountAsync(string path)
    {
        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        await connection.OpenAsync();
        await using var cmd = connection.CreateCommand();
        cmd.CommandText = "SELECT count(*) FROM sales";
        return (long)(await cmd.ExecuteScalarAsync())!;
    }
}
