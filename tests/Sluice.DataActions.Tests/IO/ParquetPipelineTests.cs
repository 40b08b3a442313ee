using Sluice.Data.Batches;
using Sluice.Data.Columns;
using Sluice.Data.Parquet;
using Sluice.Datasets;
using Sluice.State;

using Sluice.DataActions.Tests.Testing;

namespace Sluice.DataActions.Tests.IO;

public sealed class ParquetPipelineTests
{
    private static readonly Schema Orders = new(new Field("id", DataType.Int64), new Field("country", DataType.String), new Field("amount", DataType.Decimal(2)), new Field("day", DataType.Date));

    private static async Task WriteOrdersAsync(string path, int first, int count)
    {
        var ids = Enumerable.Range(first, count).ToArray();
        using var table = new Table(Orders, [new RecordBatch(Orders, [
            ColumnFactory.Int64([.. ids.Select(i => (long?)i)]),
            ColumnFactory.String([.. ids.Select(i => i % 4 == 0 ? null : i % 2 == 0 ? "FR" : "MX")]),
            ColumnFactory.Decimal(2, [.. ids.Select(i => (decimal?)(i * 1.25m))]),
            ColumnFactory.Create(DataType.Date, [.. ids.Select(i => (object?)new DateOnly(2026, 1, 1).AddDays(i % 3))]),
        ], count)]);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await ParquetWriter.WriteAsync(table, path);
    }

    [Fact]
    public async Task ScanIngestGlobTransformExport_ParquetEndToEnd_WithProjectionAndPartitions()
    {
        //  scan (folder) ─┐
        //  ingest (glob, columns) → transform → export (parquet gzip file + partitioned parquet)
        await using var h = new DataPipelineHarness();
        await WriteOrdersAsync(h.File("in/part-1.parquet"), 0, 100);
        await WriteOrdersAsync(h.File("in/part-2.parquet"), 100, 50);
        h.Write("in/notes.txt", "not data");
        var outcome = await h.RunAsync(h.Load("""
            id: pq
            tasks:
              - id: scan
                action: scan_data_sources
                parameters: {sources: ["$ROOT/in"], file_patterns: <AUTO>data files</AUTO>}
                outputs: [source_list, files]
              - id: ingest
                action: ingest_from_sources
                parameters: {source: "$ROOT/in/*.parquet", columns: [country, amount, id]}
                outputs: [raw_data, ingestion_stats]
              - id: transform
                action: apply_transformations
                parameters:
                  data: "{{ ingest.raw_data }}"
                  transformations:
                    - filter: "country is not None"
                    - derive: {double: "amount * 2"}
                dependencies: [ingest]
                outputs: [transformed_data]
              - id: export
                action: export_to_targets
                parameters:
                  data: "{{ transform.transformed_data }}"
                  targets:
                    - {path: "$ROOT/out/all.parquet", compression: gzip}
                    - {path: "$ROOT/out/by_country", format: parquet, partition_by: [country]}
                dependencies: [transform]
                outputs: [export_locations, export_stats]
            """));

        outcome.State.ShouldBe(RunState.Succeeded, outcome.Error);
        var files = ((IReadOnlyList<object?>)((IReadOnlyDictionary<string, object?>)outcome.Outputs["scan"]!)["files"]!).Cast<IReadOnlyDictionary<string, object?>>().ToList();
        files.Select(f => (Path.GetFileName((string)f["path"]!), f["format"])).ShouldBe([("part-1.parquet", "parquet"), ("part-2.parquet", "parquet")]);
        var raw = (DatasetRef)((IReadOnlyDictionary<string, object?>)outcome.Outputs["ingest"]!)["raw_data"]!;
        raw.Format.ShouldBe("parquet");
        raw.Schema.ShouldBe([("country", "string"), ("amount", "decimal(2)"), ("id", "int64")]);

        var all = ParquetSource.Open(h.File("out/all.parquet"));
        all.Schema.Fields.Select(f => f.Name).ShouldBe(["country", "amount", "id", "double"]);
        using (var rows = await Table.FromAsync(all.Schema, all.ReadAsync()))
        {
            rows.RowCount.ShouldBe(150 - 38); // ids divisible by 4 have no country
            rows.GetValue(0, "id").ShouldBe(1L);
            rows.GetValue(0, "double").ShouldBe(2.50m);
            rows.GetValue(rows.RowCount - 1, "id").ShouldBe(149L);
        }

        var fr = ParquetSource.Open(h.File("out/by_country/country=FR/part-00000.parquet"));
        fr.Schema.Fields.Select(f => f.Name).ShouldBe(["amount", "id", "double"]);
        fr.RowCount.ShouldBe(Enumerable.Range(0, 150).Count(i => i % 4 == 2));
    }

    [Fact]
    public async Task Ingest_ParquetWithoutExtension_IsDetectedByItsMagicBytes()
    {
        await using var h = new DataPipelineHarness();
        await WriteOrdersAsync(h.File("in/orders.bin"), 0, 10);
        var outcome = await h.RunAsync(h.Load("""
            id: magic
            tasks:
              - id: ingest
                action: ingest_from_sources
                parameters: {source: "$ROOT/in/orders.bin", materialize: true}
                outputs: [raw_data, ingestion_stats]
            """));

        outcome.State.ShouldBe(RunState.Succeeded, outcome.Error);
        var stats = (IReadOnlyDictionary<string, object?>)((IReadOnlyDictionary<string, object?>)outcome.Outputs["ingest"]!)["ingestion_stats"]!;
        stats["format"].ShouldBe("parquet");
        stats["records_processed"].ShouldBe(10L);
        var raw = (DatasetRef)((IReadOnlyDictionary<string, object?>)outcome.Outputs["ingest"]!)["raw_data"]!;
        (await ArtifactFile.ReadAllLinesAsync(raw.Path))[1].ShouldBe("0,,0.00,2026-01-01");
    }
}
