using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Sluice.Server.Tests.Testing;
using Sluice.State;
using Xunit.Abstractions;

namespace Sluice.Server.Tests.Benchmarks;

/// <summary>
/// Latency of the history and run pages with 10,000 runs in the store and a 1,000-task run, over
/// real HTTP. Reports p50/p95 (test output and TestResults/server-latency.txt); asserts only that
/// every answer is complete, never a time.
/// </summary>
[Trait("Category", "Benchmark")]
public sealed class ServerLatencyBenchmark(ITestOutputHelper output)
{
    private const int Runs = 10_000;
    private const int Layers = 20;
    private const int PerLayer = 50;
    private const int Requests = 200;
    private const int Items = 10_000;

    [Fact]
    public async Task HistoryAndRunPage_With10kRunsAnd1000TaskRun_AnswerCompletely()
    {
        await using var server = await ServerHarness.StartAsync(new() { ["big.yaml"] = BigPipeline() });
        var store = server.Services.GetRequiredService<IStateStore>();
        var version = (await server.GetJsonAsync("api/pipelines/big")).GetProperty("active_version").GetString()!;
        var bigRun = await SeedAsync(store, version);

        var results = new StringBuilder();
        results.AppendLine(CultureInfo.InvariantCulture, $"Server latency over HTTP on 127.0.0.1: {Runs} runs in the store, a {Layers * PerLayer}-task run; {Requests} sequential requests each after warm-up.");
        foreach (var (name, path, mustContain) in new[]
        {
            ("GET /api/runs", "api/runs", "\"next_before\""),
            ("GET /api/runs?before=<middle>", $"api/runs?before={RunId(Runs / 2)}", "\"next_before\""),
            ("GET /api/runs?pipeline=big&state=failed", "api/runs?pipeline=big&state=failed", "\"runs\""),
            ("GET /api/runs/{1000-task run}/tasks", $"api/runs/{bigRun}/tasks", "\"t19_49\""),
            ("GET /runs/{1000-task run} (page)", $"runs/{bigRun}", "data-task=\"t19_49\""),
            ("GET /runs (page)", "runs", "Older runs"),
            ("GET / (pipelines page)", "", "big"),
        })
        {
            var (p50, p95, bytes) = await MeasureAsync(server.Client, path, mustContain);
            results.AppendLine(CultureInfo.InvariantCulture, $"{name,-45} p50 {p50,7:0.0} ms   p95 {p95,7:0.0} ms   {bytes / 1024.0,8:0.0} KiB");
        }
        output.WriteLine(results.ToString());
        var dir = Path.Combine(AppContext.BaseDirectory, "TestResults");
        Directory.CreateDirectory(dir);
        await File.WriteAllTextAsync(Path.Combine(dir, "server-latency.txt"), results.ToString());
    }

    [Fact]
    public async Task GridOf50RunsX1000TasksAndPipelinePageWith10kRuns_AnswerCompletely()
    {
        await using var server = await ServerHarness.StartAsync(new() { ["big.yaml"] = BigPipeline() });
        var store = server.Services.GetRequiredService<IStateStore>();
        var version = (await server.GetJsonAsync("api/pipelines/big")).GetProperty("active_version").GetString()!;
        await SeedAsync(store, version);
        // Every one of the 50 newest runs gets the 1,000 task rows the grid shows.
        for (var r = Runs - 50; r < Runs - 1; r++)
        {
            var batch = new StateBatch();
            var at = new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero).AddMinutes(r);
            for (var l = 0; l < Layers; l++)
            {
                for (var k = 0; k < PerLayer; k++)
                {
                    batch.Tasks.Add(new TaskInstanceRecord
                    {
                        RunId = RunId(r), TaskId = $"t{l}_{k}", State = (l * PerLayer + k + r) % 97 == 0 ? TaskState.Failed : TaskState.Succeeded, Attempt = 1,
                        StartedAt = at, EndedAt = at.AddSeconds(1), OutputsJson = "{\"rows\":42}",
                    });
                }
            }
            await store.CommitAsync(batch);
        }
        // An older run whose first task is a for_each of 10,000 items (every 50th failed after three attempts).
        var mapped = RunId(Runs - 60);
        var items = new StateBatch();
        items.Tasks.Add(new TaskInstanceRecord { RunId = mapped, TaskId = "t0_0", State = TaskState.Failed, Attempt = 1, MapCount = Items });
        for (var i = 0; i < Items; i++)
        {
            var at = new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero).AddMinutes(Runs - 60).AddMilliseconds(i * 10);
            items.Tasks.Add(new TaskInstanceRecord
            {
                RunId = mapped, TaskId = "t0_0", MapIndex = i, State = i % 50 == 49 ? TaskState.Failed : TaskState.Succeeded, Attempt = i % 50 == 49 ? 3 : 1,
                StartedAt = at, EndedAt = at.AddMilliseconds(250), Error = i % 50 == 49 ? "HTTP 503 from the API" : null, OutputsJson = i % 50 == 49 ? null : "{\"rows\":42}",
            });
        }
        await store.CommitAsync(items);
        var results = new StringBuilder();
        results.AppendLine(CultureInfo.InvariantCulture, $"Console pages over HTTP on 127.0.0.1: {Runs} runs of one pipeline, the 50 newest with {Layers * PerLayer} task rows each, one for_each task of {Items} items; {Requests} sequential requests each after warm-up; load average before: {LoadAverage()}.");
        var gridRuns = (await store.ListRunsAsync(new RunQuery(PipelineId: "big", Limit: 50))).Select(static r => r.RunId).ToList();
        var (q50, q95) = await MeasureInProcessAsync(async () => (await store.GetTaskStatesAsync(gridRuns)).Count.ShouldBe(50 * Layers * PerLayer));
        results.AppendLine(CultureInfo.InvariantCulture, $"{"IStateStore.GetTaskStatesAsync (50 runs)",-45} p50 {q50,7:0.0} ms   p95 {q95,7:0.0} ms   (in process)");
        foreach (var (name, path, mustContain) in new[]
        {
            ("GET /pipelines/big/grid?runs=50 (page)", "pipelines/big/grid?runs=50", "data-task=\"t19_49\""),
            ("GET /pipelines/big (page)", "pipelines/big", "All runs of"),
            ("GET /pipelines/big/trigger (page)", "pipelines/big/trigger", "trigger-submit"),
            ("GET /runs/{r}/tasks/t0_0/items (page)", $"runs/{mapped}/tasks/t0_0/items", "data-item=\"99\""),
            ("GET …/items?state=failed&after=5000 (page)", $"runs/{mapped}/tasks/t0_0/items?state=failed&after=5000", "data-item=\"5049\""),
            ("GET /api/runs/{r}/tasks/t0_0/items", $"api/runs/{mapped}/tasks/t0_0/items?after=9899", "\"index\": 9999".Replace(" ", "", StringComparison.Ordinal)),
        })
        {
            var (p50, p95, bytes) = await MeasureAsync(server.Client, path, mustContain);
            results.AppendLine(CultureInfo.InvariantCulture, $"{name,-45} p50 {p50,7:0.0} ms   p95 {p95,7:0.0} ms   {bytes / 1024.0,8:0.0} KiB");
        }
        results.AppendLine(CultureInfo.InvariantCulture, $"load average after: {LoadAverage()}");
        output.WriteLine(results.ToString());
        var dir = Path.Combine(AppContext.BaseDirectory, "TestResults");
        Directory.CreateDirectory(dir);
        await File.WriteAllTextAsync(Path.Combine(dir, "console-latency.txt"), results.ToString());
    }

    private static async Task<(double P50, double P95, long Bytes)> MeasureAsync(HttpClient client, string path, string mustContain)
    {
        for (var i = 0; i < 10; i++)
        {
            (await client.GetStringAsync(path)).ShouldContain(mustContain);
        }
        var times = new double[Requests];
        long bytes = 0;
        for (var i = 0; i < Requests; i++)
        {
            var sw = Stopwatch.StartNew();
            var body = await client.GetByteArrayAsync(path);
            times[i] = sw.Elapsed.TotalMilliseconds;
            bytes = body.Length;
        }
        Array.Sort(times);
        return (times[Requests / 2], times[(int)(Requests * 0.95) - 1], bytes);
    }

    private static async Task<(double P50, double P95)> MeasureInProcessAsync(Func<Task> call)
    {
        for (var i = 0; i < 10; i++)
        {
            await call();
        }
        var times = new double[Requests];
        for (var i = 0; i < Requests; i++)
        {
            var sw = Stopwatch.StartNew();
            await call();
            times[i] = sw.Elapsed.TotalMilliseconds;
        }
        Array.Sort(times);
        return (times[Requests / 2], times[(int)(Requests * 0.95) - 1]);
    }

    /// <summary>The machine is shared: the figures mean little without the load they were taken under.</summary>
    private static string LoadAverage() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";

    private static string RunId(int i) => $"20250101T000000-{i:x6}";

    private static async Task<string> SeedAsync(IStateStore store, string version)
    {
        var start = new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);
        for (var i = 0; i < Runs; i++)
        {
            var state = i % 10 == 3 ? RunState.Failed : RunState.Succeeded;
            await store.CreateRunAsync(new RunRecord
            {
                RunId = RunId(i),
                PipelineId = "big",
                VersionHash = version,
                State = state,
                Trigger = "cron",
                CreatedAt = start.AddMinutes(i),
                StartedAt = start.AddMinutes(i),
                EndedAt = start.AddMinutes(i).AddSeconds(30),
                Error = state == RunState.Failed ? "task 't3_7' failed: command exited with code 1" : null,
            });
        }
        var bigRun = RunId(Runs - 1);
        var batch = new StateBatch();
        for (var l = 0; l < Layers; l++)
        {
            for (var k = 0; k < PerLayer; k++)
            {
                var at = start.AddMinutes(Runs - 1).AddSeconds(l);
                batch.Tasks.Add(new TaskInstanceRecord
                {
                    RunId = bigRun,
                    TaskId = $"t{l}_{k}",
                    State = TaskState.Succeeded,
                    Attempt = 1,
                    StartedAt = at,
                    EndedAt = at.AddMilliseconds(300 + k * 10),
                    OutputsJson = "{\"rows\":42}",
                });
                batch.Attempts.Add(new AttemptRecord(bigRun, $"t{l}_{k}", -1, 1, TaskState.Succeeded, at, at.AddMilliseconds(300), null, "bench"));
            }
        }
        await store.CommitAsync(batch);
        return bigRun;
    }

    /// <summary>20 layers of 50 tasks; each task depends on two tasks of the layer before.</summary>
    private static string BigPipeline()
    {
        var sb = new StringBuilder("id: big\ntasks:\n");
        for (var l = 0; l < Layers; l++)
        {
            for (var k = 0; k < PerLayer; k++)
            {
                sb.Append(CultureInfo.InvariantCulture, $"  - id: t{l}_{k}\n    action: noop\n");
                if (l > 0)
                {
                    sb.Append(CultureInfo.InvariantCulture, $"    dependencies: [t{l - 1}_{k}, t{l - 1}_{(k + 1) % PerLayer}]\n");
                }
            }
        }
        return sb.ToString();
    }
}
