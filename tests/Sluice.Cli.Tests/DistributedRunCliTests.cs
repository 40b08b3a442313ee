using System.Globalization;
using Sluice.Cli.Tests.Testing;
using Sluice.Tests.Testing;

namespace Sluice.Cli.Tests;

/// <summary><c>sluice run --distributed</c> with a <c>sluice worker</c> child process on one SQLite store: result line, Ctrl-C.</summary>
public sealed class DistributedRunCliTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(2);
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task RunDistributed_WithAWorkerProcess_PrintsTheSameResultLineAsAnEmbeddedRun()
    {
        // seed ──► fan (for_each over seed.items) ; result over both
        await File.WriteAllTextAsync(_dir.File("p.yaml"), """
            id: dist_result
            tasks:
              - id: seed
                action: shell
                parameters: {command: "echo 3"}
              - id: fan
                action: noop
                for_each: "{{ range(int(seed.stdout)) }}"
                parameters: {v: "{{ item * 10 }}"}
                outputs: [v]
                dependencies: [seed]
            result: {total: "{{ sum(fan.v) }}", first: "{{ fan.v[0] }}", label: "n={{ len(fan.v) }}"}
            """);
        var embedded = await SluiceCli.RunAsync(_dir.Path, "run", "p.yaml", "--store", "embedded.db");
        embedded.ExitCode.ShouldBe(0, embedded.ToString());

        using var worker = SluiceCli.Start(_dir.Path, "worker", "--store", "dist.db");
        var distributed = await SluiceCli.RunAsync(_dir.Path, "run", "p.yaml", "--distributed", "--store", "dist.db");

        distributed.ExitCode.ShouldBe(0, distributed + "\n--- worker\n" + worker.Stderr);
        distributed.Stdout.ShouldBe(embedded.Stdout);
        distributed.Stdout.Trim().ShouldBe("""{"total":30,"first":0,"label":"n=3"}""");
    }

    [Fact]
    public async Task RunDistributed_CtrlC_CancelsTheRunStopsTheWorkersShellAndExits130()
    {
        var token = "20." + Random.Shared.Next(100_000, 999_999).ToString(CultureInfo.InvariantCulture);
        await File.WriteAllTextAsync(_dir.File("p.yaml"), $$"""
            id: dist_cancel
            tasks:
              - id: long
                action: shell
                parameters: {command: "touch started && sleep {{token}} && touch done"}
              - id: after
                action: noop
                dependencies: [long]
            """);
        using var worker = SluiceCli.Start(_dir.Path, "worker", "--store", "dist.db");
        using var run = SluiceCli.Start(_dir.Path, "run", "p.yaml", "--distributed", "--store", "dist.db");
        (await EventuallyAsync(() => File.Exists(_dir.File("started")) && SleepsRunning(token) == 1)).ShouldBeTrue("the shell never started\n" + worker.Stderr);

        run.Signal("INT");
        using (var cts = new CancellationTokenSource(Patience))
        {
            await run.Process.WaitForExitAsync(cts.Token);
        }

        run.Process.ExitCode.ShouldBe(130, run.Stderr);
        // Notes are wrapped to the console width: compare words.
        var stderr = string.Join(' ', run.Stderr.Split((char[])[' ', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries));
        stderr.ShouldContain("asked the workers to stop its 1 running task(s)");
        // The same summary as an embedded run's.
        stderr.ShouldMatch(@"Run \S+ of dist_cancel: cancelled in [0-9.]+s tasks: 2 cancelled");
        stderr.ShouldContain("cancelled by request");
        (await EventuallyAsync(() => SleepsRunning(token) == 0)).ShouldBeTrue("the worker kept running the shell\n" + worker.Stderr);
        File.Exists(_dir.File("done")).ShouldBeFalse();
        var show = await SluiceCli.RunAsync(_dir.Path, "runs", "--store", "dist.db", "--json");
        show.Stdout.ShouldContain("\"state\":\"cancelled\"");
    }

    private static async Task<bool> EventuallyAsync(Func<bool> condition)
    {
        using var cts = new CancellationTokenSource(Patience);
        while (!condition())
        {
            if (cts.IsCancellationRequested)
            {
                return false;
            }
            await Task.Delay(50);
        }
        return true;
    }

    /// <summary>Processes whose command line is the test's <c>sleep</c> (Linux /proc).</summary>
    private static int SleepsRunning(string token)
    {
        var n = 0;
        foreach (var proc in Directory.EnumerateDirectories("/proc"))
        {
            try
            {
                var cmdline = File.ReadAllText(Path.Combine(proc, "cmdline")).Replace('\0', ' ');
                if (cmdline.StartsWith("sleep " + token, StringComparison.Ordinal))
                {
                    n++;
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
            }
        }
        return n;
    }
}
