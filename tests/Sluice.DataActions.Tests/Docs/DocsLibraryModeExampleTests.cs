using Sluice.Hosting.Library;
using Sluice.State;
using Sluice.Tests.Testing;

namespace Sluice.DataActions.Tests.Docs;

/// <summary>The library-mode example of docs/actions.md ("Running a pipeline file from C#") compiles and works.</summary>
public sealed class DocsLibraryModeExampleTests
{
    [Fact]
    public async Task Example_RunsAPipelineFileWithInputs_CallingBackOnProgressAndErrors()
    {
        using var dir = new TempDirectory();
        await File.WriteAllTextAsync(dir.File("orders.csv"), "order_id,amount\n1,10\n2,\n3,12\n");
        var path = dir.File("pipeline.yaml");
        await File.WriteAllTextAsync(path, """
            id: library_demo
            inputs:
              data: {type: string}
            tasks:
              - id: ingest
                action: ingest_from_sources
                parameters: {source: "{{ inputs.data }}"}
                outputs: [raw_data]
              - id: quality
                action: analyze_data_quality
                parameters: {data: "{{ ingest.raw_data }}", checks: ["missing_count(amount) < 5"]}
                dependencies: [ingest]
                outputs: [quality_scores]
              - id: detect
                action: run_anomaly_detection
                parameters: {data: "{{ inputs.data }}", columns: [no_such_column]}
                dependencies: [quality]
                outputs: [stats]
            """);
        var storePath = dir.File("state.db");
        var dataPath = dir.File("orders.csv");
        var progress = new List<string>();
        var errors = new List<string>();

        // docs:begin LibraryMode
        var result = await SluicePipelines.ExecuteAsync(
            path,
            new Dictionary<string, object?> { ["data"] = dataPath },
            new PipelineExecutionOptions
            {
                Store = storePath,
                OnProgress = p => progress.Add($"[{p.TasksDone}/{p.TaskCount}] {p.TaskId}: {p.State.ToName()}"),
                OnError = e => errors.Add($"{e.TaskId} (attempt {e.Attempt}): {e.Message}"),
            });
        // result.Outcome.State: succeeded, failed or cancelled; result.Report: records, quality score, anomalies, outputs
        // docs:end

        result.Outcome.State.ShouldBe(RunState.Failed);
        progress.ShouldContain("[2/3] quality: succeeded");
        progress.ShouldContain(p => p.EndsWith("detect: failed", StringComparison.Ordinal));
        errors.ShouldHaveSingleItem().ShouldStartWith("detect (attempt 1): task 'detect': columns[0]: unknown column 'no_such_column'");
        result.Report.ShouldNotBeNull().RecordsProcessed.ShouldBe(3);
        // Completeness only (the one check is a missing_* check): 1 of 3 amounts is missing.
        result.Report.QualityScore.ShouldNotBeNull().ShouldBe(2.0 / 3, 1e-12);
        File.Exists(Path.Combine(dir.Path, "artifacts", result.Outcome.RunId, "processing_report.json")).ShouldBeTrue();
    }
}
