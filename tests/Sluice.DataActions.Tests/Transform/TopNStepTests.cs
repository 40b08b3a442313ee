using System.Globalization;
using System.Text;
using Sluice.Data.Tests.Parquet;
using Sluice.Datasets;
using Sluice.State;

using Sluice.DataActions.Tests.Testing;

namespace Sluice.DataActions.Tests.Transform;

/// <summary>The top_n step against DuckDB's row_number() window (db-benchmark groupby q8: the largest two v3 per id6).</summary>
public sealed class TopNStepTests
{
    [DuckDbFact]
    public async Task TopN_LargestTwoPerGroup_EqualsDuckDbRowNumber()
    {
        await using var h = new DataPipelineHarness();
        var csv = new StringBuilder("id6,v3\n");
        var random = new Random(8);
        for (var i = 0; i < 5000; i++)
        {
            // Few distinct v3 values so ties occur; unique (id6, v3) pairs keep the expected set unambiguous.
            csv.Append(CultureInfo.InvariantCulture, $"{random.Next(1, 300)},{i / 7 * 0.25m + random.Next(0, 1000) * 0.000001m}\n");
        }

        var data = h.Write("x.csv", csv.ToString());
        var outcome = await h.RunAsync(h.Load($$$"""
            id: topn
            tasks:
              - id: top
                action: apply_transformations
                parameters:
                  data: {{{data}}}
                  transformations:
                    - top_n: {by: [id6], order: ["-v3"], n: 2}
                outputs: [transformed_data]
            """));
        outcome.State.ShouldBe(RunState.Succeeded, await h.ErrorOfAsync(outcome, "top"));
        var path = ((DatasetRef)((IReadOnlyDictionary<string, object?>)outcome.Outputs["top"]!)["transformed_data"]!).Path;
        var ours = ArtifactFile.ReadAllLines(path).Skip(1).ToList();

        var theirs = DuckDb.Query($$"""
            SELECT CAST(id6 AS VARCHAR) || ',' || CAST(v3 AS VARCHAR) AS line FROM (
              SELECT id6, v3, row_number() OVER (PARTITION BY id6 ORDER BY v3 DESC) AS rn
              FROM read_csv('{{data}}', columns = {'id6': 'BIGINT', 'v3': 'DECIMAL(18,6)'}, header = true))
            WHERE rn <= 2 ORDER BY id6, v3 DESC
            """);
        ours.Count.ShouldBeGreaterThan(400);
        ours.ShouldBe([.. theirs.Select(r => r.GetProperty("line").GetString()!)]);
    }

    [Fact]
    public async Task TopN_WithoutOrder_SaysWhatToGive()
    {
        await using var h = new DataPipelineHarness();
        var data = h.Write("x.csv", "g,v\na,1\n");
        var outcome = await h.RunAsync(h.Load($$$"""
            id: topn_bad
            tasks:
              - id: top
                action: apply_transformations
                parameters:
                  data: {{{data}}}
                  transformations:
                    - top_n: {by: [g], n: 2}
                outputs: [transformed_data]
            """));
        outcome.State.ShouldBe(RunState.Failed);
        (await h.ErrorOfAsync(outcome, "top")).ShouldContain("needs 'order'");
    }
}
