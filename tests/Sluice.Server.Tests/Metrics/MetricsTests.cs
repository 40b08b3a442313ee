using System.Diagnostics;
using Sluice.Server.Metrics;
using Sluice.Server.Tests.Testing;

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
        response.Content.Headers.ContentType!.ToString().ShouldStartWith("text/plain; version=0.0.4");
        var text = await response.Content.ReadAsStringAsync();

        text.ShouldContain("sluice_runs_total{pipeline=\"hello\",state=\"succeeded\"} 1\n");
        text.ShouldContain("sluice_runs_total{pipeline=\"failing\",state=\"failed\"} 1\n");
        text.ShouldContain("sluice_task_instances_total{pipeline=\"failing\",state=\"upstream_failed\"} 1\n");
        text.ShouldContain("sluice_task_instances_total{pipeline=\"failing\",state=\"failed\"} 1\n");
        text.ShouldContain("sluice_task_duration_seconds_count{pipeline=\"hello\"} 2\n");
        text.ShouldContain("sluice_task_duration_seconds_bucket{pipeline=\"hello\",le=\"+Inf\"} 2\n");
        text.ShouldContain("sluice_runs_active 0\n");
        text.ShouldContain("sluice_queue_depth 0\n");
        text.ShouldContain("# TYPE process_start_time_seconds gauge\n");
        var (code, output) = await PromtoolAsync(text);
        code.ShouldBe(0, output);
    }

    [PromtoolFact]
    public async Task LabelValues_WithQuotesBackslashesAndNewlines_AreEscapedForPromtool()
    {
        var w = new PrometheusText();
        w.Header("sluice_test_total", "counter", "A help text with a backslash \\ and\na newline.");
        w.Sample("sluice_test_total", [("pipeline", "a\"b\\c\nd")], 3);
        var text = w.ToString();

        text.ShouldBe("# HELP sluice_test_total A help text with a backslash \\\\ and\\na newline.\n# TYPE sluice_test_total counter\nsluice_test_total{pipeline=\"a\\\"b\\\\c\\nd\"} 3\n");
        var (code, output) = await PromtoolAsync(text);
        code.ShouldBe(0, output);
    }

    [Theory]
    [InlineData(0.001, 1)]
    [InlineData(0.005, 1)]
    [InlineData(0.0051, 2)]
    [InlineData(5000, 0)]
    public void Histogram_CountsAnObservationInItsBucketAndAbove(double seconds, int firstBucketHolding)
    {
        var h = new DurationHistogram();
        h.Observe(seconds);
        var (cumulative, count, sum) = h.Snapshot();

        count.ShouldBe(1);
        sum.ShouldBe(seconds);
        for (var i = 0; i < cumulative.Length; i++)
        {
            cumulative[i].ShouldBe(firstBucketHolding > 0 && i >= firstBucketHolding - 1 ? 1 : 0, $"bucket le={DurationHistogram.Bounds[i]}");
        }
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
