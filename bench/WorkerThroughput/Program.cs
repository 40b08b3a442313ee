// Distributed worker throughput on PostgreSQL: 10,000 no-op tasks (one for_each) with 1, 2 and 4 workers,
// then enqueue→complete latency of single queue jobs and a run during a purge. Usage:
//   dotnet run -c Release --project bench/WorkerThroughput -- "Host=...;Database=...;Username=..." [tasks] [--workers 1,2,4] [--repeat N] [--warmup TASKS] [--capacity 64] [--throughput-only]
// (bench/WorkerThroughput/run.sh starts a throwaway server with fsync on and runs this against it.)
// Each worker has its own store (connection pool), as separate processes would. --repeat runs the worker
// counts interleaved (1,2,4,1,2,4,...) so a burst of load from elsewhere hits every configuration alike.
using System.Diagnostics;
using System.Globalization;
using Npgsql;
using Sluice.Definition;
using Sluice.Distributed;
using Sluice.Postgres;
using Sluice.State;
using Sluice.Stores;
using Sluice.TaskQueue;

if (args.Length < 1)
{
    Console.Error.WriteLine("usage: WorkerThroughput <postgres connection string> [tasks=10000] [--workers 1,2,4] [--repeat 1] [--warmup tasks] [--capacity 64] [--throughput-only]");
    return 2;
}
var connectionString = args[0];
var tasks = 10_000;
int[] workerCounts = [1, 2, 4];
var repeat = 1;
var throughputOnly = false;
var warmup = 0;
var capacity = 64;
for (var i = 1; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--workers": workerCounts = [.. args[++i].Split(',').Select(static w => int.Parse(w, CultureInfo.InvariantCulture))]; break;
        case "--repeat": repeat = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--throughput-only": throughputOnly = true; break;
        case "--warmup": warmup = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--capacity": capacity = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
        default: tasks = int.Parse(args[i], CultureInfo.InvariantCulture); break;
    }
}
var inv = CultureInfo.InvariantCulture;
var server = ServerCpu.Find(connectionString);
var results = workerCounts.Distinct().ToDictionary(static w => w, static _ => new List<double>());

if (warmup > 0)
{
    // Not reported: JIT compilation (tiering) of a fresh process otherwise lands in the first measured runs.
    await ResetAsync(connectionString);
    await RunPipelineAsync(connectionString, warmup, workerCounts.Max(), capacity);
}
for (var r = 0; r < repeat; r++)
{
    foreach (var workers in workerCounts)
    {
        await ResetAsync(connectionString);
        var (clientCpu, serverCpu) = (Process.GetCurrentProcess().TotalProcessorTime, server.Total());
        var (jit, gcPause, allocated, gcs) = (System.Runtime.JitInfo.GetCompilationTime(), GC.GetTotalPauseDuration(), GC.GetTotalAllocatedBytes(), GC.CollectionCount(0));
        var jitted = System.Runtime.JitInfo.GetCompiledMethodCount();
        var (elapsed, ok) = await RunPipelineAsync(connectionString, tasks, workers, capacity);
        NpgsqlConnection.ClearAllPools(); // closed backends are reaped, so their CPU time shows in the postmaster's
        await Task.Delay(200);
        var client = Process.GetCurrentProcess().TotalProcessorTime - clientCpu;
        var serverUsed = server.Total() - serverCpu;
        results[workers].Add(tasks / elapsed.TotalSeconds);
        var runtime = string.Create(inv, $"JIT {(System.Runtime.JitInfo.GetCompilationTime() - jit).TotalMilliseconds:0} ms ({System.Runtime.JitInfo.GetCompiledMethodCount() - jitted} methods), GC pauses {(GC.GetTotalPauseDuration() - gcPause).TotalMilliseconds:0} ms ({GC.CollectionCount(0) - gcs} gen0), {(GC.GetTotalAllocatedBytes() - allocated) / tasks / 1024.0:0.0} KB allocated per task");
        Console.WriteLine(string.Create(inv, $"{workers} worker(s): {tasks} no-op tasks in {elapsed.TotalSeconds:0.00} s = {tasks / elapsed.TotalSeconds:0} tasks/s ({(ok ? "succeeded" : "FAILED")}); CPU per task: client {client.TotalMicroseconds / tasks:0} µs, server {(serverUsed is { } s ? (s.TotalMicroseconds / tasks).ToString("0", inv) + " µs" : "n/a")}; {runtime}; load {Load()}"));
    }
}
if (repeat > 1)
{
    foreach (var (workers, list) in results)
    {
        list.Sort();
        Console.WriteLine(string.Create(inv, $"{workers} worker(s), {list.Count} runs: min {list[0]:0}, median {list[list.Count / 2]:0}, max {list[^1]:0} tasks/s"));
    }
}
if (throughputOnly)
{
    return 0;
}

await ResetAsync(connectionString);
var latencies = await MeasureLatencyAsync(connectionString, 1000, 4);
Console.WriteLine(string.Create(inv, $"enqueue→complete latency (1,000 jobs, one at a time, 4 idle workers): p50 {Percentile(latencies, 0.50):0.0} ms, p99 {Percentile(latencies, 0.99):0.0} ms"));

// Retention cost while runs are active: purge 2,000 old runs (40,000 task rows, 40,000 log lines) during the 4-worker run.
await ResetAsync(connectionString);
await SeedOldRunsAsync(connectionString, 2000, 20);
var purgeWatch = Stopwatch.StartNew();
TimeSpan purgeTime = default;
var purging = Task.Run(async () =>
{
    await using var s = await PostgresStore.OpenAsync(connectionString);
    var c = await new Sluice.Retention.RetentionPurger(s.Retention, new Sluice.Retention.RetentionOptions { RunsMaxAge = TimeSpan.FromDays(30) }).PurgeAsync();
    purgeTime = purgeWatch.Elapsed;
    return c;
});
var (withPurge, okWithPurge) = await RunPipelineAsync(connectionString, tasks, 4);
var purged = await purging;
Console.WriteLine(string.Create(inv, $"4 worker(s) while purging {purged.Runs} old runs ({purged.TaskInstances} task rows, {purged.LogLines} log lines, batches of 100, {purgeTime.TotalSeconds:0.00} s): {tasks / withPurge.TotalSeconds:0} tasks/s ({(okWithPurge ? "succeeded" : "FAILED")})"));
return 0;

static string Load() => File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "?";

static async Task SeedOldRunsAsync(string connectionString, int runs, int tasksPerRun)
{
    await using var conn = new NpgsqlConnection(connectionString);
    await conn.OpenAsync();
    await using var cmd = new NpgsqlCommand($$"""
        INSERT INTO runs (run_id, pipeline_id, version_hash, state, inputs, trigger, created_at, started_at, ended_at)
        SELECT 'old-' || r, 'p', 'h', 'succeeded', '{}', 'manual', now() - interval '60 days', now() - interval '60 days', now() - interval '60 days'
        FROM generate_series(1, {{runs}}) r;
        INSERT INTO task_instances (run_id, task_id, map_index, state, attempt)
        SELECT 'old-' || r, 't' || t, -1, 'succeeded', 1 FROM generate_series(1, {{runs}}) r, generate_series(1, {{tasksPerRun}}) t;
        INSERT INTO task_logs (run_id, task_id, map_index, attempt, at, stream, line)
        SELECT 'old-' || r, 't' || t, -1, 1, now(), 'stdout', 'a log line' FROM generate_series(1, {{runs}}) r, generate_series(1, {{tasksPerRun}}) t;
        """, conn);
    await cmd.ExecuteNonQueryAsync();
}

static async Task<(TimeSpan, bool)> RunPipelineAsync(string connectionString, int tasks, int workerCount, int capacity = 64)
{
    var pipeline = new PipelineDefinition
    {
        Id = "bench_noop",
        Tasks = [new TaskDefinition { Id = "fan", Action = "noop", ForEach = $"{{{{ range({tasks}) }}}}" }],
    };
    var version = new PipelineVersionRecord(pipeline.Id, "bench", null, null, "{}", null, DateTimeOffset.UtcNow);
    var options = new WorkerOptions
    {
        Capacity = capacity,
        ClaimBatchSize = capacity,
        CommitBatchSize = 512,
        Definitions = new Dictionary<(string, string), PipelineDefinition> { [(pipeline.Id, "bench")] = pipeline },
        ArtifactRoot = Path.Combine(Path.GetTempPath(), "sluice-bench"),
    };
    var stores = new List<SluiceStore>();
    for (var i = 0; i <= workerCount; i++)
    {
        var s = await PostgresStore.OpenAsync(connectionString);
        stores.Add(s);
    }
    using var stop = new CancellationTokenSource();
    var loops = stores.Skip(1).Select((s, i) => new DistributedWorker(s, options with { WorkerId = $"bench-{i}-{Guid.NewGuid():N}" }))
        .Select(w => Task.Run(() => w.RunAsync(stop.Token))).ToList();
    await Task.Delay(500); // workers connected and idle
    var runs = new DistributedRuns(stores[0], options);
    var sw = Stopwatch.StartNew();
    var run = await runs.StartAsync(pipeline, version, new Dictionary<string, object?>());
    var final = await runs.WaitAsync(run.RunId, TimeSpan.FromMinutes(10));
    sw.Stop();
    // The run's own timestamps (same clock): WaitAsync polls every 250 ms at most, a quarter of a 10k-task run.
    var elapsed = final.EndedAt is { } ended ? ended - final.CreatedAt : sw.Elapsed;
    await stop.CancelAsync();
    await Task.WhenAll(loops);
    foreach (var s in stores)
    {
        await s.DisposeAsync();
    }
    return (elapsed, final.State == RunState.Succeeded);
}

static async Task<List<double>> MeasureLatencyAsync(string connectionString, int jobs, int workerCount)
{
    var store = await PostgresStore.OpenAsync(connectionString);
    var queue = new DurableTaskQueue(store);
    queue.Handlers.Register("noop", static (_, _) => Task.FromResult<object?>(null));
    var workerStores = new List<SluiceStore>();
    var workers = new List<TaskQueueWorker>();
    for (var i = 0; i < workerCount; i++)
    {
        var s = await PostgresStore.OpenAsync(connectionString);
        workerStores.Add(s);
        workers.Add(TaskQueueWorker.Start(s, new WorkerOptions { Handlers = queue.Handlers, Capacity = 16 }));
    }
    await Task.Delay(500);
    var ids = new List<long>();
    for (var i = 0; i < jobs; i++)
    {
        ids.Add(await queue.EnqueueAsync("noop"));
        await Task.Delay(2);
    }
    foreach (var id in ids)
    {
        await queue.GetResultAsync(id, TimeSpan.FromMinutes(1));
    }
    var latencies = new List<double>(jobs);
    await using (var conn = new NpgsqlConnection(connectionString))
    {
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand("SELECT extract(epoch FROM ended_at - created_at) * 1000 FROM work_items WHERE kind = 'job'", conn);
        await using var r = await cmd.ExecuteReaderAsync();
        while (await r.ReadAsync())
        {
            latencies.Add(Convert.ToDouble(r.GetValue(0), CultureInfo.InvariantCulture));
        }
    }
    foreach (var w in workers)
    {
        await w.DisposeAsync();
    }
    foreach (var s in workerStores)
    {
        await s.DisposeAsync();
    }
    await store.DisposeAsync();
    latencies.Sort();
    return latencies;
}

static double Percentile(List<double> sorted, double p) => sorted.Count == 0 ? double.NaN : sorted[Math.Min(sorted.Count - 1, (int)(p * sorted.Count))];

static async Task ResetAsync(string connectionString)
{
    await using var store = await PostgresStore.OpenAsync(connectionString);
    await using var conn = new NpgsqlConnection(connectionString);
    await conn.OpenAsync();
    await using var cmd = new NpgsqlCommand("TRUNCATE work_items, work_dependencies, run_progress, task_progress, task_instances, task_attempts, task_logs, runs", conn);
    await cmd.ExecuteNonQueryAsync();
}

/// <summary>CPU time of a local server: the postmaster, its live children, and the children it reaped (closed backends).</summary>
internal sealed class ServerCpu(int? postmaster)
{
    private static readonly double Tick = 1.0 / 100; // USER_HZ on Linux

    public static ServerCpu Find(string connectionString)
    {
        var dataDir = Environment.GetEnvironmentVariable("SLUICE_BENCH_PGDATA");
        var pidFile = dataDir is null ? null : Path.Combine(dataDir, "postmaster.pid");
        return new ServerCpu(pidFile is not null && File.Exists(pidFile) ? int.Parse(File.ReadLines(pidFile).First(), CultureInfo.InvariantCulture) : null);
    }

    public TimeSpan? Total()
    {
        if (postmaster is not { } pm)
        {
            return null;
        }
        double ticks = 0;
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid))
            {
                continue;
            }
            string stat;
            try
            {
                stat = File.ReadAllText(Path.Combine(dir, "stat"));
            }
            catch (IOException)
            {
                continue;
            }
            var f = stat[(stat.LastIndexOf(')') + 2)..].Split(' '); // f[0] is field 3 (state)
            var ppid = int.Parse(f[1], CultureInfo.InvariantCulture);
            if (pid == pm || ppid == pm)
            {
                ticks += double.Parse(f[11], CultureInfo.InvariantCulture) + double.Parse(f[12], CultureInfo.InvariantCulture);
                if (pid == pm)
                {
                    ticks += double.Parse(f[13], CultureInfo.InvariantCulture) + double.Parse(f[14], CultureInfo.InvariantCulture);
                }
            }
        }
        return TimeSpan.FromSeconds(ticks * Tick);
    }
}
