// Scheduling overhead of the Sluice executor with durable SQLite state, in the shapes of
// ../shared/bench/peers/dag_overhead.py: wide (root -> N -> sink) and chain (N in a row), no-op tasks.
// Timed region: RunExecutor.RunAsync (run creation, scheduling, every state transition committed to
// SQLite, final flush). Graph construction and store creation are excluded, like the peer's.
// One JSON line per case on stdout, same keys as the peer.
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Sluice.Actions.BuiltIn;
using Sluice.Definition;
using Sluice.Execution;
using Sluice.State;
using Sluice.Sqlite.State;

var sizes = Arg("--sizes", "1000,10000").Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray();
var repeat = int.Parse(Arg("--repeat", "3"), CultureInfo.InvariantCulture);
var parallel = int.Parse(Arg("--max-parallel", "32"), CultureInfo.InvariantCulture);
var dir = Path.Combine(Path.GetTempPath(), "sluice-dag-bench-" + Environment.ProcessId);
Directory.CreateDirectory(dir);
try
{
    await using var store = new SqliteStateStore(Path.Combine(dir, "state.db"));
    await store.InitializeAsync();
    var executor = new RunExecutor(store, BuiltInActions.CreateRegistry(), new ExecutorOptions { MaxParallelTasks = parallel, ArtifactRoot = Path.Combine(dir, "artifacts") });
    // Warm-up (JIT, SQLite page cache): one small run of each shape, not reported.
    await RunOnce(executor, Wide(200));
    await RunOnce(executor, Chain(200));
    foreach (var (shape, build) in new (string, Func<int, PipelineDefinition>)[] { ("wide", Wide), ("chain", Chain) })
    {
        foreach (var n in sizes)
        {
            var secs = new List<double>();
            var def = build(n);
            for (var r = 0; r < repeat; r++)
            {
                secs.Add(await RunOnce(executor, def));
            }
            var median = secs.Order().ElementAt(secs.Count / 2);
            Console.WriteLine(JsonSerializer.Serialize(new
            {
                engine = "sluice-sqlite", shape, n, tasks = def.Tasks.Count, seconds = median,
                tasks_per_second = def.Tasks.Count / median, seconds_all = secs,
            }));
        }
    }
}
finally
{
    Directory.Delete(dir, recursive: true);
}

static async Task<double> RunOnce(RunExecutor executor, PipelineDefinition def)
{
    var version = new PipelineVersionRecord(def.Id, def.Id, null, null, "{}", null, DateTimeOffset.UnixEpoch);
    var sw = Stopwatch.StartNew();
    var outcome = await executor.RunAsync(def, version, new Dictionary<string, object?>());
    sw.Stop();
    if (outcome.State != RunState.Succeeded)
    {
        throw new InvalidOperationException($"run {outcome.RunId} ended {outcome.State}: {outcome.Error}");
    }
    return sw.Elapsed.TotalSeconds;
}

static PipelineDefinition Wide(int n)
{
    var tasks = new List<TaskDefinition> { new() { Id = "root", Action = "noop" } };
    var mids = new string[n];
    for (var i = 0; i < n; i++)
    {
        mids[i] = "t" + i.ToString(CultureInfo.InvariantCulture);
        tasks.Add(new() { Id = mids[i], Action = "noop", Dependencies = ["root"] });
    }
    tasks.Add(new() { Id = "sink", Action = "noop", Dependencies = mids });
    return new PipelineDefinition { Id = "wide" + n, Tasks = tasks };
}

static PipelineDefinition Chain(int n)
{
    var tasks = new List<TaskDefinition>(n);
    for (var i = 0; i < n; i++)
    {
        tasks.Add(new() { Id = "c" + i.ToString(CultureInfo.InvariantCulture), Action = "noop", Dependencies = i == 0 ? [] : ["c" + (i - 1).ToString(CultureInfo.InvariantCulture)] });
    }
    return new PipelineDefinition { Id = "chain" + n, Tasks = tasks };
}

string Arg(string name, string fallback)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
}
