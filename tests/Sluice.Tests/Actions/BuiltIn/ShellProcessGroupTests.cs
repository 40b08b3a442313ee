using System.Collections.Concurrent;
using System.Diagnostics;
using Sluice.Actions;
using Sluice.Actions.BuiltIn;
using Sluice.Definition.Yaml;
using Sluice.Execution;
using Sluice.State;
using Sluice.Tests.Execution;
using Sluice.Tests.Testing;

namespace Sluice.Tests.Actions.BuiltIn;

/// <summary>A shell task's processes end with it: on exit, timeout, cancel, and when a later attempt finds them orphaned.</summary>
public sealed class ShellProcessGroupTests
{
    private sealed class Lines : ITaskLog
    {
        public ConcurrentQueue<string> All { get; } = new();

        public void Write(string stream, string line) => All.Enqueue(stream + ": " + line);
    }

    private static bool Alive(int pid) =>
        File.Exists($"/proc/{pid}/stat") && File.ReadAllText($"/proc/{pid}/stat").Split(')')[^1].Trim()[0] != 'Z';

    private static async Task<int> PidFromAsync(string file)
    {
        for (var i = 0; i < 200; i++)
        {
            if (File.Exists(file) && int.TryParse(File.ReadAllText(file).Trim(), out var pid))
            {
                return pid;
            }
            await Task.Delay(25);
        }
        throw new TimeoutException("the detached child never wrote its pid to " + file);
    }

    private static async Task WaitGoneAsync(int pid)
    {
        for (var i = 0; i < 200 && Alive(pid); i++)
        {
            await Task.Delay(25);
        }
    }

    private static async Task<RunOutcome> RunAsync(ExecutorHarness h, string yaml)
    {
        var result = PipelineLoader.Load(yaml, "s.yaml", h.Actions);
        result.Success.ShouldBeTrue(string.Join("\n", result.Diagnostics));
        return await h.RunAsync(result.Definition!);
    }

    [Fact]
    public async Task DetachedChild_OfATaskThatTimesOut_IsStopped()
    {
        ShellProcessGroup.Supported.ShouldBeTrue("process groups need setsid (util-linux) on Linux");
        using var dir = new TempDirectory();
        var pidFile = dir.File("child.pid");
        await using var h = new ExecutorHarness();
        var run = RunAsync(h, $$"""
            id: s
            tasks:
              - id: slow
                action: shell
                timeout: 1s
                parameters: {command: "(sh -c 'echo $$ > {{pidFile}}; exec sleep 37' &); sleep 30"}
            """);
        var pid = await PidFromAsync(pidFile);
        // The harness's clock is fake: move it past the timeout.
        h.Clock.Advance(TimeSpan.FromSeconds(2));
        var outcome = await run;

        outcome.Tasks["slow"].ShouldBe(TaskState.Failed);
        await WaitGoneAsync(pid);
        Alive(pid).ShouldBeFalse("the detached 'sleep 37' outlived its timed-out task");
    }

    [Fact]
    public async Task DetachedChild_OfATaskThatSucceeds_EndsWithIt_AndDoesNotHoldTheTaskOpen()
    {
        ShellProcessGroup.Supported.ShouldBeTrue("process groups need setsid (util-linux) on Linux");
        using var dir = new TempDirectory();
        var pidFile = dir.File("child.pid");
        await using var h = new ExecutorHarness();
        var watch = Stopwatch.StartNew();
        var outcome = await RunAsync(h, $$"""
            id: s
            tasks:
              - id: quick
                action: shell
                parameters: {command: "(sh -c 'echo $$ > {{pidFile}}; exec sleep 37' &); sleep 0.3; echo done"}
                outputs: [stdout]
            """);

        outcome.State.ShouldBe(RunState.Succeeded, outcome.Error);
        ((IReadOnlyDictionary<string, object?>)outcome.Outputs["quick"]!)["stdout"].ShouldBe("done");
        var pid = await PidFromAsync(pidFile);
        await WaitGoneAsync(pid);
        Alive(pid).ShouldBeFalse();
        watch.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(30), "the task waited for its detached child's pipes");
    }

    [Fact]
    public async Task LaterAttempt_StopsAGroupAnEarlierAttemptLeftRunning_BeforeRunningAgain()
    {
        ShellProcessGroup.Supported.ShouldBeTrue("process groups need setsid (util-linux) on Linux");
        using var dir = new TempDirectory();
        // What a SIGKILLed 'sluice run' leaves behind: attempt 1's command still running in its own group, and its record.
        var orphanPsi = new ProcessStartInfo("sleep") { ArgumentList = { "60" } };
        ShellProcessGroup.Isolate(orphanPsi);
        using var orphan = Process.Start(orphanPsi)!;
        // A real orphan has long been its own group; here setsid may not have run yet on a loaded machine.
        await WaitOwnGroupAsync(orphan.Id);
        var attempt1 = Path.Combine(dir.Path, "run1", "task", "attempt-1");
        ShellProcessGroup.Record(attempt1, orphan);
        var log = new Lines();
        var context = new ActionContext
        {
            RunId = "run1", TaskId = "task", Attempt = 2, Log = log,
            Parameters = new Dictionary<string, object?> { ["command"] = "echo again" },
            ArtifactDirectory = Path.Combine(dir.Path, "run1", "task", "attempt-2"),
        };

        var result = await new ShellAction().ExecuteAsync(context, CancellationToken.None);

        result.Outputs["stdout"].ShouldBe("again");
        await orphan.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
        orphan.HasExited.ShouldBeTrue();
        log.All.ShouldContain("info: stopped 1 process group(s) left running by an earlier attempt of this task");
        File.Exists(Path.Combine(attempt1, ".shell-group")).ShouldBeFalse();
    }

    private static async Task WaitOwnGroupAsync(int pid)
    {
        for (var i = 0; i < 200; i++)
        {
            var stat = await File.ReadAllTextAsync($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            if (fields[2] == pid.ToString(System.Globalization.CultureInfo.InvariantCulture))
            {
                return;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"process {pid} did not become its own process group");
    }

    [Fact]
    public async Task RecordOfAnEndedGroup_IsIgnored_EvenIfItsPidIsReused()
    {
        ShellProcessGroup.Supported.ShouldBeTrue("process groups need setsid (util-linux) on Linux");
        using var dir = new TempDirectory();
        var attempt1 = Path.Combine(dir.Path, "run1", "task", "attempt-1");
        Directory.CreateDirectory(attempt1);
        // Our own pid with a start time that is not ours: a recycled pid must never be signalled.
        File.WriteAllText(Path.Combine(attempt1, ".shell-group"), $"{Environment.ProcessId} 1");
        var log = new Lines();
        var context = new ActionContext
        {
            RunId = "run1", TaskId = "task", Attempt = 2, Log = log,
            Parameters = new Dictionary<string, object?> { ["command"] = "true" },
            ArtifactDirectory = Path.Combine(dir.Path, "run1", "task", "attempt-2"),
        };

        await new ShellAction().ExecuteAsync(context, CancellationToken.None);

        log.All.ShouldNotContain(l => l.StartsWith("info: stopped", StringComparison.Ordinal));
    }
}
