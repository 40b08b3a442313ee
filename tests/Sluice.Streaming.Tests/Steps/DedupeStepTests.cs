using Sluice.Tests.Testing;

namespace Sluice.Streaming.Tests.Steps;

/// <summary>
/// <c>dedupe</c> with a 10 s TTL in event time, one event per batch (watermark delay 0):
///
///   id=1 t=1000 kept · id=1 t=2000 dropped · id=2 t=3000 kept · id=1 t=12000 kept (TTL of the first ended at 11000)
///   · id=2 t=5000 dropped (within id 2's TTL)
/// </summary>
public sealed class DedupeStepTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    [Fact]
    public async Task Dedupe_DropsRepeatsWithinTtl_KeepsTheKeyAgainAfterIt()
    {
        File.WriteAllLines(_dir.File("events.ndjson"), ["{\"id\":1,\"ts\":1000}", "{\"id\":1,\"ts\":2000}", "{\"id\":2,\"ts\":3000}", "{\"id\":1,\"ts\":12000}", "{\"id\":2,\"ts\":5000}"]);

        var stats = await StepPipelines.RunAsync(_dir, """
            id: dedupe
            tasks:
              - id: unique
                action: stream
                parameters:
                  source: {path: DIR/events.ndjson, batch_size: 1}
                  columns: {id: int, ts: int}
                  event_time: {column: ts}
                  steps:
                    - dedupe: {key: id, ttl: 10s}
                  sink: {path: DIR/unique.csv}
                outputs: [stats]
            """, "unique");

        File.ReadAllLines(_dir.File("unique.csv")).ShouldBe(["id,ts", "1,1000", "2,3000", "1,12000"]);
        stats["events_out"].ShouldBe(3L);
    }

    [Fact]
    public async Task Dedupe_BeforeAWindow_CountsEachKeyOnce()
    {
        File.WriteAllLines(_dir.File("events.ndjson"), ["{\"id\":\"a\",\"ts\":1000}", "{\"id\":\"a\",\"ts\":1500}", "{\"id\":\"b\",\"ts\":2000}", "{\"id\":\"b\",\"ts\":2500}", "{\"id\":\"c\",\"ts\":9000}"]);

        await StepPipelines.RunAsync(_dir, """
            id: dedupe_window
            tasks:
              - id: counts
                action: stream
                parameters:
                  source: {path: DIR/events.ndjson}
                  columns: {id: string, ts: int}
                  event_time: {column: ts}
                  steps:
                    - dedupe: {key: [id], ttl: 1m}
                    - window: {type: tumbling, size: 10s, aggregates: {n: "count()"}}
                  sink: {path: DIR/counts.csv}
                outputs: [stats]
            """, "counts");

        File.ReadAllLines(_dir.File("counts.csv")).ShouldBe(["window_start,window_end,n", "0,10000,3"]);
    }

    [Fact]
    public async Task Dedupe_WithoutTtl_FailsToLoadWithItsLocation()
    {
        File.WriteAllLines(_dir.File("events.ndjson"), ["{\"id\":1}"]);

        var error = await StepPipelines.FailAsync(_dir, """
            id: dedupe_bad
            tasks:
              - id: unique
                action: stream
                parameters:
                  source: {path: DIR/events.ndjson}
                  columns: {id: int}
                  steps:
                    - dedupe: {key: id}
                  sink: {path: DIR/unique.csv}
            """);

        error.ShouldNotBeNull();
        error.ShouldMatch(@"pipeline\.yaml:\d+:\d+: error SLU\d+: parameters\.steps\[0\]\.dedupe\.ttl: got 'nothing'");
    }

    public void Dispose() => _dir.Dispose();
}
