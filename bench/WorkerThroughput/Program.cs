// Distributed worker throughput on PostgreSQL: 10,000 no-op tasks (one for_each) with 1, 2 and 4 workers,
// then enqueue→complete latency of single queue jobs. Usage:
//   dotnet run -c Release --project bench/WorkerThroughput -- "Host=...;Database=...;Username=..." [tasks]
// Each worker has its own store (connection pool), as separate processes would.
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
    Console.Error.WriteLine("usage: WorkerThroughput <postgres connection string> [tasks=10000]");
    return 2;
}
var connectionString = args[0];
var tasks = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 10_000;
var inv = CultureInfo.InvariantCulture;

foreach (var workers in new[] { 1, 2, 4 })
{
    await ResetAsync(connectionString);
    var (elapsed, ok) = await RunPipelineAsync(connectionString, tasks, workers);
    Console.WriteLine(string.Create(inv, $"{workers} worker(s): {tasks} no-op tasks in {elapsed.TotalSeconds:0.00} s = {tasks / elapsed.TotalSeconds:0} tasks/s ({(ok ? "succeeded" : "FAILED")})"));
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

static async Task<(TimeSpan, bool)> RunPipelineAsync(string connectionString, int tasks, int workerCount)
{
    var pipeline = new PipelineDefinition
    {
        Id = "bench_noop",
        Tasks = [new TaskDefinition { Id = "fan", Action = "noop", ForEach = $"{{{{ range({tasks}) }}}}" }],
    };
    var version = new PipelineVersionRecord(pipeline.Id, "bench", null, null, "{}", null, DateTimeOffset.UtcNow);
    var options = new WorkerOptions
    {
        Capacity = 64,
        ClaimBatchSize = 64,
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
    await stop.CancelAsync();
    await Task.WhenAll(loops);
    foreach (var s in stores)
    {
        await s.DisposeAsync();
    }
    return (sw.Elapsed, final.State == RunState.Succeeded);
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
