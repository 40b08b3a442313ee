using System.IO.Compression;
using System.Text;
using Sluice.Datasets;
using Sluice.State;

using Sluice.DataActions.Tests.Testing;

namespace Sluice.DataActions.Tests.IO;

/// <summary>A dataset parameter given a list of datasets reads them as one (UNION ALL, in list order, columns by name).</summary>
public sealed class DatasetListTests
{
    //   discover ──► ingest[0..2] ──► clean (one task over the list)
    private const string Pipeline = """
        id: lists
        tasks:
          - id: discover
            action: scan_data_sources
            parameters: {sources: "$ROOT/in"}
            outputs: [source_list]
          - id: ingest
            action: ingest_from_sources
            for_each: "{{ discover.source_list }}"
            parameters: {source: "{{ item }}"}
            dependencies: [discover]
            outputs: [raw_data]
          - id: clean
            action: clean_and_standardize
            parameters: {data: "{{ ingest.raw_data }}"}
            dependencies: [ingest]
            outputs: [cleaned_data, cleaning_report]
        """;

    private static void WriteGzip(string path, string text)
    {
        using var file = File.Create(path);
        using var gzip = new GZipStream(file, CompressionLevel.Fastest);
        gzip.Write(Encoding.UTF8.GetBytes(text));
    }

    [Fact]
    public async Task ListOfDatasets_ReorderedGzippedAndWidened_IsReadAsOneStreamInListOrder()
    {
        await using var h = new DataPipelineHarness();
        h.Write("in/a.csv", "id,amount,city\n1,10,Oslo\n2,20,Rome\n");
        // Columns in another order, and amounts with cents: int64 and decimal(2) widen to decimal(2).
        h.Write("in/b.csv", "city,id,amount\nLima,3,1.25\n");
        WriteGzip(h.File("in/c.csv.gz"), "id,amount,city\n4,40,Kyiv\n");

        var outcome = await h.RunAsync(h.Load(Pipeline));

        outcome.State.ShouldBe(RunState.Succeeded, outcome.Error);
        var cleaned = (DatasetRef)((IReadOnlyDictionary<string, object?>)outcome.Outputs["clean"]!)["cleaned_data"]!;
        (await ArtifactFile.ReadAllTextAsync(cleaned.Path)).ShouldBe("id,amount,city\n1,10.00,Oslo\n2,20.00,Rome\n3,1.25,Lima\n4,40.00,Kyiv\n");
        cleaned.Schema.ShouldBe([("id", "int64"), ("amount", "decimal(2)"), ("city", "string")]);
        var report = (IReadOnlyDictionary<string, object?>)((IReadOnlyDictionary<string, object?>)outcome.Outputs["clean"]!)["cleaning_report"]!;
        report["rows_in"].ShouldBe(4L);
    }

    [Fact]
    public async Task ListOfDatasets_WithDifferentColumns_FailsNamingTheColumnsAndTheFile()
    {
        await using var h = new DataPipelineHarness();
        h.Write("in/a.csv", "id,amount\n1,10\n");
        h.Write("in/b.csv", "id,total\n2,20\n");

        var outcome = await h.RunAsync(h.Load(Pipeline));

        outcome.State.ShouldBe(RunState.Failed);
        var error = await h.ErrorOfAsync(outcome, "clean");
        error.ShouldContain($"{h.File("in/b.csv")} lacks the column 'amount' and has the column 'total'");
        error.ShouldContain("the datasets of a list must have the same columns (by name)");
    }

    [Fact]
    public async Task ListOfDatasets_WithTypesThatDoNotWiden_FailsNamingTheColumnAndTypes()
    {
        await using var h = new DataPipelineHarness();
        h.Write("in/a.csv", "id,day\n1,2024-01-01\n");
        h.Write("in/b.csv", "id,day\n2,7\n");

        var outcome = await h.RunAsync(h.Load(Pipeline));

        outcome.State.ShouldBe(RunState.Failed);
        (await h.ErrorOfAsync(outcome, "clean")).ShouldStartWith($"column 'day' is int64 in {h.File("in/b.csv")} but date in an earlier dataset of the list");
    }
}
