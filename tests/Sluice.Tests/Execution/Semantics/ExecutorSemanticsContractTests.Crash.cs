using Sluice.State;

namespace Sluice.Tests.Execution.Semantics;

/// <summary>
/// The process executing a run is killed (SIGKILL) in the middle of a <c>for_each</c>: <c>sluice run</c> for the
/// embedded engine, a <c>sluice worker</c> for distributed ones. The engine's recovery (<c>sluice resume</c>, another
/// worker) finishes the run. Each execution of an item appends a line to its own file, so the files count runs.
/// </summary>
public abstract partial class ExecutorSemanticsContractTests
{
    [Fact]
    public async Task Crash_MidForEach_RecoveryRunsOnlyUnfinishedItems_WithAttemptNumbersContinuing()
    {
        //  fan[0..5] (max_workers 2: items 0 and 1 finish, 2 and 3 are running at the kill, 4 and 5 never started) → after
        var dir = Engine.Dir.Path;
        var yaml = $$$"""
            id: crash_fan
            tasks:
              - id: fan
                action: shell
                for_each: "{{ range(6) }}"
                max_workers: 2
                parameters:
                  command: "cd '{{{dir}}}' && echo run >> ran-{{ item }} && if [ {{ item }} -ge 2 ] && [ ! -f resume.flag ]; then touch started-{{ item }}; while [ ! -f resume.flag ]; do sleep 0.05; done; fi"
              - id: after
                action: shell
                parameters: {command: "cd '{{{dir}}}' && echo run >> ran-after"}
                dependencies: [fan]
            """;
        string runId;
        using (var crash = await Engine.StartCrashableAsync(yaml))
        {
            runId = crash.RunId;
            var deadline = DateTime.UtcNow + RunEngine.Patience;
            while (!File.Exists(Path.Combine(dir, "started-2")) || !File.Exists(Path.Combine(dir, "started-3")))
            {
                crash.Process.Process.HasExited.ShouldBeFalse(crash.Process.Output);
                DateTime.UtcNow.ShouldBeLessThan(deadline, "items 2 and 3 never started:\n" + crash.Process.Output);
                await Task.Delay(20);
            }
            await WaitForItemsAsync(runId, "fan", succeeded: 2);
            await crash.KillAsync();
        }
        // Lets the killed process's orphaned shells end, and the items' next attempts pass straight through.
        await File.WriteAllTextAsync(Path.Combine(dir, "resume.flag"), "");

        var run = await Engine.RecoverAsync(runId);

        run.State.ShouldBe(RunState.Succeeded, run.Error);
        int[] runs = [.. Enumerable.Range(0, 6).Select(i => File.ReadAllLines(Path.Combine(dir, $"ran-{i}")).Length)];
        runs.ShouldBe([1, 1, 2, 2, 1, 1], "succeeded items never run again; the two in flight at the kill run once more");
        File.ReadAllLines(Path.Combine(dir, "ran-after")).Length.ShouldBe(1);
        run.Items("fan").Select(r => (r.MapIndex, r.State, r.Attempt)).ShouldBe(
            [(0, TaskState.Succeeded, 1), (1, TaskState.Succeeded, 1), (2, TaskState.Succeeded, 2), (3, TaskState.Succeeded, 2), (4, TaskState.Succeeded, 1), (5, TaskState.Succeeded, 1)]);
        foreach (var item in new[] { 2, 3 })
        {
            var attempts = run.AttemptsOf("fan", item);
            attempts.Select(a => a.Attempt).ShouldBe([1, 2], $"item {item}");
            attempts[0].State.ShouldNotBe(TaskState.Succeeded);
            attempts[1].State.ShouldBe(TaskState.Succeeded);
        }
        run.Attempts.Where(a => a.State == TaskState.Succeeded).GroupBy(a => (a.TaskId, a.MapIndex)).ShouldAllBe(g => g.Count() == 1);
    }
}
