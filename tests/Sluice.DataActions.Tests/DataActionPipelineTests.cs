using System.Text.Json;
using Sluice.Data.Batches;
using Sluice.DataActions.IO;
using Sluice.Datasets;
using Sluice.State;

using Sluice.DataActions.Tests.Testing;

namespace Sluice.DataActions.Tests;

public sealed class DataActionPipelineTests
{
    private const string People = """
        id,name,city,score,joined
        1,  Ann ,Oslo,10.50,2024-01-02
        2,Bob,,7.25,2024-02-03
        3,Cid,Rome,,2024-03-04
        4,Dee,Oslo,3.00,
        5,Eve,Rome,12.00,2024-05-06

        """;

    [Fact]
    public async Task IngestTransformExport_HandComputedResult_WithNullsInEveryFormat()
    {
        //  ingest → transform → export (csv, jsonl, sqlite)
        await using var h = new DataPipelineHarness();
        h.Write("in/people.csv", People.Replace("        ", "", StringComparison.Ordinal));
        var definition = h.Load("""
            id: people
            tasks:
              - id: ingest
                action: ingest_from_sources
                parameters: {source: "$ROOT/in/people.csv"}
                outputs: [raw_data]
              - id: transform
                action: apply_transformations
                parameters:
                  data: "{{ ingest.raw_data }}"
                  transformations:
                    - derive: {name: "trim(name)", bonus: "score * 2 if score is not None else None"}
                    - fill: {column: city, strategy: constant, value: unknown}
                    - filter: "joined is not None"
                    - select: [id, name, city, bonus]
                    - sort: ["-id"]
                dependencies: [ingest]
                outputs: [transformed_data, transformation_log]
              - id: export
                action: export_to_targets
                parameters:
                  data: "{{ transform.transformed_data }}"
                  targets:
                    - "$ROOT/out/people.csv"
                    - "$ROOT/out/people.jsonl"
                    - {path: "$ROOT/out/people.db", table: people}
                dependencies: [transform]
                outputs: [export_locations, export_stats]
            """);

        var outcome = await h.RunAsync(definition);

        outcome.State.ShouldBe(RunState.Succeeded, outcome.Error);
        (await ArtifactFile.ReadAllTextAsync(h.File("out/people.csv"))).ShouldBe("id,name,city,bonus\n5,Eve,Rome,24.00\n3,Cid,Rome,\n2,Bob,unknown,14.50\n1,Ann,Oslo,21.00\n");
        (await ArtifactFile.ReadAllTextAsync(h.File("out/people.jsonl"))).ShouldBe(
            "{\"id\":5,\"name\":\"Eve\",\"city\":\"Rome\",\"bonus\":24.00}\n{\"id\":3,\"name\":\"Cid\",\"city\":\"Rome\",\"bonus\":null}\n" +
            "{\"id\":2,\"name\":\"Bob\",\"city\":\"unknown\",\"bonus\":14.50}\n{\"id\":1,\"name\":\"Ann\",\"city\":\"Oslo\",\"bonus\":21.00}\n");
        var table = SqliteTableSource.Open(h.File("out/people.db"), "people");
        table.Schema.ShouldBe(new Schema(new Field("id", DataType.Int64), new Field("name", DataType.String), new Field("city", DataType.String), new Field("bonus", DataType.Decimal(2))));
        using (var rows = await Table.FromAsync(table.Schema, table.ReadAsync(null)))
        {
            rows.RowCount.ShouldBe(4);
            rows.GetValue(1, "bonus").ShouldBeNull();
            rows.GetValue(2, "bonus").ShouldBe(14.50m);
        }

        var log = (IReadOnlyDictionary<string, object?>)((IReadOnlyDictionary<string, object?>)outcome.Outputs["transform"]!)["transformation_log"]!;
        log["rows_in"].ShouldBe(5L);
        log["rows_out"].ShouldBe(4L);
        var steps = (IReadOnlyDictionary<string, object?>)log["steps"]!;
        ((IReadOnlyDictionary<string, object?>)steps["filter"]!)["rows_out"].ShouldBe(4L);
        var stats = (IReadOnlyDictionary<string, object?>)((IReadOnlyDictionary<string, object?>)outcome.Outputs["export"]!)["export_stats"]!;
        stats["rows"].ShouldBe(4L);
    }

    [Fact]
    public async Task JoinAndAggregate_SkewedKeys_CountsEveryGroupExactly()
    {
        // 1000 orders of customer 1, one each of customers 2 and 3; customer 3 has no row on the right (left join keeps it).
        await using var h = new DataPipelineHarness();
        var orders = "customer,amount\n" + string.Concat(Enumerable.Range(0, 1000).Select(i => $"1,{i % 7}\n")) + "2,5\n3,9\n";
        h.Write("orders.csv", orders);
        h.Write("customers.csv", "customer,segment\n1,big\n2,small\n");
        var definition = h.Load("""
            id: skew
            tasks:
              - id: agg
                action: apply_transformations
                parameters:
                  data: "$ROOT/orders.csv"
                  transformations:
                    - join: {with: "$ROOT/customers.csv", on: customer, how: left}
                    - aggregate: {by: [segment], metrics: {n: count(), total: sum(amount), top: max(amount), customers: count_distinct(customer)}}
                    - sort: [segment]
                outputs: [transformed_data]
            """);

        var outcome = await h.RunAsync(definition);

        outcome.State.ShouldBe(RunState.Succeeded, outcome.Error);
        var data = (DatasetRef)((IReadOnlyDictionary<string, object?>)outcome.Outputs["agg"]!)["transformed_data"]!;
        var expectedBig = Enumerable.Range(0, 1000).Sum(i => i % 7);
        (await ArtifactFile.ReadAllTextAsync(data.Path)).ShouldBe($"segment,n,total,top,customers\nbig,1000,{expectedBig},6,1\nsmall,1,5,5,1\n,1,9,9,1\n");
        data.Rows.ShouldBe(3);
        data.Kind.ShouldBe("artifact");
    }

    [Fact]
    public async Task Quarantine_MalformedAndRejectedRows_AreKeptWithFileLineAndReason()
    {
        await using var h = new DataPipelineHarness();
        h.Write("in.csv", "id,qty\n1,5\n2,x\n3,-4\n4,8\n");
        // qty is inferred as string from the sample ('x'), so cast first and reject the row that does not convert.
        var outcome = await h.RunAsync(h.Load("""
            id: q
            tasks:
              - id: t
                action: apply_transformations
                parameters:
                  data: "$ROOT/in.csv"
                  transformations:
                    - derive: {n: "int(qty)"}
                    - name: bad
                      reject: {when: "n is None", reason: qty is not a number}
                    - name: negative
                      reject: {when: "n < 0", reason: negative quantity}
                    - select: [id, n]
                outputs: [transformed_data, transformation_log]
            """));

        outcome.State.ShouldBe(RunState.Succeeded, outcome.Error);
        var outputs = (IReadOnlyDictionary<string, object?>)outcome.Outputs["t"]!;
        var log = (IReadOnlyDictionary<string, object?>)outputs["transformation_log"]!;
        log["quarantined"].ShouldBe(2L);
        var lines = await ArtifactFile.ReadAllLinesAsync((string)log["quarantine"]!);
        lines.Length.ShouldBe(2);
        var reasons = lines.Select(l => JsonDocument.Parse(l).RootElement).Select(e => (e.GetProperty("reason").GetString(), e.GetProperty("raw").GetString(), e.GetProperty("file").GetString())).OrderBy(x => x.Item1).ToList();
        reasons[0].ShouldBe(("negative quantity", "id=3,qty=-4,n=-4", h.File("in.csv")));
        reasons[1].ShouldBe(("qty is not a number", "id=2,qty=x,n=", h.File("in.csv")));
        (await ArtifactFile.ReadAllTextAsync(((DatasetRef)outputs["transformed_data"]!).Path)).ShouldBe("id,n\n1,5\n4,8\n");
    }

    [Fact]
    public async Task Quarantine_ReaderMalformedRecord_HasFileLineAndReason()
    {
        await using var h = new DataPipelineHarness();
        h.Write("in.jsonl", "{\"id\": 1, \"v\": 2}\n{\"id\": 2, \"v\": \n{\"id\": 3, \"v\": \"seven\"}\n{\"id\": 4}\n");
        var outcome = await h.RunAsync(h.Load("""
            id: j
            tasks:
              - id: ingest
                action: ingest_from_sources
                parameters: {source: "$ROOT/in.jsonl", schema: {id: int64, v: int64}}
                outputs: [raw_data]
              - id: t
                action: apply_transformations
                parameters: {data: "{{ ingest.raw_data }}"}
                dependencies: [ingest]
                outputs: [transformed_data, transformation_log]
            """));

        outcome.State.ShouldBe(RunState.Succeeded, outcome.Error);
        var outputs = (IReadOnlyDictionary<string, object?>)outcome.Outputs["t"]!;
        (await ArtifactFile.ReadAllTextAsync(((DatasetRef)outputs["transformed_data"]!).Path)).ShouldBe("id,v\n1,2\n4,\n");
        var log = (IReadOnlyDictionary<string, object?>)outputs["transformation_log"]!;
        log["rows_in"].ShouldBe(4L);
        var records = (await ArtifactFile.ReadAllLinesAsync((string)log["quarantine"]!)).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        records.Select(r => r.GetProperty("line").GetInt64()).ShouldBe([2L, 3L]);
        records[0].GetProperty("reason").GetString()!.ShouldStartWith("malformed JSON");
        records[1].GetProperty("reason").GetString().ShouldBe("key 'v': \"seven\" does not convert to int64");
        records[1].GetProperty("file").GetString().ShouldBe(h.File("in.jsonl"));
    }

    [Fact]
    public async Task Resume_AfterExportFailure_ReusesTheTransformArtifact()
    {
        //  transform → export (fails: its folder is blocked by a file) ... unblock ... resume → export only
        await using var h = new DataPipelineHarness();
        h.Write("in.csv", "k,v\na,1\nb,2\na,3\n");
        h.Write("blocked", "a file where the export folder should be");
        var definition = h.Load("""
            id: r
            tasks:
              - id: transform
                action: apply_transformations
                parameters:
                  data: "$ROOT/in.csv"
                  transformations: [{aggregate: {by: [k], metrics: {total: sum(v)}}}, {sort: [k]}]
                outputs: [transformed_data]
              - id: export
                action: export_to_targets
                retries: 0
                parameters: {data: "{{ transform.transformed_data }}", targets: "$ROOT/blocked/out.csv"}
                dependencies: [transform]
                outputs: [export_locations]
            """);

        var first = await h.RunAsync(definition);
        first.State.ShouldBe(RunState.Failed);
        File.Exists(h.File("blocked/out.csv")).ShouldBeFalse();
        var artifact = ((DatasetRef)((IReadOnlyDictionary<string, object?>)first.Outputs["transform"]!)["transformed_data"]!).Path;

        File.Delete(h.File("blocked"));
        var resumed = await h.Executor().ResumeAsync(definition, first.RunId);

        resumed.State.ShouldBe(RunState.Succeeded, resumed.Error);
        (await ArtifactFile.ReadAllTextAsync(h.File("blocked/out.csv"))).ShouldBe("k,total\na,4\nb,2\n");
        var rows = (await h.Store.GetTaskInstancesAsync(first.RunId)).ToDictionary(r => r.TaskId);
        rows["transform"].Attempt.ShouldBe(1);
        rows["export"].Attempt.ShouldBe(2);
        ((DatasetRef)((IReadOnlyDictionary<string, object?>)resumed.Outputs["transform"]!)["transformed_data"]!).Path.ShouldBe(artifact);
    }
}
