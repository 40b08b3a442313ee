using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using Sluice.Cli.Tests.Testing;
using Sluice.Tests.Testing;

namespace Sluice.Cli.Tests;

/// <summary>
/// OpenLineage from <c>sluice run</c>: every event of a run with a failing and a succeeding task reaches a real HTTP
/// receiver on 127.0.0.1 (which refuses its first request, so delivery is retried) and passes the official schemas.
/// </summary>
public sealed class OpenLineageCliTests : IDisposable
{
    //   ingest ──► quality
    //      └─────► shape (derive + aggregate) ──► export
    //   broken (exit 3)
    private const string Pipeline = """
        id: ol_demo
        inputs:
          dir: {type: string}
        tasks:
          - id: ingest
            action: ingest_from_sources
            parameters:
              source: "{{ inputs.dir }}/orders.csv"
              schema: {order_id: int64, category: string, amount: float64, quantity: int64}
            outputs: [raw_data]
          - id: quality
            action: analyze_data_quality
            parameters:
              data: "{{ ingest.raw_data }}"
              checks: [row_count > 0, missing_count(amount) = 0, distinct_count(category) > 0]
            dependencies: [ingest]
            outputs: [quality_report]
          - id: shape
            action: apply_transformations
            parameters:
              data: "{{ ingest.raw_data }}"
              transformations:
                - derive: {revenue: "amount * quantity"}
                - aggregate: {by: [category], metrics: {revenue_sum: sum(revenue)}}
            dependencies: [ingest]
            outputs: [transformed_data]
          - id: export
            action: export_to_targets
            parameters:
              data: "{{ shape.transformed_data }}"
              targets: [{path: "{{ inputs.dir }}/out/agg.csv", format: csv}]
            dependencies: [shape]
            outputs: [export_locations]
          - id: broken
            action: shell
            parameters: {command: "exit 3"}
        """;

    private readonly TempDirectory _dir = new();
    private readonly HttpListener _listener = new();
    private readonly ConcurrentQueue<string> _events = new();
    private int _requests;
    private string _url = "";

    public void Dispose()
    {
        _listener.Close();
        _dir.Dispose();
    }

    [OpenLineageFact]
    public async Task Run_WithAFailingAndASucceedingTask_PostsValidEventsForTheRunAndEveryTask()
    {
        var events = await RunAsync(distributed: false);

        var (count, errors) = await ValidateAsync(events);
        count.ShouldBe(events.Count);
        errors.ShouldBeEmpty();

        var run = Single(events, "ol_demo", "START");
        var end = Single(events, "ol_demo", "FAIL");
        end.GetProperty("run").GetProperty("runId").GetString().ShouldBe(run.GetProperty("run").GetProperty("runId").GetString());
        end.GetProperty("run").GetProperty("facets").GetProperty("errorMessage").GetProperty("message").GetString()!.ShouldContain("broken");
        // The pipeline's own inputs and outputs are the data it read and left outside the run.
        Names(end, "inputs").ShouldBe([_dir.File("orders.csv")]);
        Names(end, "outputs").ShouldBe([_dir.File("out/agg.csv")]);

        foreach (var task in new[] { "ingest", "quality", "shape", "export" })
        {
            Single(events, "ol_demo." + task, "START");
            var complete = Single(events, "ol_demo." + task, "COMPLETE");
            var parent = complete.GetProperty("run").GetProperty("facets").GetProperty("parent");
            parent.GetProperty("run").GetProperty("runId").GetString().ShouldBe(run.GetProperty("run").GetProperty("runId").GetString());
            parent.GetProperty("job").GetProperty("name").GetString().ShouldBe("ol_demo");
        }
        var failed = Single(events, "ol_demo.broken", "FAIL");
        failed.GetProperty("run").GetProperty("facets").GetProperty("errorMessage").GetProperty("message").GetString()!.ShouldContain("3");

        // ingest passes a handle to its source on: it read orders.csv (with the schema it applied) and wrote nothing.
        var ingested = Single(events, "ol_demo.ingest", "COMPLETE");
        ingested.GetProperty("outputs").GetArrayLength().ShouldBe(0);
        var source = ingested.GetProperty("inputs").EnumerateArray().ShouldHaveSingleItem();
        source.GetProperty("namespace").GetString().ShouldBe("file");
        source.GetProperty("name").GetString().ShouldBe(_dir.File("orders.csv"));
        source.GetProperty("facets").GetProperty("schema").GetProperty("fields").EnumerateArray().Select(static f => f.GetProperty("name").GetString())
            .ShouldBe(["order_id", "category", "amount", "quantity"]);

        var quality = Single(events, "ol_demo.quality", "COMPLETE").GetProperty("inputs")[0].GetProperty("inputFacets");
        var metrics = quality.GetProperty("dataQualityMetrics");
        metrics.GetProperty("rowCount").GetInt64().ShouldBe(3);
        metrics.GetProperty("columnMetrics").GetProperty("amount").GetProperty("nullCount").GetInt64().ShouldBe(1);
        metrics.GetProperty("columnMetrics").GetProperty("category").GetProperty("distinctCount").GetInt64().ShouldBe(2);
        quality.GetProperty("dataQualityAssertions").GetProperty("assertions").EnumerateArray()
            .Select(static a => (a.GetProperty("assertion").GetString(), a.GetProperty("success").GetBoolean()))
            .ShouldBe([("row_count > 0", true), ("missing_count(amount) = 0", false), ("distinct_count(category) > 0", true)]);

        // revenue_sum ← amount and quantity of orders.csv, through derive and aggregate.
        var shaped = Single(events, "ol_demo.shape", "COMPLETE").GetProperty("outputs").EnumerateArray().ShouldHaveSingleItem();
        shaped.GetProperty("outputFacets").GetProperty("outputStatistics").GetProperty("rowCount").GetInt64().ShouldBe(2);
        var revenue = shaped.GetProperty("facets").GetProperty("columnLineage").GetProperty("fields").GetProperty("revenue_sum").GetProperty("inputFields");
        revenue.EnumerateArray().Select(static f => f.GetProperty("field").GetString()).ShouldBe(["amount", "quantity"], ignoreOrder: true);
        revenue[0].GetProperty("name").GetString().ShouldBe(_dir.File("orders.csv"));
        revenue[0].GetProperty("transformations")[0].GetProperty("subtype").GetString().ShouldBe("AGGREGATION");
        // export read the artifact shape wrote: the task events connect through it.
        Names(Single(events, "ol_demo.export", "COMPLETE"), "inputs").ShouldBe([shaped.GetProperty("name").GetString()!]);

        _requests.ShouldBeGreaterThan(events.Count, "the receiver refused the first request, so it was sent again");
    }

    [OpenLineageFact]
    public async Task DistributedRun_PostsTheSameValidEvents()
    {
        var events = await RunAsync(distributed: true);

        var (_, errors) = await ValidateAsync(events);
        errors.ShouldBeEmpty();
        Single(events, "ol_demo", "START");
        Single(events, "ol_demo", "FAIL");
        foreach (var task in new[] { "ingest", "quality", "shape", "export" })
        {
            Single(events, "ol_demo." + task, "START");
            // The workers committed each task's lineage: the follower's events carry the datasets.
            var complete = Single(events, "ol_demo." + task, "COMPLETE");
            (complete.GetProperty("inputs").GetArrayLength() + complete.GetProperty("outputs").GetArrayLength()).ShouldBeGreaterThan(0, task);
        }
        Single(events, "ol_demo.broken", "FAIL");
    }

    private async Task<List<JsonElement>> RunAsync(bool distributed)
    {
        _url = StartReceiver();
        await File.WriteAllTextAsync(_dir.File("orders.csv"), "order_id,category,amount,quantity\n1,toys,10,2\n2,books,,1\n3,toys,5,3\n");
        await File.WriteAllTextAsync(_dir.File("p.yaml"), Pipeline);
        using var worker = distributed ? Start("worker", "--store", "d.db") : null;
        string[] args = distributed
            ? ["run", "p.yaml", "--input", "dir=" + _dir.Path, "--distributed", "--store", "d.db"]
            : ["run", "p.yaml", "--input", "dir=" + _dir.Path];
        using var run = Start(args);
        var stderr = run.Process.StandardError.ReadToEndAsync();
        using (var cts = new CancellationTokenSource(TimeSpan.FromMinutes(3)))
        {
            await run.Process.WaitForExitAsync(cts.Token);
        }
        // The run fails (a task failed); the command delivered every event before it exited.
        run.Process.ExitCode.ShouldBe(1, await stderr);
        return [.. _events.Select(static e => JsonDocument.Parse(e).RootElement)];
    }

    private RunningProcess Start(params string[] args)
    {
        var psi = SluiceCli.StartInfo(_dir.Path, args);
        psi.Environment["OPENLINEAGE_URL"] = _url;
        psi.Environment["OPENLINEAGE_NAMESPACE"] = "tests";
        psi.Environment["OPENLINEAGE_CONFIG"] = null;
        psi.Environment["OPENLINEAGE_DISABLED"] = null;
        return new RunningProcess(psi);
    }

    private sealed class RunningProcess : IDisposable
    {
        public RunningProcess(System.Diagnostics.ProcessStartInfo psi) => Process = System.Diagnostics.Process.Start(psi)!;

        public System.Diagnostics.Process Process { get; }

        public void Dispose()
        {
            if (!Process.HasExited)
            {
                Process.Kill(entireProcessTree: true);
            }
            Process.Dispose();
        }
    }

    private async Task<(int, IReadOnlyList<string>)> ValidateAsync(List<JsonElement> events)
    {
        var file = _dir.File("events.jsonl");
        await File.WriteAllLinesAsync(file, events.Select(static e => e.GetRawText()));
        return await OpenLineageSchemas.ValidateAsync(file);
    }

    private static JsonElement Single(List<JsonElement> events, string job, string type) =>
        events.Where(e => e.GetProperty("job").GetProperty("name").GetString() == job && e.GetProperty("eventType").GetString() == type)
            .ShouldHaveSingleItem($"{type} of {job} among {string.Join(", ", events.Select(static e => e.GetProperty("eventType") + " " + e.GetProperty("job").GetProperty("name")))}");

    private static string[] Names(JsonElement evt, string side) => [.. evt.GetProperty(side).EnumerateArray().Select(static d => d.GetProperty("name").GetString()!)];

    private string StartReceiver()
    {
        var port = SluiceCli.FreePort();
        _listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        _listener.Start();
        _ = Task.Run(async () =>
        {
            while (_listener.IsListening)
            {
                HttpListenerContext context;
                try
                {
                    context = await _listener.GetContextAsync();
                }
                catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException)
                {
                    return;
                }
                var first = Interlocked.Increment(ref _requests) == 1;
                using (var reader = new StreamReader(context.Request.InputStream))
                {
                    var body = await reader.ReadToEndAsync();
                    if (!first && context.Request.HttpMethod == "POST" && context.Request.Url!.AbsolutePath == "/api/v1/lineage")
                    {
                        _events.Enqueue(body);
                    }
                }
                context.Response.StatusCode = first ? 503 : 201;
                context.Response.Close();
            }
        });
        return $"http://127.0.0.1:{port}";
    }
}
