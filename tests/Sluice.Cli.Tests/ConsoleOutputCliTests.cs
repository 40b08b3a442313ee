using System.Text.Json;
using Sluice.Cli.Tests.Testing;
using Sluice.Tests.Testing;

namespace Sluice.Cli.Tests;

/// <summary>What a new user sees: output to a pipe is not wrapped and has no escapes, <c>--quiet</c> is quiet, <c>show</c> follows the DAG.</summary>
public sealed class ConsoleOutputCliTests : IDisposable
{
    private static readonly string LongError = "the-upstream-service-refused-" + new string('x', 120);

    private readonly TempDirectory _dir = new();

    //   zeta (fails) ──► beta ──► alpha
    // Neither beta nor alpha starts, so only the DAG can order them; alphabetical order puts alpha first.
    [Fact]
    public async Task QuietRun_ThenShowThroughAPipe_DagOrderUnwrapped_ColumnsHonoured()
    {
        var file = _dir.File("p.yaml");
        await File.WriteAllTextAsync(file, $$"""
            id: order_check
            tasks:
              - id: zeta
                action: shell
                parameters: {command: "echo {{LongError}} >&2; exit 3"}
              - id: beta
                action: noop
                dependencies: [zeta]
              - id: alpha
                action: noop
                dependencies: [beta]
            """);
        var run = await SluiceCli.RunAsync(_dir.Path, "run", file, "--quiet");
        run.ExitCode.ShouldBe(1, run.ToString());
        run.Stderr.ShouldNotContain("▶ run");
        run.Stderr.ShouldContain("✖ zeta failed");
        var id = JsonDocument.Parse((await SluiceCli.RunAsync(_dir.Path, "runs", "--json")).Stdout).RootElement[0].GetProperty("run_id").GetString()!;

        var show = await SluiceCli.RunAsync(_dir.Path, "show", id);
        var lines = show.Stdout.Split('\n');
        lines.ShouldContain(l => l.Contains(id, StringComparison.Ordinal), show.ToString());
        lines.ShouldContain(l => l.Contains(LongError, StringComparison.Ordinal), show.ToString());
        var taskLines = lines.Select(l => l.Split(['│', '|'], StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            .Where(c => c.Length > 1 && c[0] is "zeta" or "beta" or "alpha").Select(c => c[0]).ToList();
        taskLines.ShouldBe(["zeta", "beta", "alpha"], show.ToString());

        var narrow = await SluiceCli.RunAsync(_dir.Path, new Dictionary<string, string?> { ["COLUMNS"] = "70" }, "show", id);
        narrow.Stdout.Split('\n').ShouldAllBe(l => l.Length <= 70, narrow.ToString());
    }

    // The live table is for a terminal: through a pipe the run prints the plain lines CI logs and grep read, no escapes.
    [Fact]
    public async Task RunThroughAPipe_PlainLinesWithoutAnsiEscapes()
    {
        var file = _dir.File("p.yaml");
        await File.WriteAllTextAsync(file, """
            id: piped
            tasks:
              - {id: first, action: noop}
              - {id: fan, action: noop, for_each: "{{ [1, 2, 3] }}", dependencies: [first]}
            """);

        var run = await SluiceCli.RunAsync(_dir.Path, "run", file);

        run.ExitCode.ShouldBe(0, run.ToString());
        run.Stderr.ShouldContain("✔ first succeeded", customMessage: run.ToString());
        run.Stderr.ShouldContain("✔ fan succeeded (3 items)", customMessage: run.ToString());
        run.Stdout.ShouldNotContain("\u001b");
        run.Stderr.ShouldNotContain("\u001b");
    }

    public void Dispose() => _dir.Dispose();
}
