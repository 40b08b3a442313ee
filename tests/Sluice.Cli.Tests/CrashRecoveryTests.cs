using System.Text.Json;
using Sluice.Cli.Tests.Testing;
using Sluice.Tests.Testing;

namespace Sluice.Cli.Tests;

/// <summary>
/// A real <c>sluice run</c> process is killed (SIGKILL) or interrupted (SIGINT) while a task runs;
/// <c>sluice resume</c> then finishes the run. Each task appends a line to its own file per execution,
/// so the files count how often it ran.
///
///   a → fan[0..4] → slow → c
/// </summary>
public sealed class CrashRecoveryTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    private string Pipeline() => WriteFile("crashy.yaml", """
        id: crashy
        tasks:
          - id: a
            action: shell
            parameters: {command: "echo a >> a.count; echo from-a"}
            outputs: [stdout]
          - id: fan
            action: shell
            for_each: "{{ range(5) }}"
            parameters: {command: "echo {{ item }} >> fan.count"}
            dependencies: [a]
          - id: slow
            action: shell
            parameters:
              command: "echo run >> slow.count; if [ -f resumed ]; then echo quick; else touch started; exec sleep 60; fi"
            dependencies: [fan]
          - id: c
            action: shell
            parameters: {command: "echo c >> c.count; echo got {{ a.stdout }}"}
            dependencies: [slow]
            outputs: [stdout]
        """);

    private string WriteFile(string name, string text)
    {
        File.WriteAllText(_dir.File(name), text);
        return _dir.File(name);
    }

    private int Count(string name) => File.Exists(_dir.File(name)) ? File.ReadAllLines(_dir.File(name)).Length : 0;

    private async Task<JsonElement> ShowAsync(string runId)
    {
        var show = await SluiceCli.RunAsync(_dir.Path, "show", runId, "--json");
        return JsonDocument.Parse(show.Stdout).RootElement;
    }

    private async Task<string> WaitForSlowStartedAsync(RunningCli run)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!File.Exists(_dir.File("started")))
        {
            run.Process.HasExited.ShouldBeFalse(run.Stderr);
            DateTime.UtcNow.ShouldBeLessThan(deadline, "the slow task never started: " + run.Stderr);
            await Task.Delay(50);
        }
        var runs = await SluiceCli.RunAsync(_dir.Path, "runs", "--json");
        var id = JsonDocument.Parse(runs.Stdout).RootElement[0].GetProperty("run_id").GetString()!;
        // Wait until the upstream successes are committed (group commit lags the process by milliseconds).
        while (true)
        {
            var states = (await ShowAsync(id)).GetProperty("tasks").EnumerateArray()
                .ToDictionary(t => t.GetProperty("id").GetString()!, t => t.GetProperty("state").GetString());
            if (states.GetValueOrDefault("a") == "succeeded" && states.GetValueOrDefault("fan") == "succeeded" && states.GetValueOrDefault("slow") == "running")
            {
                return id;
            }
            DateTime.UtcNow.ShouldBeLessThan(deadline, "states never committed");
            await Task.Delay(50);
        }
    }

    [Fact]
    public async Task Resume_AfterSigkillMidRun_FinishesWithoutRerunningSucceededTasks()
    {
        var file = Pipeline();
        string id;
        using (var run = SluiceCli.Start(_dir.Path, "run", file))
        {
            id = await WaitForSlowStartedAsync(run);
            run.Signal("KILL");
            await run.Process.WaitForExitAsync();
        }
        (await ShowAsync(id)).GetProperty("state").GetString().ShouldBe("running", "a killed run is left running until resumed");
        File.WriteAllText(_dir.File("resumed"), "");

        var resume = await SluiceCli.RunAsync(_dir.Path, "resume", id);

        resume.ExitCode.ShouldBe(0, resume.ToString());
        Count("a.count").ShouldBe(1);
        Count("fan.count").ShouldBe(5);
        Count("slow.count").ShouldBe(2, "the task in flight at the kill runs again");
        Count("c.count").ShouldBe(1);
        var report = await ShowAsync(id);
        report.GetProperty("state").GetString().ShouldBe("succeeded");
        var c = report.GetProperty("tasks").EnumerateArray().Single(t => t.GetProperty("id").GetString() == "c");
        c.GetProperty("outputs").GetProperty("stdout").GetString().ShouldBe("got from-a", "a's committed output survived the crash");
        var slow = report.GetProperty("tasks").EnumerateArray().Single(t => t.GetProperty("id").GetString() == "slow");
        slow.GetProperty("attempts").GetInt32().ShouldBe(2);
    }

    [Fact]
    public async Task CtrlC_CancelsRunningTask_RecordsCancelled_AndResumeFinishes()
    {
        var file = Pipeline();
        string id;
        using (var run = SluiceCli.Start(_dir.Path, "run", file))
        {
            id = await WaitForSlowStartedAsync(run);
            run.Signal("INT");
            var exited = run.Process.WaitForExitAsync();
            (await Task.WhenAny(exited, Task.Delay(30_000))).ShouldBe(exited, "sluice did not stop on SIGINT");
            run.Process.ExitCode.ShouldBe(130, run.Stderr);
        }
        var report = await ShowAsync(id);
        report.GetProperty("state").GetString().ShouldBe("cancelled");
        var states = report.GetProperty("tasks").EnumerateArray().ToDictionary(t => t.GetProperty("id").GetString()!, t => t.GetProperty("state").GetString());
        states["slow"].ShouldBe("cancelled");
        states["c"].ShouldBe("cancelled");

        File.WriteAllText(_dir.File("resumed"), "");
        var resume = await SluiceCli.RunAsync(_dir.Path, "resume", id);
        resume.ExitCode.ShouldBe(0, resume.ToString());
        Count("a.count").ShouldBe(1);
        Count("c.count").ShouldBe(1);
    }

    public void Dispose() => _dir.Dispose();
}
