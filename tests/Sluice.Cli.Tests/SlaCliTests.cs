using System.Text.Json;
using Sluice.Cli.Tests.Testing;
using Sluice.Tests.Testing;

namespace Sluice.Cli.Tests;

/// <summary><c>sluice run</c> warns about a task that outlives its <c>sla</c> while it runs and records the miss on the run.</summary>
public sealed class SlaCliTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    //   hold (sla 1s, waits for a file the test writes once the miss is recorded) ──► after (sla 1h)
    [Fact]
    public async Task Run_TaskPastItsSla_WarnsOnStderrWhileRunning_AndShowListsTheMiss()
    {
        var file = _dir.File("p.yaml");
        await File.WriteAllTextAsync(file, $$"""
            id: late
            tasks:
              - id: hold
                action: shell
                parameters: {command: "while [ ! -f '{{_dir.File("go.flag")}}' ]; do sleep 0.1; done"}
                sla: {max_duration: 1s}
              - id: after
                action: noop
                dependencies: [hold]
                sla: {max_duration: 1h}
            """);
        // Wide, so the warning is one line however long the temporary paths are.
        var start = SluiceCli.StartInfo(_dir.Path, "run", file);
        start.Environment["COLUMNS"] = "400";
        using var running = new RunningCli(System.Diagnostics.Process.Start(start)!);

        string? show = null;
        string? runId = null;
        var deadline = DateTime.UtcNow.AddSeconds(120);
        while (show is null || !show.Contains("SLA missed", StringComparison.Ordinal))
        {
            running.Process.HasExited.ShouldBeFalse(running.Stderr);
            DateTime.UtcNow.ShouldBeLessThan(deadline, show ?? running.Stderr);
            await Task.Delay(200);
            var runs = JsonDocument.Parse((await SluiceCli.RunAsync(_dir.Path, "runs", "--json")).Stdout).RootElement;
            if (runs.GetArrayLength() == 0)
            {
                continue;
            }
            runId = runs[0].GetProperty("run_id").GetString()!;
            show = (await SluiceCli.RunAsync(_dir.Path, new Dictionary<string, string?> { ["COLUMNS"] = "400" }, "show", runId)).Stdout;
        }
        // The warning is printed while the task still runs: the flag that lets it end is not written yet.
        while (!running.Stderr.Contains("SLA missed", StringComparison.Ordinal))
        {
            running.Process.HasExited.ShouldBeFalse(running.Stderr);
            DateTime.UtcNow.ShouldBeLessThan(deadline, running.Stderr);
            await Task.Delay(100);
        }
        await File.WriteAllTextAsync(_dir.File("go.flag"), "go");
        await running.Process.WaitForExitAsync();

        running.Process.ExitCode.ShouldBe(0, running.Stderr);
        running.Stderr.ShouldContain($"SLA missed: task 'hold' is still running after its SLA of 1s", Case.Sensitive, running.Stderr);
        running.Stderr.ShouldNotContain("task 'after'", Case.Sensitive, running.Stderr);
        show.ShouldContain("SLA missed: task 'hold' (max_duration), deadline ", Case.Sensitive, show);
        var after = (await SluiceCli.RunAsync(_dir.Path, new Dictionary<string, string?> { ["COLUMNS"] = "400" }, "show", runId!)).Stdout;
        after.Split('\n').Count(static l => l.Contains("SLA missed", StringComparison.Ordinal)).ShouldBe(1, after);
    }

    public void Dispose() => _dir.Dispose();
}
