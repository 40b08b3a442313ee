using Sluice.Definition.Yaml;
using Sluice.Distributed;
using Sluice.Hosting;
using Sluice.Server.Tests.Testing;
using Sluice.Sqlite;

namespace Sluice.Server.Tests.Metrics;

/// <summary>Stream progress in <c>/metrics</c>: counters and gauges per pipeline and streaming task, read from its checkpoints.</summary>
public sealed class StreamMetricsTests
{
    /// <summary>
    /// One event per batch, watermark delay 0, tumbling 10 s windows with 5 s allowed lateness:
    /// t=1000 · t=12000 fires w0 · t=3000 re-emits w0 · t=20000 · t=4000 is beyond the lateness → late output · end.
    /// </summary>
    [PromtoolFact]
    public async Task LateEvents_BeyondTheAllowedLateness_AreInTheLateOutput_AndCountedInMetrics()
    {
        await using var server = await ServerHarness.StartAsync();
        var events = Path.Combine(server.Root, "events.ndjson");
        var late = Path.Combine(server.Root, "late.csv");
        await File.WriteAllLinesAsync(events, ["{\"ts\":1000}", "{\"ts\":12000}", "{\"ts\":3000}", "{\"ts\":20000}", "{\"ts\":4000}"]);
        server.WritePipeline("lateness.yaml", $$"""
            id: lateness
            tasks:
              - id: counts
                action: stream
                parameters:
                  source: {path: {{events}}, batch_size: 1}
                  columns: {ts: int}
                  event_time: {column: ts}
                  steps:
                    - window: {type: tumbling, size: 10s, allowed_lateness: 5s, aggregates: {n: "count()"} }
                  sink: {path: {{Path.Combine(server.Root, "counts.csv")}}, sort: true}
                  late: {path: {{late}}}
                outputs: [stats]
            """);
        await Api.RunApiTests.ReloadAsync(server);

        var runId = await server.StartRunAsync("lateness");
        (await server.WaitForRunAsync(runId)).GetProperty("state").GetString().ShouldBe("succeeded");
        var text = await WaitForMetricAsync(server, "sluice_stream_events_in_total", 5, ("pipeline", "lateness"), ("task", "counts"));

        (await File.ReadAllLinesAsync(late)).ShouldBe(["ts", "4000"]);
        PrometheusScrape.Value(text, "sluice_stream_late_events_total", ("pipeline", "lateness"), ("task", "counts")).ShouldBe(1);
        PrometheusScrape.Value(text, "sluice_stream_events_out_total", ("pipeline", "lateness"), ("task", "counts")).ShouldBe(4);
        PrometheusScrape.Value(text, "sluice_stream_rejected_total", ("pipeline", "lateness"), ("task", "counts")).ShouldBe(0);
        PrometheusScrape.Value(text, "sluice_stream_checkpoints_total", ("pipeline", "lateness"), ("task", "counts")).ShouldNotBeNull().ShouldBeGreaterThanOrEqualTo(1);
        PrometheusScrape.Value(text, "sluice_stream_checkpoint_size_bytes", ("pipeline", "lateness"), ("task", "counts")).ShouldNotBeNull().ShouldBeGreaterThan(0);
        PrometheusScrape.Value(text, "sluice_stream_checkpoint_age_seconds", ("pipeline", "lateness"), ("task", "counts")).ShouldNotBeNull().ShouldBeGreaterThanOrEqualTo(0);
        PrometheusScrape.Value(text, "sluice_stream_checkpoint_duration_seconds", ("pipeline", "lateness"), ("task", "counts")).ShouldNotBeNull().ShouldBeGreaterThanOrEqualTo(0);
        // The bounded source ended: no watermark or lag to show.
        PrometheusScrape.Value(text, "sluice_stream_watermark_seconds", ("pipeline", "lateness")).ShouldBeNull();
        PrometheusScrape.Value(text, "sluice_stream_lag_seconds", ("pipeline", "lateness")).ShouldBeNull();
        text.ShouldContain("# TYPE sluice_stream_late_events_total counter\n");
        var (code, output) = await MetricsTests.PromtoolAsync(text);
        code.ShouldBe(0, output);

        // A second run adds to the same counters.
        (await server.WaitForRunAsync(await server.StartRunAsync("lateness"))).GetProperty("state").GetString().ShouldBe("succeeded");
        text = await WaitForMetricAsync(server, "sluice_stream_events_in_total", 10, ("pipeline", "lateness"), ("task", "counts"));
        PrometheusScrape.Value(text, "sluice_stream_late_events_total", ("pipeline", "lateness"), ("task", "counts")).ShouldBe(2);
    }

    /// <summary>A followed file never ends: the gauges show the running task's watermark (max event time − delay − 1 ms) and lag.</summary>
    [Fact]
    public async Task RunningStream_ShowsItsWatermarkAndLag_WhileItRuns()
    {
        await using var server = await ServerHarness.StartAsync();
        var events = Path.Combine(server.Root, "events.ndjson");
        await File.WriteAllLinesAsync(events, ["{\"ts\":1000}", "{\"ts\":9000}", "{\"ts\":4000}"]);
        server.WritePipeline("tail.yaml", $$"""
            id: tail
            tasks:
              - id: follow
                action: stream
                parameters:
                  source: {path: {{events}}, follow: true, poll_interval: 50ms}
                  columns: {ts: int}
                  event_time: {column: ts, max_out_of_orderness: 2s}
                  sink: {path: {{Path.Combine(server.Root, "out.csv")}}}
                  checkpoint: {interval: 100ms}
                outputs: [stats]
            """);
        await Api.RunApiTests.ReloadAsync(server);

        var runId = await server.StartRunAsync("tail");
        var text = await WaitForMetricAsync(server, "sluice_stream_events_in_total", 3, ("pipeline", "tail"), ("task", "follow"));
        text = await WaitForMetricAsync(server, "sluice_stream_watermark_seconds", 6.999, ("pipeline", "tail"), ("task", "follow"));
        PrometheusScrape.Value(text, "sluice_stream_lag_seconds", ("pipeline", "tail"), ("task", "follow")).ShouldNotBeNull().ShouldBeGreaterThan(1_000_000);
        PrometheusScrape.Value(text, "sluice_stream_events_out_total", ("pipeline", "tail"), ("task", "follow")).ShouldBe(3);

        await File.AppendAllLinesAsync(events, ["{\"ts\":15000}"]);
        await WaitForMetricAsync(server, "sluice_stream_watermark_seconds", 12.999, ("pipeline", "tail"), ("task", "follow"));

        using var cancel = await server.PostCommandAsync($"api/runs/{runId}/cancel");
        cancel.IsSuccessStatusCode.ShouldBeTrue();
        await server.WaitForRunAsync(runId);
    }

    /// <summary>
    /// A server that executes nothing and a worker on its own connection to the same store file (as <c>sluice worker</c>
    /// would be): the worker's streaming task is in the server's <c>/metrics</c>, found through its checkpoints.
    /// </summary>
    [PromtoolFact]
    public async Task StreamRunByAWorker_IsInTheServersMetrics()
    {
        await using var server = await ServerHarness.StartAsync(configure: o => o with { ExecuteRuns = false });
        var events = Path.Combine(server.Root, "events.ndjson");
        await File.WriteAllLinesAsync(events, ["{\"ts\":1000}", "{\"ts\":9000}", "{\"ts\":4000}"]);
        var yaml = $$"""
            id: worker_tail
            tasks:
              - id: follow
                action: stream
                parameters:
                  source: {path: {{events}}, follow: true, poll_interval: 50ms}
                  columns: {ts: int}
                  event_time: {column: ts, max_out_of_orderness: 2s}
                  sink: {path: {{Path.Combine(server.Root, "out.csv")}}}
                  checkpoint: {interval: 100ms}
                outputs: [stats]
            """;
        await using var store = await SqliteStore.OpenAsync(server.StorePath);
        var actions = SluiceActions.Create(store);
        var loaded = PipelineLoader.Load(yaml, "worker_tail.yaml", actions);
        loaded.Success.ShouldBeTrue(string.Join("\n", loaded.Diagnostics));
        var options = new WorkerOptions { Actions = actions, ArtifactRoot = Path.Combine(server.Root, "artifacts") };
        var runs = new DistributedRuns(store, options);
        var run = await runs.StartAsync(loaded.Definition!, loaded.ToVersion(null, TimeProvider.System.GetUtcNow()), new Dictionary<string, object?>());
        using var stop = new CancellationTokenSource();
        var worker = Task.Run(() => new DistributedWorker(store, options).RunAsync(stop.Token));
        try
        {
            var text = await WaitForMetricAsync(server, "sluice_stream_events_in_total", 3, ("pipeline", "worker_tail"), ("task", "follow"));
            text = await WaitForMetricAsync(server, "sluice_stream_watermark_seconds", 6.999, ("pipeline", "worker_tail"), ("task", "follow"));
            PrometheusScrape.Value(text, "sluice_stream_events_out_total", ("pipeline", "worker_tail"), ("task", "follow")).ShouldBe(3);
            PrometheusScrape.Value(text, "sluice_stream_checkpoint_size_bytes", ("pipeline", "worker_tail"), ("task", "follow")).ShouldNotBeNull().ShouldBeGreaterThan(0);
            server.IsExecuting(run.RunId).ShouldBeFalse();
            var (code, output) = await MetricsTests.PromtoolAsync(text);
            code.ShouldBe(0, output);

            await File.AppendAllLinesAsync(events, ["{\"ts\":15000}"]);
            text = await WaitForMetricAsync(server, "sluice_stream_events_in_total", 4, ("pipeline", "worker_tail"), ("task", "follow"));
            PrometheusScrape.Value(text, "sluice_stream_watermark_seconds", ("pipeline", "worker_tail"), ("task", "follow")).ShouldBe(12.999);
        }
        finally
        {
            await runs.CancelAsync(run.RunId, "test over");
            await stop.CancelAsync();
            await worker;
        }
    }

    private static async Task<string> WaitForMetricAsync(ServerHarness server, string name, double value, params (string Name, string Value)[] labels)
    {
        string? last = null;
        try
        {
            return (await ServerHarness.WaitForAsync(async () =>
            {
                last = await server.Client.GetStringAsync("metrics");
                return PrometheusScrape.Value(last, name, labels) is { } v && Math.Abs(v - value) < 1e-6 ? (ValueTuple<string>?)new ValueTuple<string>(last) : null;
            }, 60, $"{name} to reach {value}")).Item1;
        }
        catch (TimeoutException ex)
        {
            throw new TimeoutException($"{ex.Message}; last scrape:\n{last}", ex);
        }
    }
}
