using System.IO.Compression;
using Sluice.Datasets;
using Sluice.State;

using Sluice.DataActions.Tests.Testing;

namespace Sluice.DataActions.Tests;

public sealed class SourceActionTests
{
    [Fact]
    public async Task ScanThenIngestEach_DetectsFormatsAndCompression_AndStreamsTheSources()
    {
        //  scan (glob) → ingest (for_each, lazy) → transform per item
        await using var h = new DataPipelineHarness();
        h.Write("data/a.csv", "id;name\n1;x\n2;y\n");
        h.Write("data/sub/b.jsonl", "{\"id\": 3, \"name\": \"z\"}\n");
        h.Write("data/c.json", "[{\"id\": 4, \"name\": \"w\"}, {\"id\": 5, \"name\": null}]");
        h.Write("data/readme.md", "not data");
        await using (var gz = new GZipStream(File.Create(h.File("data/d.csv.gz")), CompressionLevel.Fastest))
        {
            await gz.WriteAsync("id,name\n6,v\n"u8.ToArray());
        }

        var outcome = await h.RunAsync(h.Load("""
            id: scan
            tasks:
              - id: scan
                action: scan_data_sources
                parameters: {sources: ["$ROOT/data"], file_patterns: <AUTO>find data files</AUTO>}
                outputs: [source_list, total_size, file_count, files]
              - id: ingest
                action: ingest_from_sources
                for_each: "{{ scan.source_list }}"
                parameters: {source: "{{ item }}", compression: <AUTO>detect</AUTO>}
                dependencies: [scan]
                outputs: [raw_data, ingestion_stats]
              - id: count
                action: apply_transformations
                for_each: "{{ ingest.raw_data }}"
                parameters: {data: "{{ item }}", transformations: [{aggregate: {metrics: {n: count(), top: max(id)}}}]}
                dependencies: [ingest]
                outputs: [transformed_data]
            """));

        outcome.State.ShouldBe(RunState.Succeeded, outcome.Error);
        var scan = (IReadOnlyDictionary<string, object?>)outcome.Outputs["scan"]!;
        scan["file_count"].ShouldBe(4L);
        ((IReadOnlyList<object?>)scan["source_list"]!).Select(p => Path.GetRelativePath(h.Root, (string)p!)).ShouldBe(["data/a.csv", "data/c.json", "data/d.csv.gz", "data/sub/b.jsonl"]);
        var files = ((IReadOnlyList<object?>)scan["files"]!).Cast<IReadOnlyDictionary<string, object?>>().ToList();
        files.Select(f => (f["format"], f["compression"])).ShouldBe([("csv", "none"), ("json", "none"), ("csv", "gzip"), ("jsonl", "none")]);
        var refs = ((IReadOnlyDictionary<string, object?>)outcome.Outputs["ingest"]!)["raw_data"] as IReadOnlyList<object?>;
        refs!.Cast<DatasetRef>().Select(r => r.Kind).ShouldAllBe(k => k == "source");
        ((DatasetRef)refs![0]!).Options["delimiter"].ShouldBe(";");
        var counts = ((IReadOnlyList<object?>)((IReadOnlyDictionary<string, object?>)outcome.Outputs["count"]!)["transformed_data"]!).Cast<DatasetRef>()
            .Select(r => ArtifactFile.ReadAllText(r.Path)).ToList();
        counts.ShouldBe(["n,top\n2,2\n", "n,top\n2,5\n", "n,top\n1,6\n", "n,top\n1,3\n"]);
    }

    [Fact]
    public async Task Ingest_HeaderFalseInsideASourceMap_ReadsTheFirstLineAsData()
    {
        // Before, the action's own default (header: true) overrode the map: the first row became the header.
        await using var h = new DataPipelineHarness();
        h.Write("noheader.csv", "1,x\n2,y\n3,z\n");
        var outcome = await h.RunAsync(h.Load("""
            id: noheader
            tasks:
              - id: ingest
                action: ingest_from_sources
                parameters:
                  source: {path: "$ROOT/noheader.csv", header: false}
                  materialize: true
                outputs: [raw_data, ingestion_stats]
              - id: count
                action: apply_transformations
                parameters: {data: "{{ ingest.raw_data }}", transformations: [{aggregate: {metrics: {n: count(), top: max(column1)}}}]}
                dependencies: [ingest]
                outputs: [transformed_data]
            """));

        outcome.State.ShouldBe(RunState.Succeeded, outcome.Error);
        var result = (DatasetRef)((IReadOnlyDictionary<string, object?>)outcome.Outputs["count"]!)["transformed_data"]!;
        ArtifactFile.ReadAllText(result.Path).ShouldBe("n,top\n3,3\n", "columns are named column1, column2 and every line is a row");
    }

    [Fact]
    public async Task CleanAndStandardize_TrimsTokensCoercesDedupesImputes_AndReports()
    {
        await using var h = new DataPipelineHarness();
        h.Write("in.csv", "id,city,score\n1, Oslo ,10\n2,NA,x\n3,rome,\n3,rome,\n4,Oslo,20\n5,N/A,999\n");
        var outcome = await h.RunAsync(h.Load("""
            id: clean
            tasks:
              - id: clean
                action: clean_and_standardize
                parameters:
                  data_chunk: "$ROOT/in.csv"
                  cleaning_rules: {trim: true, upper: [city], null_tokens: [NA, N/A], types: {score: int64}, dedupe: true}
                  handle_missing: intelligent_imputation
                  outlier_detection: false
                outputs: [cleaned_data, cleaning_report]
            """));

        outcome.State.ShouldBe(RunState.Succeeded, outcome.Error);
        var outputs = (IReadOnlyDictionary<string, object?>)outcome.Outputs["clean"]!;
        // score median of 10, 20, 999 is 20; city mode is OSLO (2) over ROME (1).
        (await ArtifactFile.ReadAllTextAsync(((DatasetRef)outputs["cleaned_data"]!).Path)).ShouldBe("id,city,score\n1,OSLO,10\n2,OSLO,20\n3,ROME,20\n4,OSLO,20\n5,OSLO,999\n");
        var report = (IReadOnlyDictionary<string, object?>)outputs["cleaning_report"]!;
        report["rows_in"].ShouldBe(6L);
        report["rows_out"].ShouldBe(5L);
        report["duplicates_removed"].ShouldBe(1L);
        ((IReadOnlyDictionary<string, object?>)report["coercion_failures"]!)["score"].ShouldBe(1L);
    }
}
