using Microsoft.Extensions.Time.Testing;
using Sluice.Hosting.Library;
using Sluice.Streaming.Definition;
using Sluice.Streaming.Runtime;
using Sluice.Tests.Testing;

namespace Sluice.Streaming.Tests.Runtime;

/// <summary>What a streaming attempt measures: latency from an event's arrival to its window's result, and checkpoints.</summary>
public sealed class LatencyTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    [Fact]
    public void Samples_Percentiles_AreNearestRank()
    {
        var samples = new LatencySamples();
        samples.Percentile(50).ShouldBeNull();
        foreach (var v in Enumerable.Range(1, 100).Reverse())
        {
            samples.Add(v);
        }

        samples.Percentile(50).ShouldBe(50);
        samples.Percentile(99).ShouldBe(99);
        samples.Percentile(100).ShouldBe(100);
    }

    [Fact]
    public void Samples_KeepABoundedReservoir_ThatStillEstimatesThePercentiles()
    {
        var samples = new LatencySamples();
        for (var i = 0; i < 3 * LatencySamples.Capacity; i++)
        {
            samples.Add(i % 1000);
        }

        samples.Count.ShouldBe(3 * LatencySamples.Capacity);
        samples.Percentile(50).ShouldNotBeNull().ShouldBeInRange(480, 520);
        samples.Percentile(99).ShouldNotBeNull().ShouldBeInRange(980, 999);
    }

    /// <summary>
    /// Tumbling 10 s windows, no delay. Events at t = 0 .. 127 s, one 128-event batch at a time; the clock moves 1 s per
    /// batch. Sampled events (one in 64) wait for the first batch whose events pass their window's end.
    /// </summary>
    [Fact]
    public void Probe_MeasuresFromArrivalToTheFiringOfTheEventsFirstWindow()
    {
        var time = new FakeTimeProvider();
        var probe = new LatencyProbe(new WindowSpec(WindowKind.Tumbling, 10_000, 10_000, [], [], null, 0));
        var times = Enumerable.Range(0, 128).Select(static i => i * 1000L).ToArray();

        probe.Arrived(times.AsSpan(0, 64), long.MinValue, time.GetTimestamp()); // samples t = 63 s: window [60, 70) s
        time.Advance(TimeSpan.FromSeconds(1));
        probe.Fired(65_000, time.GetTimestamp(), time.GetTimestamp(), time); // not yet
        probe.EventLatency.Count.ShouldBe(0);
        time.Advance(TimeSpan.FromSeconds(2));
        probe.Fired(69_999, time.GetTimestamp(), null, time);

        probe.EventLatency.Count.ShouldBe(1);
        probe.EventLatency.Percentile(50).ShouldBe(3000);
        probe.FireLatency.Count.ShouldBe(1);
        probe.FireLatency.Percentile(50).ShouldBe(0);
    }

    [Fact]
    public void Probe_SkipsEventsWhoseWindowsAlreadyFired()
    {
        var time = new FakeTimeProvider();
        var probe = new LatencyProbe(new WindowSpec(WindowKind.Sliding, 10_000, 2_000, [], [], null, 0));
        var late = Enumerable.Repeat(1000L, 64).ToArray();

        probe.Arrived(late, 50_000, time.GetTimestamp());
        probe.Fired(long.MaxValue - 1, time.GetTimestamp(), null, time);

        probe.EventLatency.Count.ShouldBe(0);
    }

    [Fact]
    public async Task Stats_OfAWindowedStream_HoldLatencyAndCheckpointMeasurements()
    {
        File.WriteAllLines(_dir.File("events.ndjson"), Enumerable.Range(0, 2000).Select(static i => $"{{\"ts\":{i * 100}}}"));
        File.WriteAllText(_dir.File("p.yaml"), $$"""
            id: measured
            tasks:
              - id: counts
                action: stream
                parameters:
                  source: {path: {{_dir.File("events.ndjson")}}, batch_size: 50}
                  columns: {ts: int}
                  event_time: {column: ts}
                  steps:
                    - window: {type: tumbling, size: 1s, aggregates: {n: "count()"} }
                  sink: {path: {{_dir.File("counts.csv")}}}
                outputs: [stats]
            """);

        var result = await SluicePipelines.ExecuteAsync(_dir.File("p.yaml"), null, new PipelineExecutionOptions { Store = _dir.File("sluice.db") });

        result.Outcome.State.ShouldBe(Sluice.State.RunState.Succeeded, result.Outcome.Error);
        var stats = (IReadOnlyDictionary<string, object?>)((IReadOnlyDictionary<string, object?>)result.Outcome.Outputs["counts"]!)["stats"]!;
        Convert.ToDouble(stats["latency_p50_ms"], System.Globalization.CultureInfo.InvariantCulture).ShouldBeGreaterThanOrEqualTo(0);
        Convert.ToDouble(stats["latency_p99_ms"], System.Globalization.CultureInfo.InvariantCulture).ShouldBeGreaterThanOrEqualTo(0);
        Convert.ToDouble(stats["fire_latency_p99_ms"], System.Globalization.CultureInfo.InvariantCulture).ShouldBeGreaterThanOrEqualTo(0);
        Convert.ToDouble(stats["checkpoint_ms_mean"], System.Globalization.CultureInfo.InvariantCulture).ShouldBeGreaterThanOrEqualTo(0);
        Convert.ToInt64(stats["checkpoint_bytes_max"], System.Globalization.CultureInfo.InvariantCulture).ShouldBeGreaterThan(0);
    }

    public void Dispose() => _dir.Dispose();
}
