// Enrichment throughput against the local OpenAI-compatible stub: ROWS rows, BATCH rows per request, a simulated
// latency per request and a rate limit. Reports wall time against the ideal bound set by the rate limit, failed rows,
// and the requests a re-run sends (the response cache should answer all of them).
// Usage: dotnet run -c Release --project bench/AiEnrichment -- [ROWS=10000] [BATCH=10] [RPS=20] [LATENCY_MS=50]
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Sluice.Actions.BuiltIn;
using Sluice.AI;
using Sluice.AI.Tests.Testing;
using Sluice.DataActions;
using Sluice.DataActions.IO;
using Sluice.Definition.Yaml;
using Sluice.Execution;
using Sluice.Sqlite.State;
using Sluice.State;

var inv = CultureInfo.InvariantCulture;
int Arg(int i, int fallback) => args.Length > i ? int.Parse(args[i], inv) : fallback;
var rows = Arg(0, 10_000);
var batch = Arg(1, 10);
var rps = Arg(2, 20);
var latency = Arg(3, 50);

var dir = Path.Combine(Path.GetTempPath(), "sluice-ai-bench-" + Guid.NewGuid().ToString("N")[..8]);
Directory.CreateDirectory(dir);
try
{
    await using var stub = new OpenAiStub { Latency = TimeSpan.FromMilliseconds(latency) };
    File.WriteAllLines(Path.Combine(dir, "reviews.csv"), ["id,text", .. Enumerable.Range(0, rows).Select(i => $"{i},review number {i} of a product")]);
    var yaml = $$"""
        id: ai_bench
        models:
          analyst:
            provider: openai
            model: gpt-bench
            base_url: {{stub.BaseUrl}}
            api_key_env: SLUICE_BENCH_UNSET_KEY
            requests_per_second: {{rps}}
            max_concurrency: 8
        tasks:
          - id: enrich
            action: enrich_with_external
            model: analyst
            parameters:
              data: {{Path.Combine(dir, "reviews.csv")}}
              enrichment_fields: [location, category, sentiment]
              batch_size: {{batch}}
        """;
    var tables = new TableProviders();
    var actions = AiActionSet.Register(DataActionSet.Register(BuiltInActions.CreateRegistry(), tables), tables, Path.Combine(dir, "artifacts"));
    var definition = PipelineLoader.Load(yaml, "bench.yaml", actions).Definition ?? throw new InvalidOperationException("the pipeline does not load");
    await using var store = new SqliteStateStore(Path.Combine(dir, "state.db"));
    await store.InitializeAsync();
    var version = new PipelineVersionRecord(definition.Id, "hash", definition.Name, definition.Version, "{}", null, DateTimeOffset.UnixEpoch);
    var executor = new RunExecutor(store, actions, new ExecutorOptions { ArtifactRoot = Path.Combine(dir, "artifacts") });

    async Task<(double Seconds, JsonElement Stats)> RunAsync()
    {
        var sw = Stopwatch.StartNew();
        var outcome = await executor.RunAsync(definition, version, new Dictionary<string, object?>());
        sw.Stop();
        var task = (await store.GetTaskInstancesAsync(outcome.RunId)).Single();
        if (task.OutputsJson is null)
        {
            throw new InvalidOperationException($"the run {outcome.State}: {task.Error}");
        }
        return (sw.Elapsed.TotalSeconds, JsonDocument.Parse(task.OutputsJson).RootElement.GetProperty("enrichment_stats").Clone());
    }

    var (seconds, stats) = await RunAsync();
    var sent = stub.Count;
    var requests = (rows + batch - 1) / batch;
    var ideal = (double)requests / rps;
    stub.Reset();
    var (again, restats) = await RunAsync();
    Console.WriteLine(string.Create(inv, $"rows {rows}, {batch} per request → {requests} requests; rate limit {rps}/s, latency {latency} ms"));
    Console.WriteLine(string.Create(inv, $"first run: {seconds:F2} s wall, ideal bound {ideal:F2} s → {ideal / seconds:P1} of the limit used; {sent} requests sent; failed rows {stats.GetProperty("failed_rows").GetInt64()}; tokens {stats.GetProperty("total_tokens").GetInt64()}"));
    Console.WriteLine(string.Create(inv, $"re-run: {again:F2} s wall; {stub.Count} requests sent; {restats.GetProperty("cached").GetInt64()} answers from the cache; failed rows {restats.GetProperty("failed_rows").GetInt64()}"));
}
finally
{
    try
    {
        Directory.Delete(dir, recursive: true);
    }
    catch (IOException)
    {
    }
}
