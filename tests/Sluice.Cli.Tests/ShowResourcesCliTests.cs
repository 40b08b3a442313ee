using System.Text.Json;
using Sluice.Cli.Tests.Testing;
using Sluice.Tests.Testing;

namespace Sluice.Cli.Tests;

/// <summary><c>sluice show</c> reports each task's resource usage, in text and in <c>--json</c>.</summary>
public sealed class ShowResourcesCliTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    [Fact]
    public async Task Show_ListsEachTasksUsage_AndJsonHasIt()
    {
        (await SluiceCli.RunAsync(_dir.Path, "init", "proj")).ExitCode.ShouldBe(0);
        var proj = _dir.File("proj");
        (await SluiceCli.RunAsync(proj, "run", "pipeline.yaml")).ExitCode.ShouldBe(0);
        var id = JsonDocument.Parse((await SluiceCli.RunAsync(proj, "runs", "--json")).Stdout).RootElement[0].GetProperty("run_id").GetString()!;

        var text = await SluiceCli.RunAsync(proj, "show", id);
        var json = await SluiceCli.RunAsync(proj, "show", id, "--json");

        text.ExitCode.ShouldBe(0, text.ToString());
        text.Stdout.ShouldContain("resources");
        text.Stdout.ShouldMatch(@"\n  export: cpu \d+\.\d{3} s, peak \d+\.\d MiB, read [\d.]+ (B|KiB|MiB), written [\d.]+ (B|KiB|MiB)");
        using var doc = JsonDocument.Parse(json.Stdout);
        var export = doc.RootElement.GetProperty("tasks").EnumerateArray().Single(static t => t.GetProperty("id").GetString() == "export");
        var usage = export.GetProperty("usage");
        usage.GetProperty("peak_memory_bytes").GetInt64().ShouldBeGreaterThan(0);
        // The export wrote out/summary.csv through write system calls.
        usage.GetProperty("bytes_written").GetInt64().ShouldBeGreaterThan(0);
    }

    public void Dispose() => _dir.Dispose();
}
