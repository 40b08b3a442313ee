using System.Globalization;
using System.Text.Json;
using Sluice.Data.Tests.Parquet;
using Sluice.DataActions.Tests.Testing;
using Sluice.Datasets;
using Sluice.State;

namespace Sluice.DataActions.Tests.IO;

public sealed class HivePartitionReadTests
{
    // day cycles over three dates, region over three names and a null, year over two integers.
    private static string Orders()
    {
        var lines = new List<string> { "id,year,day,region,amount" };
        for (var i = 0; i < 60; i++)
        {
            var region = (i % 4) switch { 0 => "EU", 1 => "US", 2 => "a/b=c%", _ => "" };
            lines.Add(string.Create(CultureInfo.InvariantCulture, $"{i},{2024 + i % 2},2026-01-0{1 + i % 3},{region},{i * 1.5m:0.00}"));
        }
        return string.Join('\n', lines) + "\n";
    }

    private static string Pipeline(string format, string filter = "") => $$"""
        id: hive_{{format}}
        tasks:
          - id: write
            action: export_to_targets
            parameters:
              data: {path: "$ROOT/orders.csv", format: csv}
              targets:
                - {path: "$ROOT/out", format: {{format}}, partition_by: [year, day, region]}
            outputs: [export_locations]
          - id: read
            action: apply_transformations
            dependencies: [write]
            parameters:
              data: {path: "$ROOT/out", format: {{format}}}
              transformations:
                {{(filter.Length > 0 ? $"- filter: \"{filter}\"" : "- limit: 1000")}}
                - sort: [id]
            outputs: [transformed_data, transformation_log]
        """;

    [Theory]
    [InlineData("csv")]
    [InlineData("parquet")]
    public async Task PartitionedFolder_ReadBack_RestoresTypedPartitionColumns(string format)
    {
        await using var h = new DataPipelineHarness();
        h.Write("orders.csv", Orders());
        var outcome = await h.RunAsync(h.Load(Pipeline(format)));

        outcome.State.ShouldBe(RunState.Succeeded, outcome.Error);
        var read = (IReadOnlyDictionary<string, object?>)outcome.Outputs["read"]!;
        var data = (DatasetRef)read["transformed_data"]!;
        data.Schema.ShouldBe([("id", "int64"), ("amount", "decimal(2)"), ("year", "int64"), ("day", "date"), ("region", "string")]);
        data.Rows.ShouldBe(60);
        var lines = await ArtifactFile.ReadAllLinesAsync(data.Path);
        lines[1].ShouldBe("0,0.00,2024,2026-01-01,EU");
        lines[3].ShouldBe("2,3.00,2024,2026-01-03,a/b=c%");
        // An empty CSV field is null: its folder is __HIVE_DEFAULT_PARTITION__, read back as null.
        lines[4].ShouldBe("3,4.50,2025,2026-01-01,");
        Directory.Exists(h.File("out/year=2025/day=2026-01-01/region=__HIVE_DEFAULT_PARTITION__")).ShouldBeTrue();
    }

    [Fact]
    public async Task FilterOnPartitionColumns_SkipsTheFoldersItRejects()
    {
        await using var h = new DataPipelineHarness();
        h.Write("orders.csv", Orders());
        var outcome = await h.RunAsync(h.Load(Pipeline("csv", "year == 2025 and day >= date('2026-01-02')")));

        outcome.State.ShouldBe(RunState.Succeeded, outcome.Error);
        var read = (IReadOnlyDictionary<string, object?>)outcome.Outputs["read"]!;
        var log = (IReadOnlyDictionary<string, object?>)read["transformation_log"]!;
        var expected = Enumerable.Range(0, 60).Count(i => i % 2 == 1 && i % 3 >= 1);
        ((DatasetRef)read["transformed_data"]!).Rows.ShouldBe(expected);
        // Only the rows of the kept folders were read: pruning happened before the files were opened.
        log["rows_in"].ShouldBe((long)expected);
    }

    [Fact]
    public async Task PartitionsOption_OnTheDataset_PrunesAndABadColumnIsNamed()
    {
        await using var h = new DataPipelineHarness();
        h.Write("orders.csv", Orders());
        var yaml = Pipeline("parquet").Replace("data: {path: \"$ROOT/out\", format: parquet}", "data: {path: \"$ROOT/out\", format: parquet, partitions: \"region == 'EU'\"}", StringComparison.Ordinal);
        var outcome = await h.RunAsync(h.Load(yaml));
        outcome.State.ShouldBe(RunState.Succeeded, outcome.Error);
        ((DatasetRef)((IReadOnlyDictionary<string, object?>)outcome.Outputs["read"]!)["transformed_data"]!).Rows.ShouldBe(15);

        await using var bad = new DataPipelineHarness();
        bad.Write("orders.csv", Orders());
        var failed = await bad.RunAsync(bad.Load(yaml.Replace("region == 'EU'", "amount > 3", StringComparison.Ordinal)));
        failed.State.ShouldBe(RunState.Failed);
        var error = await bad.ErrorOfAsync(failed, "read");
        error.ShouldContain("partitions");
        error.ShouldContain("amount");
        error.ShouldContain("unknown column 'amount'");
    }

    [DuckDbFact]
    public async Task PartitionedParquet_ReadsAsDuckDbHivePartitioningDoes()
    {
        await using var h = new DataPipelineHarness();
        h.Write("orders.csv", Orders());
        var outcome = await h.RunAsync(h.Load(Pipeline("parquet")));
        outcome.State.ShouldBe(RunState.Succeeded, outcome.Error);
        var ours = await ArtifactFile.ReadAllLinesAsync(((DatasetRef)((IReadOnlyDictionary<string, object?>)outcome.Outputs["read"]!)["transformed_data"]!).Path);

        var glob = DuckDb.Literal(Path.Combine(h.Root, "out", "**", "*.parquet"));
        var rows = DuckDb.Query(
            $"SELECT id, amount, year, day, region, typeof(year) AS ty, typeof(day) AS td, typeof(region) AS tr FROM read_parquet({glob}, hive_partitioning = true) ORDER BY id");
        rows.Count.ShouldBe(60);
        rows[0].GetProperty("ty").GetString().ShouldBe("BIGINT");
        rows[0].GetProperty("td").GetString().ShouldBe("DATE");
        rows[0].GetProperty("tr").GetString().ShouldBe("VARCHAR");
        var theirs = rows.Select(static r => string.Join(',',
            r.GetProperty("id").ToString(), r.GetProperty("amount").ToString(), r.GetProperty("year").ToString(), r.GetProperty("day").GetString(),
            r.GetProperty("region").ValueKind == JsonValueKind.Null ? "" : r.GetProperty("region").GetString())).ToList();
        ours.Skip(1).ToList().ShouldBe(theirs);
    }
}
