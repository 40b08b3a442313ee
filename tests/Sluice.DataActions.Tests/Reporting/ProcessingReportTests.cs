using Sluice.DataActions.Reporting;
using Sluice.State;

namespace Sluice.DataActions.Tests.Reporting;

public sealed class ProcessingReportTests
{
    //   validate (2 sources, permissive) ──► ingest[0..1] ──► detect (over the list) ──► quality
    //                                                                                 └─► export
    private const string Pipeline = """
        id: report
        tasks:
          - id: validate
            action: validate_data_schema
            parameters:
              sources: ["$ROOT/a.csv", "$ROOT/b.csv"]
              schema: {id: {type: integer, nullable: false}, v: {type: numeric, min: 0}}
              validation_mode: permissive
            outputs: [valid_sources, quarantine]
          - id: ingest
            action: ingest_from_sources
            for_each: "{{ validate.valid_sources }}"
            parameters: {source: "{{ item }}"}
            dependencies: [validate]
            outputs: [raw_data]
          - id: detect
            action: run_anomaly_detection
            parameters: {data: "{{ ingest.raw_data }}", method: zscore, columns: [v], threshold: 2}
            dependencies: [ingest]
            outputs: [normal_data, stats]
          - id: quality
            action: analyze_data_quality
            parameters: {data: "{{ detect.normal_data }}", checks: ["missing_percent(v) < 50"]}
            dependencies: [detect]
            outputs: [quality_scores]
          - id: export
            action: export_to_targets
            parameters: {data: "{{ detect.normal_data }}", targets: "$ROOT/out/result.csv"}
            dependencies: [detect]
            outputs: [export_locations, export_stats]
        """;

    [Fact]
    public async Task Report_CountsSourceRows_QuarantinedRows_AnomaliesAndOutputs()
    {
        await using var h = new DataPipelineHarness();
        // a: 6 rows, one with a negative v (quarantined). b: 5 rows, one with a missing v; 100 is 2σ away from the rest.
        h.Write("a.csv", "id,v\n1,1\n2,2\n3,-3\n4,1\n5,2\n6,1\n");
        h.Write("b.csv", "id,v\n7,2\n8,\n9,1\n10,100\n11,2\n");

        var outcome = await h.RunAsync(h.Load(Pipeline));
        var report = await ProcessingReport.BuildAsync(h.Store, outcome.RunId, TimeProvider.System);

        outcome.State.ShouldBe(RunState.Succeeded, outcome.Error);
        report.ShouldNotBeNull();
        report.RecordsProcessed.ShouldBe(11);
        report.RecordsFailed.ShouldBe(1);
        report.Anomalies.ShouldBe(1);
        report.AnomalyRowsExamined.ShouldBe(10);
        report.AnomalyPercent.ShouldBe(10.0);
        report.RecordsExported.ShouldBe(9);
        report.QualityScore.ShouldNotBeNull().ShouldBe(1 - (1.0 / 9), 1e-12);
        report.OutputLocations.ShouldBe([h.File("out/result.csv")]);
        report.ProcessingSeconds.ShouldNotBeNull().ShouldBeGreaterThanOrEqualTo(0);
        report.ToJson().ShouldContain("\"total_records_processed\": 11");
    }

    [Fact]
    public async Task Report_OfAPipelineWithoutDatasets_IsNull()
    {
        await using var h = new DataPipelineHarness();
        var outcome = await h.RunAsync(h.Load("id: plain\ntasks:\n  - id: a\n    action: noop\n"));

        (await ProcessingReport.BuildAsync(h.Store, outcome.RunId, TimeProvider.System)).ShouldBeNull();
    }
}
