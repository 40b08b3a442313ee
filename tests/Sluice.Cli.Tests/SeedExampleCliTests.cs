using System.Text.Json;
using Sluice.Cli.Tests.Testing;
using Sluice.Tests.Testing;

namespace Sluice.Cli.Tests;

/// <summary>
/// examples/seed-000: seed 000's pipeline as written, run offline by the real <c>sluice</c> on the example's sample
/// data (a copy in a temp folder, since runs write models/, out/ and .sluice/ next to it).
/// </summary>
public sealed class SeedExampleCliTests : IDisposable
{
    private const string Pipeline = "data_processing_pipeline.yaml";
    private readonly TempDirectory _dir = new();

    public SeedExampleCliTests()
    {
        var example = Path.Combine(SluiceCli.RepoRoot, "examples", "seed-000");
        foreach (var file in Directory.GetFiles(example, "*", SearchOption.AllDirectories)
            .Where(f => !Path.GetRelativePath(example, f).StartsWith('.') && !Path.GetRelativePath(example, f).StartsWith("out", StringComparison.Ordinal) && !Path.GetRelativePath(example, f).StartsWith("models", StringComparison.Ordinal)))
        {
            var target = Path.Combine(_dir.Path, Path.GetRelativePath(example, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }

    [Fact]
    public async Task Validate_TheSeedAsWritten_HasNoErrors()
    {
        var result = await SluiceCli.RunAsync(_dir.Path, "validate", Pipeline);

        result.ExitCode.ShouldBe(0, result.StderrText);
        result.StderrText.ShouldNotContain(": error ");
    }

    [Fact]
    public async Task Run_WithTheInputsFile_ExitsZeroOffline_PrintsAndSavesTheProcessingReport_AndTheNextRunReusesTheModel()
    {
        var pipeline = Pipeline; // the seed as written, enrichment included (offline: no model is reachable)
        var first = await SluiceCli.RunAsync(_dir.Path, "run", pipeline, "--inputs-file", "inputs.yaml", "--report", "report.json");
        var second = await SluiceCli.RunAsync(_dir.Path, "run", pipeline, "--inputs-file", "inputs.yaml");
        var runs = await SluiceCli.RunAsync(_dir.Path, "runs", "--json");

        first.ExitCode.ShouldBe(0, first.StderrText);
        second.ExitCode.ShouldBe(0, second.StderrText);
        // 181 rows in three files (one gzipped); schema validation quarantines 4 of them (a negative quantity, an
        // upper-case status, a repeated order id, an unknown status); the rest go on as one dataset.
        var text = first.StderrText;
        text.ShouldContain("Data processing report");
        text.ShouldContain("records processed: 181");
        text.ShouldContain("records failed: 4");
        text.ShouldContain("data quality score: ");
        text.ShouldContain("anomalies: ");
        text.ShouldContain(Path.Combine(_dir.Path, "out", "orders_processed.csv"));

        using var report = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(_dir.Path, "report.json")));
        var runId = report.RootElement.GetProperty("run_id").GetString()!;
        var saved = await File.ReadAllTextAsync(Path.Combine(_dir.Path, ".sluice", "artifacts", runId, "processing_report.json"));
        saved.ShouldBe(await File.ReadAllTextAsync(Path.Combine(_dir.Path, "report.json")));
        report.RootElement.GetProperty("total_records_processed").GetInt64().ShouldBe(181);
        report.RootElement.GetProperty("total_records_failed").GetInt64().ShouldBe(4);
        var anomalies = report.RootElement.GetProperty("anomalies").GetProperty("count").GetInt64();
        report.RootElement.GetProperty("anomalies").GetProperty("rows_examined").GetInt64().ShouldBe(177);

        // The first run fitted the local isolation forest and saved it at the seed's path; the second loaded it.
        File.Exists(Path.Combine(_dir.Path, "models", "anomaly_detector.pkl")).ShouldBeTrue();
        using var listed = JsonDocument.Parse(runs.Stdout);
        var latest = listed.RootElement[0].GetProperty("processing");
        latest.GetProperty("anomalies").GetProperty("count").GetInt64().ShouldBe(anomalies);
        latest.GetProperty("total_records_processed").GetInt64().ShouldBe(181);
        var logs = await SluiceCli.RunAsync(_dir.Path, "logs", listed.RootElement[0].GetProperty("run_id").GetString()!);
        logs.Stdout.ShouldContain("model 'anomaly_detector': loaded models/anomaly_detector.pkl");
    }

    public void Dispose() => _dir.Dispose();
}
