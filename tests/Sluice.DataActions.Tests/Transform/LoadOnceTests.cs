using System.Globalization;
using System.Text;
using Sluice.Data.Tests.Parquet;
using Sluice.Datasets;
using Sluice.State;

namespace Sluice.DataActions.Tests.Transform;

/// <summary>
/// One task parses a file, the others read its Arrow artifact through <c>{path: "{{ load.transformed_data }}", columns: [...]}</c>:
/// only those columns, in that order; answers equal DuckDB's over the file, also for an aggregation of many groups
/// (the radix-partitioned path on several cores).
/// </summary>
public sealed class LoadOnceTests
{
    private const string Columns = "{'id1': 'VARCHAR', 'id3': 'VARCHAR', 'id4': 'BIGINT', 'v1': 'BIGINT', 'v3': 'DOUBLE'}";

    /// <summary>100,000 rows like db-benchmark's (id1: 20 values, id3: 30,000, id4: 10) with nulls in keys and values.</summary>
    private static string Data(DataPipelineHarness h)
    {
        var csv = new StringBuilder("id1,id3,id4,v1,v3\n");
        var random = new Random(14);
        for (var i = 0; i < 100_000; i++)
        {
            string Maybe(int oneIn, string value) => random.Next(oneIn) == 0 ? "" : value;
            csv.Append(Maybe(40, "id" + random.Next(1, 21).ToString("D3", CultureInfo.InvariantCulture))).Append(',')
               .Append(Maybe(50, "id" + random.Next(1, 30_001).ToString("D10", CultureInfo.InvariantCulture))).Append(',')
               .Append(Maybe(30, random.Next(1, 11).ToString(CultureInfo.InvariantCulture))).Append(',')
               .Append(Maybe(10, random.Next(1, 6).ToString(CultureInfo.InvariantCulture))).Append(',')
               .Append(Maybe(10, (random.Next(0, 100_000_000) / 1e6).ToString("F6", CultureInfo.InvariantCulture))).Append('\n');
        }

        return h.Write("g1.csv", csv.ToString());
    }

    private static string Pipeline(string data, string columns, string steps) => $$$"""
        id: load_once
        tasks:
          - id: load
            action: apply_transformations
            parameters:
              data: {{{data}}}
          - id: q
            action: apply_transformations
            dependencies: [load]
            parameters:
              data: {path: "{{ load.transformed_data }}", columns: {{{columns}}} }
              transformations:
        {{{steps}}}
        """;

    private static async Task<(string Header, List<string[]> Rows)> RunAsync(DataPipelineHarness h, string yaml)
    {
        var outcome = await h.RunAsync(h.Load(yaml));
        outcome.State.ShouldBe(RunState.Succeeded, await h.ErrorOfAsync(outcome, "q"));
        var path = ((DatasetRef)((IReadOnlyDictionary<string, object?>)outcome.Outputs["q"]!)["transformed_data"]!).Path;
        var lines = Testing.ArtifactFile.ReadAllLines(path);
        return (lines[0], [.. lines.Skip(1).Select(static l => l.Split(','))]);
    }

    [DuckDbFact]
    public async Task ManyGroups_FromTheLoadedArtifact_EqualDuckDb()
    {
        await using var h = new DataPipelineHarness();
        var data = Data(h);
        var (header, rows) = await RunAsync(h, Pipeline(data, "[id3, id1, id4, v1, v3]", """
                    - aggregate: {by: [id1, id3, id4], metrics: {v3: sum(v3), v1: sum(v1), n: count(), nv: count(v1), top: max(v3)}}
                    - sort: [id1, id3, id4]
            """));

        header.ShouldBe("id1,id3,id4,v3,v1,n,nv,top");
        rows.Count.ShouldBeGreaterThan(80_000);
        DuckDbComparison.ShouldEqual(rows, $"""
            SELECT id1, id3, id4, sum(v3), sum(v1), count(*), count(v1), max(v3)
            FROM read_csv('{data}', columns = {Columns}, header = true) GROUP BY id1, id3, id4 ORDER BY id1, id3, id4
            """);
    }

    [Fact]
    public async Task Columns_ReadOnlyThoseColumns_InThatOrder()
    {
        await using var h = new DataPipelineHarness();
        var data = h.Write("small.csv", "a,b,c\n1,x,2.5\n2,y,3.5\n");
        var (header, rows) = await RunAsync(h, Pipeline(data, "[c, a]", "            - limit: 5"));

        header.ShouldBe("c,a");
        rows.Select(static r => string.Join(',', r)).ShouldBe(["2.5,1", "3.5,2"]);
    }

    [Fact]
    public async Task Columns_UnknownColumn_FailsWithTheUpstreamDatasetAndASuggestion()
    {
        await using var h = new DataPipelineHarness();
        var data = h.Write("small.csv", "amount,region\n1,x\n");
        var outcome = await h.RunAsync(h.Load(Pipeline(data, "[amount, regoin]", "            - limit: 5")));

        outcome.State.ShouldBe(RunState.Failed);
        var error = await h.ErrorOfAsync(outcome, "q");
        error.ShouldContain("parameter 'data': column 'regoin' is not in the upstream dataset");
        error.ShouldContain("did you mean 'region'?");
    }
}
