using Sluice.Cli.Tests.Testing;
using Sluice.Tests.Testing;

namespace Sluice.Cli.Tests;

/// <summary>examples/library-mode (built with these tests, as a project reference) runs its pipeline from C#.</summary>
public sealed class LibraryModeExampleTests
{
    [Fact]
    public async Task Example_RunsThePipelineFile_ReportingProgressAndTheProcessingReport()
    {
        using var dir = new TempDirectory();
        var output = new StringWriter();
        var pipeline = Path.Combine(SluiceCli.RepoRoot, "examples", "library-mode", "pipeline.yaml");
        var data = Path.Combine(SluiceCli.RepoRoot, "examples", "seed-000", "data");

        var code = await LibraryMode.Program.RunAsync(pipeline, data, dir.File("out"), dir.File("state.db"), output);

        var text = output.ToString();
        code.ShouldBe(0, text);
        text.ShouldContain("[1/6] discover: succeeded");
        text.ShouldContain("ingest[2]: succeeded");
        text.ShouldContain("[6/6] ");
        text.ShouldContain(": succeeded\n");
        // 181 rows in the three files; clean reads them as one dataset (rows_in), nothing is quarantined without a schema.
        text.ShouldContain("records processed: 181, failed: 0");
        text.ShouldContain($"output: {dir.File("out")}/orders.csv");
        File.Exists(dir.File("out/orders.csv")).ShouldBeTrue();
    }

    [Fact]
    public async Task Example_WithAFileThatDoesNotLoad_ThrowsWithTheLocatedError()
    {
        using var dir = new TempDirectory();
        var bad = dir.File("bad.yaml");
        await File.WriteAllTextAsync(bad, "id: bad\ntasks:\n  - id: a\n    action: no_such_action\n");

        var ex = await Should.ThrowAsync<Sluice.Diagnostics.SluiceException>(() => LibraryMode.Program.RunAsync(bad, dir.Path, dir.Path, dir.File("state.db"), TextWriter.Null));

        ex.Message.ShouldContain($"{bad}:4:13: error SLU040: task 'a' uses the action 'no_such_action', which is not registered");
    }
}
