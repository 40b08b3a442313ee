using System.Text.Json;
using Sluice.Cli.Tests.Testing;
using Sluice.Tests.Testing;

namespace Sluice.Cli.Tests;

/// <summary>
/// <c>sluice run</c> and <c>sluice run --distributed</c> (with a <c>sluice worker</c> child process) share one output
/// path: the same result line, <c>--json</c> report, <c>--quiet</c> progress and exit codes.
/// </summary>
public sealed class RunOutputParityCliTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    //   seed ──► fan (for_each range(3)) ──► total       result: {total}
    private const string Succeeds = """
        id: parity_ok
        tasks:
          - id: seed
            action: noop
            parameters: {n: 3}
            outputs: [n]
          - id: fan
            action: noop
            for_each: "{{ range(seed.n) }}"
            parameters: {v: "{{ item * 10 }}"}
            outputs: [v]
            dependencies: [seed]
          - id: total
            action: noop
            parameters: {sum: "{{ sum(fan.v) }}"}
            outputs: [sum]
            dependencies: [fan]
        result: {total: "{{ total.sum }}"}
        """;

    //   boom (exit 3) ──► after (upstream_failed)
    private const string Fails = """
        id: parity_fail
        tasks:
          - id: boom
            action: shell
            parameters: {command: "exit 3"}
          - id: after
            action: noop
            dependencies: [boom]
        result: "{{ after }}"
        """;

    /// <summary>Runs the file embedded and on a worker with the same extra arguments; both stores are fresh.</summary>
    private async Task<(CliResult Embedded, CliResult Distributed)> BothAsync(string yaml, params string[] args)
    {
        var file = _dir.File($"p{Guid.NewGuid():N}.yaml");
        await File.WriteAllTextAsync(file, yaml);
        var embedded = await SluiceCli.RunAsync(_dir.Path, ["run", file, "--store", _dir.File("e.db"), .. args]);
        using var worker = SluiceCli.Start(_dir.Path, "worker", "--store", _dir.File("d.db"));
        var distributed = await SluiceCli.RunAsync(_dir.Path, ["run", file, "--distributed", "--store", _dir.File("d.db"), .. args]);
        return (embedded, distributed);
    }

    [Fact]
    public async Task Json_SucceedingRun_SameReportAndExitCodeFromBothEngines()
    {
        var (embedded, distributed) = await BothAsync(Succeeds, "--json");

        embedded.ExitCode.ShouldBe(0, embedded.ToString());
        distributed.ExitCode.ShouldBe(0, distributed.ToString());
        var (e, d) = (Report(embedded), Report(distributed));
        d.State.ShouldBe("succeeded");
        d.ShouldBe(e);
        e.Result.ShouldBe("""{"total":30}""");
        e.Tasks.ShouldContain("fan:succeeded:items=3");
        // --json replaces the result line and the summary: stdout holds the one JSON line only.
        distributed.Stdout.Trim().Split('\n').Length.ShouldBe(1);
        embedded.Stdout.Trim().Split('\n').Length.ShouldBe(1);
    }

    [Fact]
    public async Task Json_FailingRun_SameReportAndExitCode1FromBothEngines()
    {
        var (embedded, distributed) = await BothAsync(Fails, "--json");

        embedded.ExitCode.ShouldBe(1, embedded.ToString());
        distributed.ExitCode.ShouldBe(1, distributed.ToString());
        var (e, d) = (Report(embedded), Report(distributed));
        d.State.ShouldBe("failed");
        d.ShouldBe(e with { Error = d.Error });
        e.TaskList.ShouldBe(["boom:failed:", "after:upstream_failed:"], ignoreOrder: true);
        e.Error.ShouldNotBeNull().ShouldContain("boom");
        d.Error.ShouldNotBeNull().ShouldContain("boom");
    }

    [Fact]
    public async Task Quiet_BothEngines_PrintOnlyTheResultLineAndTheSummary()
    {
        var (embedded, distributed) = await BothAsync(Succeeds, "--quiet");

        embedded.ExitCode.ShouldBe(0, embedded.ToString());
        distributed.ExitCode.ShouldBe(0, distributed.ToString());
        distributed.Stdout.ShouldBe(embedded.Stdout);
        embedded.Stdout.Trim().ShouldBe("""{"total":30}""");
        foreach (var r in new[] { embedded, distributed })
        {
            r.Stderr.ShouldNotContain("✔", customMessage: r.ToString());
            r.Stderr.ShouldContain("tasks: 3 succeeded", customMessage: r.ToString());
        }
    }

    [Fact]
    public async Task Default_BothEngines_ShowPerTaskProgressAndTheSameSummary()
    {
        var (embedded, distributed) = await BothAsync(Fails);

        embedded.ExitCode.ShouldBe(1, embedded.ToString());
        distributed.ExitCode.ShouldBe(1, distributed.ToString());
        distributed.Stdout.ShouldBe(embedded.Stdout); // no result line for a failed run
        foreach (var r in new[] { embedded, distributed })
        {
            r.Stderr.ShouldContain("✖ boom failed", customMessage: r.ToString());
            r.Stderr.ShouldContain("tasks: 1 failed, 1 upstream_failed", customMessage: r.ToString());
            r.Stderr.ShouldContain("resume: sluice resume", customMessage: r.ToString());
        }
    }

    [Fact]
    public async Task Distributed_WithOptionsThatShapeLocalExecution_IsAUsageError()
    {
        await File.WriteAllTextAsync(_dir.File("p.yaml"), Succeeds);

        var result = await SluiceCli.RunAsync(_dir.Path, "run", "p.yaml", "--distributed", "--max-parallel", "2", "--pool", "gpu=1", "--store", "d.db");

        result.ExitCode.ShouldBe(2, result.ToString());
        // Messages are wrapped to the console width: compare words.
        string.Join(' ', result.Stderr.Split((char[])[' ', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries)).ShouldContain("--max-parallel, --pool cannot be used with --distributed");
        File.Exists(_dir.File("d.db")).ShouldBeFalse(); // refused before anything was opened or queued
    }

    private sealed record ReportShape(string State, string? Error, string? Result, string Inputs, string Tasks)
    {
        public string[] TaskList => Tasks.Split('|');
    }

    /// <summary>The parts of a --json report that do not depend on ids and times; tasks as "id:state:items=n", sorted, joined by '|'.</summary>
    private static ReportShape Report(CliResult r)
    {
        var root = JsonDocument.Parse(r.Stdout).RootElement;
        var tasks = root.GetProperty("tasks").EnumerateArray().Select(static t =>
            $"{t.GetProperty("id").GetString()}:{t.GetProperty("state").GetString()}:{(t.TryGetProperty("items", out var n) ? "items=" + n.GetInt32() : "")}");
        return new ReportShape(root.GetProperty("state").GetString()!, root.TryGetProperty("error", out var e) ? e.GetString() : null,
            // Sorted: the report orders tasks by start time, and a mapped parent of a distributed run records none yet.
            root.TryGetProperty("result", out var res) ? res.GetRawText() : null, root.GetProperty("inputs").GetRawText(), string.Join('|', tasks.Order(StringComparer.Ordinal)));
    }
}
