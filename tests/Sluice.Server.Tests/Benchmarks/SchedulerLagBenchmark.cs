using System.Globalization;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Sluice.Server.Scheduling;
using Sluice.Server.Tests.Testing;
using Sluice.State;
using Xunit.Abstractions;

namespace Sluice.Server.Tests.Benchmarks;

/// <summary>
/// Scheduler lag with 100 pipelines on a cron schedule firing every 2 seconds, on the real clock: for
/// every scheduled run, the delay from its logical date (the cron instant) to the start of its first task.
/// Reports p50/p95/p99/max (test output and TestResults/scheduler-lag.txt); asserts only that every
/// pipeline fired and that run ids are unique, never a time.
/// </summary>
[Trait("Category", "Benchmark")]
public sealed class SchedulerLagBenchmark(ITestOutputHelper output)
{
    private const int PipelineCount = 100;
    private const int FiresEach = 4;

    [Theory]
    [InlineData(4)]
    [InlineData(32)]
    public async Task HundredCronPipelines_LagFromFireToFirstTaskStart_IsMeasured(int maxConcurrentRuns)
    {
        var pipelines = Enumerable.Range(0, PipelineCount).ToDictionary(
            static i => $"p{i:000}.yaml",
            static i => $"id: p{i:000}\ntriggers:\n  - {{type: cron, cron: \"*/2 * * * * *\"}}\ntasks:\n  - id: work\n    action: noop\n");
        await using var server = await ServerHarness.StartAsync(pipelines, o => o with { MaxConcurrentRuns = maxConcurrentRuns });
        var store = server.Services.GetRequiredService<IStateStore>();

        await ServerHarness.WaitForAsync<bool>(async () =>
        {
            var runs = await store.ListRunsAsync(new RunQuery(Limit: 10_000));
            var perPipeline = runs.Where(static r => r.State == RunState.Succeeded).GroupBy(static r => r.PipelineId).ToList();
            return perPipeline.Count == PipelineCount && perPipeline.All(static g => g.Count() >= FiresEach) ? true : null;
        }, 120, $"{FiresEach} finished runs of each of {PipelineCount} pipelines");
        var delivery = server.Services.GetRequiredService<ScheduleHost>().Totals;
        await server.StopAsync();

        var all = await store.ListRunsAsync(new RunQuery(Limit: 10_000));
        all.Select(static r => r.RunId).Distinct().Count().ShouldBe(all.Count);
        var lags = new List<double>();
        foreach (var run in all.Where(static r => r.State == RunState.Succeeded && r.LogicalDate is not null))
        {
            var tasks = await store.GetTaskInstancesAsync(run.RunId);
            if (tasks.Min(static t => t.StartedAt) is { } started)
            {
                lags.Add((started - run.LogicalDate!.Value).TotalMilliseconds);
            }
        }
        lags.Sort();
        var report = new StringBuilder();
        report.AppendLine(CultureInfo.InvariantCulture, $"Scheduler lag, cron fire → first task start: {PipelineCount} pipelines every 2 s, max {maxConcurrentRuns} concurrent runs, {lags.Count} runs, {Environment.ProcessorCount} cores.");
        report.AppendLine(CultureInfo.InvariantCulture, $"p50 {At(lags, 0.50),8:0.0} ms   p95 {At(lags, 0.95),8:0.0} ms   p99 {At(lags, 0.99),8:0.0} ms   max {lags[^1],8:0.0} ms");
        report.AppendLine(CultureInfo.InvariantCulture, $"Scheduler delivery (fire → callback): max {delivery.MaxLag.TotalMilliseconds:0.0} ms over {delivery.Dispatched} fires.");
        output.WriteLine(report.ToString());
        var dir = Path.Combine(AppContext.BaseDirectory, "TestResults");
        Directory.CreateDirectory(dir);
        await File.AppendAllTextAsync(Path.Combine(dir, "scheduler-lag.txt"), report.ToString());
    }

    private static double At(List<double> sorted, double q) => sorted[Math.Min(sorted.Count - 1, (int)(q * sorted.Count))];
}
