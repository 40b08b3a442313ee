using System.Text.Json;
using Sluice.Cli.Tests.Testing;
using Sluice.Tests.Testing;

namespace Sluice.Cli.Tests;

public sealed class InitCliTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    [Fact]
    public async Task Init_NewFolder_RunsAsCreated_WithEditorSchema_AndNeverOverwrites()
    {
        var init = await SluiceCli.RunAsync(_dir.Path, "init", "proj");
        init.ExitCode.ShouldBe(0, init.ToString());
        init.Stdout.ShouldContain("cd proj && sluice run pipeline.yaml");
        var proj = _dir.File("proj");

        using (var settings = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(proj, ".vscode", "settings.json"))))
        {
            var globs = settings.RootElement.GetProperty("yaml.schemas").GetProperty("./.vscode/sluice.schema.json");
            globs.EnumerateArray().Select(static g => g.GetString()).ShouldContain("pipeline.yaml");
        }
        using (var schema = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(proj, ".vscode", "sluice.schema.json"))))
        {
            schema.RootElement.GetProperty("$schema").GetString().ShouldNotBeNullOrEmpty();
        }
        (await File.ReadAllTextAsync(Path.Combine(proj, ".gitignore"))).ShouldContain(".sluice/");

        var run = await SluiceCli.RunAsync(proj, "run", "pipeline.yaml");
        run.ExitCode.ShouldBe(0, run.ToString());
        using (var result = JsonDocument.Parse(run.Stdout.Trim()))
        {
            result.RootElement.GetProperty("regions").GetInt64().ShouldBe(4);
        }
        var summary = await File.ReadAllLinesAsync(Path.Combine(proj, "out", "summary.csv"));
        summary.Length.ShouldBe(5, string.Join('\n', summary));
        summary.ShouldContain(static l => l.StartsWith("north,3,49.75", StringComparison.Ordinal), string.Join('\n', summary));

        var again = await SluiceCli.RunAsync(_dir.Path, "init", "proj");
        again.ExitCode.ShouldBe(2, again.ToString());
        again.StderrText.ShouldContain("already has pipeline.yaml");
    }

    public void Dispose() => _dir.Dispose();
}
