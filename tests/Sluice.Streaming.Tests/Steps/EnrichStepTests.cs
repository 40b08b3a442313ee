using Microsoft.Data.Sqlite;
using Sluice.Tests.Testing;

namespace Sluice.Streaming.Tests.Steps;

/// <summary>
/// <c>enrich</c>: a stream of clicks joined with reference users from a CSV file, from an upstream batch task's
/// dataset in the same DAG, and from a SQLite table; left keeps unmatched events with nulls, inner drops them.
/// </summary>
public sealed class EnrichStepTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public EnrichStepTests()
    {
        File.WriteAllLines(_dir.File("clicks.ndjson"), ["{\"user\":1,\"ts\":1000}", "{\"user\":3,\"ts\":2000}", "{\"user\":2,\"ts\":3000}", "{\"user\":1,\"ts\":4000}"]);
        File.WriteAllLines(_dir.File("users.csv"), ["id,name,tier", "1,ann,gold", "2,bob,silver"]);
    }

    [Fact]
    public async Task Enrich_FromCsvFile_Left_KeepsUnmatchedWithNulls()
    {
        await StepPipelines.RunAsync(_dir, Stream("DIR/users.csv", "left", ""), "enriched");

        File.ReadAllLines(_dir.File("enriched.csv")).ShouldBe(["user,ts,name,tier", "1,1000,ann,gold", "3,2000,,", "2,3000,bob,silver", "1,4000,ann,gold"]);
    }

    [Fact]
    public async Task Enrich_FromUpstreamBatchTask_Inner_DropsUnmatched()
    {
        var yaml = """
            id: enrich_dag
            tasks:
              - id: users
                action: apply_transformations
                parameters:
                  data: DIR/users.csv
                  transformations:
                    - filter: "tier == 'gold'"
                outputs: [transformed_data]
            """ + "\n" + Stream("\"{{ users.transformed_data }}\"", "inner", "users").Split('\n', 3)[2];

        await StepPipelines.RunAsync(_dir, yaml, "enriched");

        File.ReadAllLines(_dir.File("enriched.csv")).ShouldBe(["user,ts,name,tier", "1,1000,ann,gold", "1,4000,ann,gold"]);
    }

    [Fact]
    public async Task Enrich_FromSqliteTable_AddsChosenColumns()
    {
        using (var db = new SqliteConnection($"Data Source={_dir.File("ref.db")};Pooling=false"))
        {
            db.Open();
            using var cmd = db.CreateCommand();
            cmd.CommandText = "CREATE TABLE users(id INTEGER, name TEXT, tier TEXT); INSERT INTO users VALUES (1,'ann','gold'),(3,'cy','bronze');";
            cmd.ExecuteNonQuery();
        }

        await StepPipelines.RunAsync(_dir, Stream("{path: DIR/ref.db, format: sqlite, table: users}", "left", "", columns: "[name]"), "enriched");

        File.ReadAllLines(_dir.File("enriched.csv")).ShouldBe(["user,ts,name", "1,1000,ann", "3,2000,cy", "2,3000,", "1,4000,ann"]);
    }

    [Fact]
    public async Task Enrich_ColumnAlreadyInStream_FailsNamingIt()
    {
        File.WriteAllLines(_dir.File("users.csv"), ["id,ts", "1,5"]);

        var error = await StepPipelines.FailAsync(_dir, Stream("DIR/users.csv", "left", ""));

        error.ShouldNotBeNull();
        error.ShouldContain("'ts' is already a column of the stream");
    }

    private static string Stream(string with, string how, string dependency, string columns = "") => $$"""
        id: enrich
        tasks:
          - id: enriched
            action: stream
            {{(dependency.Length > 0 ? $"dependencies: [{dependency}]" : "")}}
            parameters:
              source: {path: DIR/clicks.ndjson}
              columns: {user: int, ts: int}
              steps:
                - enrich: {with: {{with}}, on: {user: id}, how: {{how}}{{(columns.Length > 0 ? ", columns: " + columns : "")}}}
              sink: {path: DIR/enriched.csv}
            outputs: [stats]
        """;

    public void Dispose() => _dir.Dispose();
}
