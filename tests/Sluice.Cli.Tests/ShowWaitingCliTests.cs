using System.Text.Json;
using Sluice.Cli.Tests.Testing;
using Sluice.Tests.Testing;

namespace Sluice.Cli.Tests;

/// <summary><c>sluice show</c> of a run that has not ended says why each task that is not running waits.</summary>
public sealed class ShowWaitingCliTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    //   hold (waits for a file) ──► after
    //   flaky (fails, retries in an hour)
    [Fact]
    public async Task Show_RunInProgress_SaysWhyEachTaskWaits()
    {
        var file = _dir.File("p.yaml");
        await File.WriteAllTextAsync(file, $$"""
            id: waits
            tasks:
              - id: hold
                action: shell
                parameters: {command: "while [ ! -f '{{_dir.File("go.flag")}}' ]; do sleep 0.1; done"}
              - id: after
                action: noop
                dependencies: [hold]
              - id: flaky
                action: shell
                retries: 3
                retry_delay: 1h
                parameters: {command: "exit 1"}
            """);
        using var running = SluiceCli.Start(_dir.Path, "run", file);

        string? show = null;
        var deadline = DateTime.UtcNow.AddSeconds(120);
        while (show is null || !show.Contains("waiting for the retry delay", StringComparison.Ordinal))
        {
            running.Process.HasExited.ShouldBeFalse(running.Stderr);
            DateTime.UtcNow.ShouldBeLessThan(deadline, show ?? running.Stderr);
            await Task.Delay(200);
            var runs = JsonDocument.Parse((await SluiceCli.RunAsync(_dir.Path, "runs", "--json")).Stdout).RootElement;
            if (runs.GetArrayLength() == 0)
            {
                continue;
            }
            show = (await SluiceCli.RunAsync(_dir.Path, new Dictionary<string, string?> { ["COLUMNS"] = "400" }, "show", runs[0].GetProperty("run_id").GetString()!)).Stdout;
        }

        var lines = show.Split('\n');
        lines.ShouldContain(l => l.Contains("flaky", StringComparison.Ordinal) && l.Contains("waiting for the retry delay after attempt 1 failed", StringComparison.Ordinal), show);
        // 'after' has not started (no row in the store) and is listed with its reason all the same.
        lines.ShouldContain(l => l.Contains("after", StringComparison.Ordinal) && l.Contains("waiting for upstream: hold", StringComparison.Ordinal), show);
        lines.ShouldNotContain(l => l.Contains("hold", StringComparison.Ordinal) && l.Contains("waiting", StringComparison.Ordinal) && !l.Contains("after", StringComparison.Ordinal), show);
    }

    public void Dispose() => _dir.Dispose();
}
