using System.Globalization;
using Sluice.Hosting.Library;
using Sluice.Streaming.Tests.Nexmark;
using Sluice.Streaming.Tests.Steps;
using Sluice.Tests.Testing;

namespace Sluice.Streaming.Tests.Joins;

/// <summary>
/// The stream–stream <c>join</c> step against batch references computed here: Nexmark q8 written as a tumbling window
/// join of persons and auctions (two filtered branches of one NDJSON source, up to 3 s out of order) equals the batch
/// reference and the co-group example; an interval join "b within 5 s after a" equals a nested-loop join over the
/// whole file.
/// </summary>
public sealed class JoinStepTests : IDisposable
{
    internal const string Q8Join = """
        id: q8_join
        inputs:
          events: {type: string}
          out: {type: string}
        tasks:
          - id: new_users
            action: stream
            parameters:
              source: {path: "{{ inputs.events }}", format: ndjson, batch_size: 500}
              columns: {type: string, id: int, name: string, seller: int, dateTime: timestamp}
              event_time: {column: dateTime, max_out_of_orderness: 5s}
              steps:
                - join:
                    left: "type == 'person'"
                    right: "type == 'auction'"
                    on: {left: id, right: seller}
                    window: {type: tumbling, size: 10s}
                    select: {id: left.id, name: left.name}
                    distinct: true
              sink: {path: "{{ inputs.out }}", columns: [window_start, id, name], sort: true}
              checkpoint: {interval: 100ms}
            outputs: [stats]
        """;

    private readonly TempDirectory _dir = new();

    [Fact]
    public async Task WindowJoin_NexmarkQ8AsAJoin_EqualsBatchReferenceAndTheExample()
    {
        var events = NexmarkExampleTests.Generate(_dir.File("events.ndjson"), 20_000);
        File.WriteAllText(_dir.File("q8_join.yaml"), Q8Join);
        var outDir = Directory.CreateDirectory(_dir.File("out")).FullName;

        var join = await SluicePipelines.ExecuteAsync(_dir.File("q8_join.yaml"),
            new Dictionary<string, object?> { ["events"] = events, ["out"] = _dir.File("q8_join.csv") },
            new PipelineExecutionOptions { Store = _dir.File("join.db") });
        var example = await SluicePipelines.ExecuteAsync(NexmarkExampleTests.Example("q8.yaml"),
            new Dictionary<string, object?> { ["events"] = events, ["out_dir"] = outDir },
            new PipelineExecutionOptions { Store = _dir.File("example.db") });

        join.Outcome.State.ShouldBe(Sluice.State.RunState.Succeeded, join.Outcome.Error);
        example.Outcome.State.ShouldBe(Sluice.State.RunState.Succeeded, example.Outcome.Error);
        var expected = NexmarkReference.Q8(events);
        expected.Count.ShouldBeGreaterThan(10, "the generated data must give the join something to find");
        File.ReadAllLines(_dir.File("q8_join.csv")).ShouldBe(expected);
        File.ReadAllLines(Path.Combine(outDir, "q8.csv")).ShouldBe(expected);
        Stats(join)["late_events"].ShouldBe(0L);
    }

    [Fact]
    public async Task IntervalJoin_BWithin5sAfterA_EqualsNestedLoopReference()
    {
        var (lines, expected) = IntervalEvents(seed: 11, count: 6000);
        File.WriteAllLines(_dir.File("events.ndjson"), lines);

        var stats = await StepPipelines.RunAsync(_dir, IntervalPipeline("DIR/events.ndjson", "DIR/pairs.csv"), "pairs");

        expected.Count.ShouldBeGreaterThan(100);
        File.ReadAllLines(_dir.File("pairs.csv")).Skip(1).ShouldBe(expected);
        stats["late_events"].ShouldBe(0L);
        stats["events_out"].ShouldBe((long)expected.Count);
    }

    [Fact]
    public async Task IntervalJoin_EventBehindTheWatermark_GoesToTheLateOutput()
    {
        File.WriteAllLines(_dir.File("events.ndjson"), [
            """{"kind":"a","k":1,"id":1,"t":1000}""",
            """{"kind":"b","k":1,"id":2,"t":3000}""",
            """{"kind":"a","k":1,"id":3,"t":20000}""",
            """{"kind":"b","k":1,"id":4,"t":4000}""",
            """{"kind":"b","k":1,"id":5,"t":21000}""",
        ]);

        var stats = await StepPipelines.RunAsync(_dir, """
            id: late_join
            tasks:
              - id: pairs
                action: stream
                parameters:
                  source: {path: DIR/events.ndjson, batch_size: 1}
                  columns: {kind: string, k: int, id: int, t: int}
                  event_time: {column: t, max_out_of_orderness: 1s}
                  steps:
                    - join: {left: "kind == 'a'", right: "kind == 'b'", on: k, window: {type: interval, upper: 5s}, select: {a: left.id, b: right.id}}
                  sink: {path: DIR/pairs.csv, sort: true}
                  late: {path: DIR/late.csv}
                outputs: [stats]
            """, "pairs");

        File.ReadAllLines(_dir.File("pairs.csv")).ShouldBe(["a,b", "1,2", "3,5"]);
        File.ReadAllLines(_dir.File("late.csv")).ShouldBe(["kind,k,id,t", "b,1,4,4000"]);
        stats["late_events"].ShouldBe(1L);
    }

    [Fact]
    public async Task Join_WithKeysOfDifferentTypes_FailsWithThePath()
    {
        File.WriteAllLines(_dir.File("events.ndjson"), ["""{"kind":"a","k":1,"s":"1","t":1}"""]);

        var error = await StepPipelines.FailAsync(_dir, """
            id: bad_join
            tasks:
              - id: pairs
                action: stream
                parameters:
                  source: {path: DIR/events.ndjson}
                  columns: {kind: string, k: int, s: string, t: int}
                  event_time: {column: t}
                  steps:
                    - join: {left: "kind == 'a'", right: "kind == 'b'", on: {left: k, right: s}, window: {type: tumbling, size: 10s}}
                  sink: {path: DIR/pairs.csv}
            """);

        error.ShouldNotBeNull();
        error.ShouldContain("pairs.parameters.steps.join.on: the left key 'k' is");
    }

    [Theory]
    [InlineData("{left: \"kind == 'a'\", right: \"kind == 'b'\", on: k}", "steps[0].join.window: got 'nothing'")]
    [InlineData("{left: \"kind == 'a'\", right: \"kind == 'b'\", on: k, window: {type: interval, lower: 5s, upper: 1s}}", "steps[0].join.window: got 'lower 5000ms, upper 1000ms'; expected lower no larger than upper")]
    [InlineData("{left: \"kind == 'a'\", right: \"kind == 'b'\", on: k, window: {size: 1s}, select: [middle.id]}", "steps[0].join.select[0]: got 'middle.id'; expected left.COLUMN or right.COLUMN")]
    [InlineData("{left: \"kind == 'a'\", on: k, window: {size: 1s}}", "steps[0].join.right: got 'nothing'; expected text")]
    public async Task Join_BadDefinition_FailsToLoadWithItsLocation(string join, string expected)
    {
        File.WriteAllLines(_dir.File("events.ndjson"), ["""{"kind":"a","k":1,"t":1}"""]);

        var error = await StepPipelines.FailAsync(_dir, $$"""
            id: bad_join
            tasks:
              - id: pairs
                action: stream
                parameters:
                  source: {path: DIR/events.ndjson}
                  columns: {kind: string, k: int, t: int}
                  event_time: {column: t}
                  steps:
                    - join: {{join}}
                  sink: {path: DIR/pairs.csv}
            """);

        error.ShouldNotBeNull();
        error.ShouldMatch(@"pipeline\.yaml:\d+:\d+: error SLU\d+: ");
        error.ShouldContain(": parameters." + expected);
    }

    internal static string IntervalPipeline(string events, string output) => $$"""
        id: interval_join
        tasks:
          - id: pairs
            action: stream
            parameters:
              source: {path: {{events}}, batch_size: 300}
              columns: {kind: string, k: int, id: int, t: int}
              event_time: {column: t, max_out_of_orderness: 6s}
              steps:
                - join:
                    left: "kind == 'a'"
                    right: "kind == 'b'"
                    on: k
                    window: {type: interval, lower: 0s, upper: 5s}
                    select: {k: left.k, a: left.id, b: right.id}
              sink: {path: {{output}}, sort: true}
              checkpoint: {interval: 50ms}
            outputs: [stats]
        """;

    /// <summary>
    /// Events a and b over 40 keys, one every 10 ms on average, each up to 2.5 s off its place (so two events are up to 5 s out of order, within the 6 s watermark delay); the reference is every
    /// (k, a, b) with b's time in [a's time, a's time + 5 s], sorted as the sink sorts (numbers numerically).
    /// </summary>
    internal static (List<string> Lines, List<string> Expected) IntervalEvents(int seed, int count)
    {
        var rng = new Random(seed);
        var events = new List<(string Kind, int K, int Id, long T)>();
        for (var i = 0; i < count; i++)
        {
            events.Add((rng.Next(3) == 0 ? "a" : "b", rng.Next(40), i, (i * 10L) + rng.Next(-2500, 2500)));
        }

        var expected = (from a in events
                        where a.Kind == "a"
                        from b in events
                        where b.Kind == "b" && b.K == a.K && b.T >= a.T && b.T <= a.T + 5000
                        orderby a.K, a.Id, b.Id
                        select string.Create(CultureInfo.InvariantCulture, $"{a.K},{a.Id},{b.Id}")).ToList();
        var lines = events.Select(static e => string.Create(CultureInfo.InvariantCulture, $$"""{"kind":"{{e.Kind}}","k":{{e.K}},"id":{{e.Id}},"t":{{e.T}}}""")).ToList();
        return (lines, expected);
    }

    private static IReadOnlyDictionary<string, object?> Stats(PipelineExecutionResult result) =>
        (IReadOnlyDictionary<string, object?>)((IReadOnlyDictionary<string, object?>)result.Outcome.Outputs["new_users"]!)["stats"]!;

    public void Dispose() => _dir.Dispose();
}
