using Sluice.Cli.Tests.Testing;
using Sluice.Tests.Testing;

namespace Sluice.Cli.Tests;

/// <summary>
/// <c>sluice task run RUN TASK</c>, one process per task as an external scheduler starts them, against one store: the
/// first creates the run, each runs exactly its task with the engine's semantics (retries, outputs, downstream
/// readiness, conditions), and the run ends when its last task does.
/// </summary>
public sealed class TaskRunCliTests : IDisposable
{
    //   flaky (fails once, retries: 1) ──► use (reads flaky's stdout) ──► never (condition false)
    //   boom (fails) ──► after_boom
    private const string Pipeline = """
        id: external
        tasks:
          - id: flaky
            action: shell
            retries: 1
            retry_delay: 0s
            parameters: {command: "if [ -f marker ]; then echo second; else touch marker; exit 3; fi"}
            outputs: [stdout]
          - id: use
            action: shell
            dependencies: [flaky]
            parameters: {command: "echo got {{ flaky.stdout | trim }}"}
            outputs: [stdout]
          - id: never
            action: noop
            dependencies: [use]
            condition: "false"
          - id: boom
            action: shell
            parameters: {command: "exit 4"}
          - id: after_boom
            action: noop
            dependencies: [boom]
        """;

    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private Task<CliResult> TaskRun(string task, params string[] extra) =>
        SluiceCli.RunAsync(_dir.Path, ["task", "run", "ext-1", task, "--store", _dir.File("shared.db"), "--pipeline", _dir.File("p.yaml"), .. extra]);

    [Fact]
    public async Task TaskRun_EachTaskInItsOwnProcess_FollowsTheEnginesSemantics_AndEndsTheRun()
    {
        File.WriteAllText(_dir.File("p.yaml"), Pipeline);

        var flaky = await TaskRun("flaky");
        flaky.ExitCode.ShouldBe(0, flaky.ToString());
        flaky.Stdout.ShouldContain("flaky: succeeded (attempt 2)");

        var use = await TaskRun("use");
        use.ExitCode.ShouldBe(0, use.ToString());
        use.Stderr.ShouldContain("got second");

        var never = await TaskRun("never");
        never.ExitCode.ShouldBe(99, never.ToString());
        never.Stdout.ShouldContain("never: skipped");

        var boom = await TaskRun("boom");
        boom.ExitCode.ShouldBe(1, boom.ToString());
        boom.Stdout.ShouldContain("boom: failed (attempt 1)");

        var after = await TaskRun("after_boom", "--skipped-exit-code", "0");
        after.ExitCode.ShouldBe(0, after.ToString());
        after.Stdout.ShouldContain("after_boom: upstream_failed");

        var show = await SluiceCli.RunAsync(_dir.Path, "show", "ext-1", "--store", _dir.File("shared.db"), "--json");
        show.ExitCode.ShouldBe(0, show.ToString());
        show.Stdout.ShouldContain("\"state\":\"failed\"");
        show.Stdout.ShouldContain("\"trigger\":\"external\"");
    }

    [Fact]
    public async Task TaskRun_UnknownRunWithoutPipeline_OrUnknownTask_IsAUsageError()
    {
        File.WriteAllText(_dir.File("p.yaml"), Pipeline);

        var missing = await SluiceCli.RunAsync(_dir.Path, "task", "run", "nope", "flaky", "--store", _dir.File("shared.db"));
        missing.ExitCode.ShouldBe(2, missing.ToString());
        missing.StderrText.ShouldContain("run 'nope' does not exist");
        missing.StderrText.ShouldContain("give --pipeline FILE to create it");

        var unknown = await TaskRun("flakey");
        unknown.ExitCode.ShouldBe(2, unknown.ToString());
        unknown.StderrText.ShouldContain("has no task 'flakey'");
    }
}
