using System.Diagnostics;
using Sluice.Server.Metrics;
using Sluice.Server.Tests.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Sluice.Server.Tests.Metrics;

public sealed class MetricsTests
{
    [PromtoolFact]
    public async Task Metrics_AfterRuns_PassPromtoolAndCountByState()
    {
        await using var server = await ServerHarness.StartAsync(new() { ["hello.yaml"] = Pipelines.Hello, ["failing.yaml"] = Pipelines.Failing });
        await server.WaitForRunAsync(await server.StartRunAsync("hello"));
        await server.WaitForRunAsync(await server.StartRunAsync("failing"));

        using var response = await server.Client.GetAsync("metrics");
        response.Content.Headers.ContentType!.MediaType.ShouldBe("text/plain");
        var text = await response.Content.ReadAsStringAsync();

        PrometheusScrape.Value(text, "sluice_runs_total", ("pipeline", "hello"), ("state", "succeeded")).ShouldBe(1);
        PrometheusScrape.Value(text, "sluice_runs_total", ("pipeline", "failing"), ("state", "failed")).ShouldBe(1);
        PrometheusScrape.Value(text, "sluice_task_instances_total", ("pipeline", "failing"), ("state", "upstream_failed")).ShouldBe(1);
        PrometheusScrape.Value(text, "sluice_task_instances_total", ("pipeline", "failing"), ("task", "boom"), ("state", "failed")).ShouldBe(1);
        PrometheusScrape.Value(text, "sluice_task_instances_total", ("pipeline", "failing"), ("task", "never"), ("state", "upstream_failed")).ShouldBe(1);
        PrometheusScrape.Value(text, "sluice_task_duration_seconds_count", ("pipeline", "hello")).ShouldBe(2);
        PrometheusScrape.Value(text, "sluice_task_duration_seconds_count", ("pipeline", "hello"), ("task", "greet")).ShouldBe(1);
        PrometheusScrape.Value(text, "sluice_task_duration_seconds_bucket", ("pipeline", "hello"), ("le", "+Inf")).ShouldBe(2);
        PrometheusScrape.Value(text, "sluice_task_duration_seconds_bucket", ("pipeline", "hello"), ("task", "greet"), ("le", "3600")).ShouldBe(1);
        PrometheusScrape.Value(text, "sluice_runs_active").ShouldBe(0);
        PrometheusScrape.Value(text, "sluice_queue_depth").ShouldBe(0);
        PrometheusScrape.Value(text, "sluice_task_slots_in_use").ShouldBe(0);
        PrometheusScrape.Value(text, "sluice_alerts_raised_total").ShouldBe(0);
        PrometheusScrape.Value(text, "process_start_time_seconds").ShouldNotBeNull().ShouldBeGreaterThan(0);
        text.ShouldContain("# TYPE process_start_time_seconds gauge\n");
        PrometheusScrape.Value(text, "target_info", ("service_name", "sluice")).ShouldBe(1);
        text.ShouldContain("# HELP sluice_runs_total Runs that reached a final state");
        var (code, output) = await PromtoolAsync(text);
        code.ShouldBe(0, output);
    }

    [Fact]
    public async Task TwoServersInOneProcess_CountOnlyTheirOwnRuns()
    {
        await using var first = await ServerHarness.StartAsync(new() { ["hello.yaml"] = Pipelines.Hello });
        await using var second = await ServerHarness.StartAsync(new() { ["hello.yaml"] = Pipelines.Hello });
        await first.WaitForRunAsync(await first.StartRunAsync("hello"));
        await first.WaitForRunAsync(await first.StartRunAsync("hello"));
        await second.WaitForRunAsync(await second.StartRunAsync("hello"));

        PrometheusScrape.Value(await first.Client.GetStringAsync("metrics"), "sluice_runs_total", ("pipeline", "hello")).ShouldBe(2);
        PrometheusScrape.Value(await second.Client.GetStringAsync("metrics"), "sluice_runs_total", ("pipeline", "hello")).ShouldBe(1);
    }

    /// <summary>
    /// <code>
    /// ingest (3 rows) ──► clean (2 rows: one duplicate dropped)
    /// </code>
    /// </summary>
    [Fact]
    public async Task DataTasks_CountTheRowsOfTheirOutputs_ByTask()
    {
        const string pipeline = """
            id: rows
            inputs:
              data: {type: string}
            tasks:
              - id: ingest
                action: ingest_from_sources
                parameters: {source: "{{ inputs.data }}", format: csv}
                outputs: [raw_data]
              - id: clean
                action: clean_and_standardize
                parameters: {data: "{{ ingest.raw_data }}", cleaning_rules: {dedupe: true}}
                outputs: [cleaned_data]
                dependencies: [ingest]
            """;
        await using var server = await ServerHarness.StartAsync(new() { ["rows.yaml"] = pipeline });
        var data = Path.Combine(server.Root, "data.csv");
        await File.WriteAllTextAsync(data, "id,name\n1,a\n2,b\n2,b\n");
        var recorder = server.Services.GetRequiredService<RunOutputRecorder>();

        var run = await server.StartRunAsync("rows", new { data });
        (await server.WaitForRunAsync(run)).GetProperty("state").GetString().ShouldBe("succeeded");
        await ServerHarness.WaitForAsync<bool>(() => Task.FromResult<bool?>(recorder.Recorded == 1 ? true : null), 30, "the run's outputs to be recorded");

        var text = await server.Client.GetStringAsync("metrics");
        PrometheusScrape.Value(text, "sluice_task_output_rows_total", ("pipeline", "rows"), ("task", "clean")).ShouldBe(2);
    }

    [Fact]
    public async Task OtlpEndpoint_ReceivesTheRunAndTaskCounters_OverOtlpHttpProtobuf()
    {
        await using var collector = await OtlpReceiver.StartAsync();
        await using var server = await ServerHarness.StartAsync(new() { ["failing.yaml"] = Pipelines.Failing }, o => o with
        {
            OtlpEndpoint = collector.Url,
            OtlpProtocol = OpenTelemetry.Exporter.OtlpExportProtocol.HttpProtobuf,
            MetricExportInterval = TimeSpan.FromMilliseconds(200),
        });

        await server.WaitForRunAsync(await server.StartRunAsync("failing"));

        // Exports are cumulative and repeat every interval: wait for one that has the whole run.
        await ServerHarness.WaitForAsync<bool>(() => Task.FromResult<bool?>(
            collector.Latest("sluice.runs", ("pipeline", "failing"), ("state", "failed")) == 1
            && collector.Latest("sluice.task.duration.count", ("pipeline", "failing"), ("task", "ok")) == 1 ? true : null), 60, "the run's counters to reach the OTLP receiver");
        collector.ContentTypes.ShouldContain("application/x-protobuf");
        collector.Latest("sluice.task_instances", ("pipeline", "failing"), ("task", "boom"), ("state", "failed")).ShouldBe(1);
        collector.Latest("sluice.task_instances", ("pipeline", "failing"), ("task", "ok"), ("state", "succeeded")).ShouldBe(1);
        collector.Latest("sluice.task.duration.count", ("pipeline", "failing"), ("task", "boom")).ShouldBe(1);
        collector.Latest("sluice.queue.depth").ShouldBe(0);
    }

    internal static async Task<(int Code, string Output)> PromtoolAsync(string metrics)
    {
        var psi = new ProcessStartInfo(ExternalTools.Find("promtool") ?? "promtool", "check metrics")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var p = Process.Start(psi)!;
        await p.StandardInput.WriteAsync(metrics);
        p.StandardInput.Close();
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        await p.WaitForExitAsync();
        return (p.ExitCode, await stdout + await stderr);
    }
}
