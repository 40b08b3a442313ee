using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Sluice.Cli.Tests.Testing;
using Sluice.Sqlite.State;
using Sluice.Tests.Testing;

namespace Sluice.Cli.Tests;

/// <summary>
/// <c>examples/incremental/pipeline.yaml</c> run by real <c>sluice</c> processes:
///
///   ingest (incremental folder of orders CSV files) → merge (upsert into out/orders.csv by order_id)
///
/// Every run prints {"files_read", "rows_read"}; over any sequence of runs, kills and resumes each file is counted by
/// exactly one successful run and each order is in orders.csv once. A named pipe (FIFO) blocks a read where a test
/// needs the run to be in flight when it is killed.
/// </summary>
public sealed class IncrementalExampleCliTests : IDisposable
{
    private static readonly string Example = Path.Combine(SluiceCli.RepoRoot, "examples", "incremental", "pipeline.yaml");
    private readonly TempDirectory _dir = new();
    private int _nextOrder = 1;

    private string Source => _dir.File("in");

    private string Out => _dir.File("out");

    public IncrementalExampleCliTests()
    {
        Directory.CreateDirectory(Source);
        Directory.CreateDirectory(Out);
    }

    /// <summary>Writes an orders file with <paramref name="rows"/> new order ids (plus, when asked, a changed copy of an earlier order).</summary>
    private void AddFile(string name, int rows, int? update = null)
    {
        var lines = new List<string> { "order_id,customer,amount" };
        for (var i = 0; i < rows; i++, _nextOrder++)
        {
            lines.Add(string.Create(CultureInfo.InvariantCulture, $"{_nextOrder},c{_nextOrder % 7},{_nextOrder * 1.5:0.00}"));
        }
        if (update is { } id)
        {
            lines.Add(string.Create(CultureInfo.InvariantCulture, $"{id},updated,999.00"));
        }
        File.WriteAllLines(Path.Combine(Source, name), lines);
    }

    private string[] Args(params string[] extra) => ["run", Example, "--input", $"source_dir={Source}", "--input", $"out_dir={Out}", .. extra];

    private async Task<(long Files, long Rows)> RunAsync(params string[] extra)
    {
        var run = await SluiceCli.RunAsync(_dir.Path, Args(extra));
        run.ExitCode.ShouldBe(0, run.ToString());
        return Summary(run.Stdout);
    }

    private static (long Files, long Rows) Summary(string stdout)
    {
        var line = stdout.Trim().Split('\n').ShouldHaveSingleItem("stdout holds only the summary line");
        var json = JsonDocument.Parse(line).RootElement;
        return (json.GetProperty("files_read").GetInt64(), json.GetProperty("rows_read").GetInt64());
    }

    /// <summary>The order ids in orders.csv, in file order (duplicates kept, so a test sees them).</summary>
    private List<long> OrderIds() =>
        [.. File.ReadAllLines(Path.Combine(Out, "orders.csv")).Skip(1).Select(static l => long.Parse(l.Split(',')[0], CultureInfo.InvariantCulture))];

    private async Task<JsonElement> ShowAsync(string runId) =>
        JsonDocument.Parse((await SluiceCli.RunAsync(_dir.Path, "show", runId, "--json")).Stdout).RootElement;

    /// <summary>Waits until the run's tasks reach the given states (a null state: any); returns the run id.</summary>
    private async Task<string> WaitForStatesAsync(RunningCli run, string ingest, string? merge)
    {
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (true)
        {
            run.Process.HasExited.ShouldBeFalse(run.Stderr);
            DateTime.UtcNow.ShouldBeLessThan(deadline, "the run never reached the expected states: " + run.Stderr);
            // The running run, not the newest id: ids sort by creation time to the second only, and the run before this
            // one often started in the same second.
            var runs = JsonDocument.Parse((await SluiceCli.RunAsync(_dir.Path, "runs", "--json")).Stdout).RootElement;
            var running = runs.EnumerateArray().Where(r => r.GetProperty("state").GetString() == "running").ToList();
            if (running.Count == 1)
            {
                var id = running[0].GetProperty("run_id").GetString()!;
                var states = (await ShowAsync(id)).GetProperty("tasks").EnumerateArray()
                    .ToDictionary(t => t.GetProperty("id").GetString()!, t => t.GetProperty("state").GetString());
                if (states.GetValueOrDefault("ingest") == ingest && (merge is null || states.GetValueOrDefault("merge") == merge))
                {
                    return id;
                }
            }
            await Task.Delay(100);
        }
    }

    private static void MakeFifo(string path)
    {
        using var mkfifo = Process.Start(new ProcessStartInfo("mkfifo", [path]) { UseShellExecute = false })!;
        mkfifo.WaitForExit();
        mkfifo.ExitCode.ShouldBe(0);
    }

    private async Task<string> KillWhenAsync(string ingest, string? merge)
    {
        using var run = SluiceCli.Start(_dir.Path, Args());
        var id = await WaitForStatesAsync(run, ingest, merge);
        run.Signal("KILL");
        await run.Process.WaitForExitAsync();
        return id;
    }

    [Fact]
    public async Task Run_AddFile_Run_ReadsOnlyTheNewFile_AndARunAfterThatReadsNothing()
    {
        AddFile("2026-01-01.csv", 3);
        AddFile("2026-01-02.csv", 2);

        (await RunAsync()).ShouldBe((2L, 5L));
        AddFile("2026-01-03.csv", 4, update: 2);
        (await RunAsync()).ShouldBe((1L, 5L), "only the new file is read");
        (await RunAsync()).ShouldBe((0L, 0L), "nothing is new");

        OrderIds().Order().ShouldBe([1, 2, 3, 4, 5, 6, 7, 8, 9]);
        File.ReadAllLines(Path.Combine(Out, "orders.csv")).ShouldContain("2,updated,999.00", "the merge replaced order 2 with its newer row");
        await using var store = new SqliteStateStore(Path.Combine(_dir.Path, ".sluice", "sluice.db"));
        var mark = (await store.GetSourceMarksAsync("incremental_orders", "ingest")).ShouldHaveSingleItem();
        mark.SourceKey.ShouldBe(Source);
        mark.Value.ShouldContain("2026-01-03.csv");
    }

    [Fact]
    public async Task ChangedFile_IsReadAgain_AndItsRowsReplaceTheOldOnes()
    {
        AddFile("a.csv", 2);
        (await RunAsync()).ShouldBe((1L, 2L));
        File.WriteAllLines(Path.Combine(Source, "a.csv"), ["order_id,customer,amount", "1,c1,10.00", "2,changed,20.00", "3,c3,30.00"]);
        File.SetLastWriteTimeUtc(Path.Combine(Source, "a.csv"), DateTime.UtcNow.AddMinutes(1));

        (await RunAsync()).ShouldBe((1L, 3L));

        OrderIds().Order().ShouldBe([1, 2, 3]);
        File.ReadAllLines(Path.Combine(Out, "orders.csv")).ShouldContain("2,changed,20.00");
    }

    [Fact]
    public async Task KilledWhileIngesting_ResumeReadsTheFilesTheKilledRunNeverCommitted()
    {
        AddFile("a.csv", 3);
        (await RunAsync()).ShouldBe((1L, 3L));
        AddFile("b.csv", 2);
        // The next run blocks opening c.csv (a pipe nobody writes) and is killed there, before its ingest commits.
        MakeFifo(Path.Combine(Source, "c.csv"));
        var id = await KillWhenAsync(ingest: "running", merge: null);
        File.Delete(Path.Combine(Source, "c.csv"));
        AddFile("c.csv", 4);

        var resume = await SluiceCli.RunAsync(_dir.Path, "resume", id);

        resume.ExitCode.ShouldBe(0, resume.ToString());
        Summary(resume.Stdout).ShouldBe((2L, 6L), "b.csv and c.csv: the killed attempt advanced no mark");
        (await RunAsync()).ShouldBe((0L, 0L));
        OrderIds().ShouldBe([.. Enumerable.Range(1, 9).Select(static i => (long)i)], ignoreOrder: true);
    }

    [Fact]
    public async Task KilledWhileMerging_ResumeMergesWithoutReadingAnyFileAgain()
    {
        AddFile("a.csv", 3);
        // The first merge blocks opening orders.csv (a pipe) after the ingest committed its mark, and is killed there.
        MakeFifo(Path.Combine(Out, "orders.csv"));
        var id = await KillWhenAsync(ingest: "succeeded", merge: "running");
        File.Delete(Path.Combine(Out, "orders.csv"));

        var resume = await SluiceCli.RunAsync(_dir.Path, "resume", id);

        resume.ExitCode.ShouldBe(0, resume.ToString());
        Summary(resume.Stdout).ShouldBe((1L, 3L), "the resumed run keeps its committed ingest");
        var show = await ShowAsync(id);
        show.GetProperty("tasks").EnumerateArray().Single(t => t.GetProperty("id").GetString() == "ingest").GetProperty("attempts").GetInt32().ShouldBe(1);
        AddFile("b.csv", 2);
        (await RunAsync()).ShouldBe((1L, 2L), "a.csv is not read twice");
        OrderIds().ShouldBe([1, 2, 3, 4, 5], ignoreOrder: true);
    }

    [Fact]
    public async Task FullRefresh_ReadsEveryFileAgain_AndStillLeavesEachOrderOnce()
    {
        AddFile("a.csv", 3);
        AddFile("b.csv", 2);
        (await RunAsync()).ShouldBe((2L, 5L));

        (await RunAsync("--full-refresh")).ShouldBe((2L, 5L));
        (await RunAsync()).ShouldBe((0L, 0L), "the full refresh committed new marks");

        OrderIds().ShouldBe([1, 2, 3, 4, 5], ignoreOrder: true);
    }

    public void Dispose() => _dir.Dispose();
}
