using Sluice.Definition;
using Sluice.Definition.Validation;
using Sluice.Definition.Yaml;
using Sluice.Diagnostics;

namespace Sluice.Tests.Definition.Yaml;

/// <summary>Seed 000's pipeline, copied verbatim, must load as written (undeclared inputs are only warnings).</summary>
public class SeedPipelineTests
{
    private static LoadResult LoadSeed() =>
        PipelineLoader.LoadFile(Path.Combine(MalformedCorpusTests.TestDirectory("Fixtures"), "seed_000_data_processing.yaml"), TestActions.SeedRegistry());

    [Fact]
    public void Load_Seed000_SucceedsWithOnlyWarnings()
    {
        var result = LoadSeed();
        result.ShouldSucceed();
        result.Diagnostics.ShouldAllBe(d => d.Severity == DiagnosticSeverity.Warning && d.Code == DiagnosticCodes.UndeclaredInput);
        result.Diagnostics.Select(d => d.Message).ShouldContain("input 'mode' is read but not declared under 'inputs'");
    }

    [Fact]
    public void Load_Seed000_ReadsTheTaskGraph()
    {
        var d = LoadSeed().Definition!;
        d.Id.ShouldBe("data_processing_workflow");
        d.Version.ShouldBe("1.0");
        d.Tasks.Count.ShouldBe(10);
        d.Models.Select(m => m.Name).ShouldBe(["data_analyzer", "anomaly_detector"]);
        var ingest = d.Tasks.Single(t => t.Id == "ingest_data");
        ingest.ForEach.ShouldBe("{{ validate_schema.valid_sources }}");
        ingest.MaxWorkers.ShouldBe("{{ context.parallel_workers }}");
        ingest.Parameters["compression"].ShouldBe(new AutoValue("Detect compression type"));
        d.Tasks.Single(t => t.Id == "export_data").Dependencies.ShouldBe(["feature_engineering", "detect_anomalies"]);
        d.Tasks.Single(t => t.Id == "feature_engineering").Condition.ShouldBe("inputs.enable_ml == true");
    }
}
