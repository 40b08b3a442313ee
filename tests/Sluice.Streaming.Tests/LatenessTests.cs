using Sluice.Hosting.Library;
using Sluice.Tests.Testing;

namespace Sluice.Streaming.Tests;

/// <summary>
/// Allowed lateness and the late output: one event per batch, so the watermark (delay 0) moves after each line.
///
///   t=1000 → w[0,10s) · t=12000 fires w0 (1) · t=3000 late but within 5 s lateness: w0 emits again (2)
///   · t=20000 fires w1, w0 expires · t=4000 too late for every window → late output · end fires w2
/// </summary>
public sealed class LatenessTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    [Fact]
    public async Task LateEvent_WithinAllowedLateness_ReEmitsWindow_BeyondIt_GoesToLateOutput()
    {
        File.WriteAllLines(_dir.File("events.ndjson"), ["{\"ts\":1000}", "{\"ts\":12000}", "{\"ts\":3000}", "{\"ts\":20000}", "{\"ts\":4000}"]);
        File.WriteAllText(_dir.File("late.yaml"), """
            id: lateness
            tasks:
              - id: counts
                action: stream
                parameters:
                  source: {path: events.ndjson, batch_size: 1}
                  columns: {ts: int}
                  event_time: {column: ts}
                  steps:
                    - window: {type: tumbling, size: 10s, allowed_lateness: 5s, aggregates: {n: "count()"}}
                  sink: {path: counts.csv, sort: true}
                  late: {path: late.csv}
                outputs: [stats]
            """.Replace("events.ndjson", _dir.File("events.ndjson"), StringComparison.Ordinal)
               .Replace("counts.csv", _dir.File("counts.csv"), StringComparison.Ordinal)
               .Replace("late.csv", _dir.File("late.csv"), StringComparison.Ordinal));

        var result = await SluicePipelines.ExecuteAsync(_dir.File("late.yaml"), null, new PipelineExecutionOptions { Store = _dir.File("sluice.db") });

        result.Outcome.State.ShouldBe(Sluice.State.RunState.Succeeded, result.Outcome.Error);
        File.ReadAllLines(_dir.File("counts.csv")).ShouldBe(["window_start,window_end,n", "0,10000,1", "0,10000,2", "10000,20000,1", "20000,30000,1"]);
        File.ReadAllLines(_dir.File("late.csv")).ShouldBe(["ts", "4000"]);
        var outputs = (IReadOnlyDictionary<string, object?>)result.Outcome.Outputs["counts"]!;
        var stats = (IReadOnlyDictionary<string, object?>)outputs["stats"]!;
        stats["late_events"].ShouldBe(1L);
        stats["events_in"].ShouldBe(5L);
    }

    public void Dispose() => _dir.Dispose();
}
