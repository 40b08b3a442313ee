using System.Globalization;
using Sluice.Streaming.Tests.Steps;
using Sluice.Tests.Testing;

namespace Sluice.Streaming.Tests.Patterns;

/// <summary>
/// The per-key <c>pattern</c> step against a reference computed here by a different method: per user, over the events in
/// time order, the match that ends first (then: starts first) among all subsequences that satisfy the steps within the
/// time limit, searched again after its last event. Events arrive up to 3 s out of order (the watermark delay is 4 s),
/// so the matches must not depend on arrival order.
/// </summary>
public sealed class PatternStepTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    internal static string Pipeline(string events, string output, string pattern) => $$"""
        id: patterns
        tasks:
          - id: matches
            action: stream
            parameters:
              source: {path: {{events}}, batch_size: 250}
              columns: {user: int, action: string, id: int, t: int}
              event_time: {column: t, max_out_of_orderness: 4s}
              steps:
                - pattern: {{pattern}}
              sink: {path: {{output}}, sort: true}
              checkpoint: {interval: 50ms}
            outputs: [stats]
        """;

    [Fact]
    public async Task Sequence_AFollowedByBWithin5s_EqualsReference_UnderDisorder()
    {
        var events = Events(seed: 5, count: 8000);
        File.WriteAllLines(_dir.File("events.ndjson"), Lines(events));

        var stats = await StepPipelines.RunAsync(_dir, Pipeline("DIR/events.ndjson", "DIR/matches.csv",
            """{key: user, sequence: ["action == 'A'", "action == 'B'"], within: 5s, select: {first_id: first.id, last_id: last.id}}"""), "matches");

        var expected = Reference(events, ["A", "B"], 5000);
        expected.Count.ShouldBeGreaterThan(100);
        File.ReadAllLines(_dir.File("matches.csv")).ShouldBe(["user,first_time,last_time,count,first_id,last_id", .. expected]);
        stats["late_events"].ShouldBe(0L);
    }

    [Fact]
    public async Task Count_ThreeFailuresWithin2s_EqualsReference_UnderDisorder()
    {
        var events = Events(seed: 9, count: 8000);
        File.WriteAllLines(_dir.File("events.ndjson"), Lines(events));

        await StepPipelines.RunAsync(_dir, Pipeline("DIR/events.ndjson", "DIR/matches.csv",
            """{key: user, count: 3, where: "action == 'C'", within: 2s, select: {id: first.id, last_id: last.id}}"""), "matches");

        var expected = Reference(events, ["C", "C", "C"], 2000);
        expected.Count.ShouldBeGreaterThan(50);
        File.ReadAllLines(_dir.File("matches.csv")).ShouldBe(["user,first_time,last_time,count,id,last_id", .. expected]);
    }

    [Fact]
    public async Task Pattern_EventBehindTheWatermark_IsLate()
    {
        File.WriteAllLines(_dir.File("events.ndjson"), [
            """{"user":1,"action":"A","id":1,"t":1000}""",
            """{"user":1,"action":"B","id":2,"t":9000}""",
            """{"user":1,"action":"B","id":3,"t":2000}""",
            """{"user":1,"action":"A","id":4,"t":10000}""",
            """{"user":1,"action":"B","id":5,"t":12000}""",
        ]);

        var stats = await StepPipelines.RunAsync(_dir, """
            id: late_pattern
            tasks:
              - id: matches
                action: stream
                parameters:
                  source: {path: DIR/events.ndjson, batch_size: 1}
                  columns: {user: int, action: string, id: int, t: int}
                  event_time: {column: t, max_out_of_orderness: 1s}
                  steps:
                    - pattern: {key: user, sequence: ["action == 'A'", "action == 'B'"], within: 5s}
                  sink: {path: DIR/matches.csv}
                  late: {path: DIR/late.csv}
                outputs: [stats]
            """, "matches");

        File.ReadAllLines(_dir.File("matches.csv")).ShouldBe(["user,first_time,last_time,count", "1,10000,12000,2"]);
        File.ReadAllLines(_dir.File("late.csv")).ShouldBe(["user,action,id,t", "1,B,3,2000"]);
        stats["late_events"].ShouldBe(1L);
    }

    [Theory]
    [InlineData("{key: user, within: 5s}", "steps[0].pattern: got 'no sequence or count'")]
    [InlineData("{key: user, sequence: [\"action == 'A'\"], count: 2, within: 5s}", "steps[0].pattern: got 'sequence with count/where'")]
    [InlineData("{key: user, count: 100, where: \"action == 'A'\", within: 5s}", "steps[0].pattern.count: got '100'; expected a number of events between 1 and 64")]
    [InlineData("{key: user, sequence: [\"action == 'A'\"]}", "steps[0].pattern.within: got 'nothing'")]
    public async Task Pattern_BadDefinition_FailsToLoadWithItsLocation(string pattern, string expected)
    {
        File.WriteAllLines(_dir.File("events.ndjson"), ["""{"user":1,"action":"A","id":1,"t":1}"""]);

        var error = await StepPipelines.FailAsync(_dir, Pipeline("DIR/events.ndjson", "DIR/matches.csv", pattern));

        error.ShouldNotBeNull();
        error.ShouldMatch(@"pipeline\.yaml:\d+:\d+: error SLU\d+: ");
        error.ShouldContain(": parameters." + expected);
    }

    [Fact]
    public async Task Pattern_SelectingAnUnknownColumn_FailsTheTaskWithThePath()
    {
        File.WriteAllLines(_dir.File("events.ndjson"), ["""{"user":1,"action":"A","id":1,"t":1}"""]);

        var error = await StepPipelines.FailAsync(_dir, Pipeline("DIR/events.ndjson", "DIR/matches.csv", """{key: user, sequence: ["action == 'A'"], within: 5s, select: {x: first.nope}}"""));

        error.ShouldNotBeNull();
        error.ShouldContain("matches.parameters.steps.pattern.select.x: 'nope' is not a column of the stream here; the columns are user, action, id, t.");
    }

    /// <summary>Events with distinct times 37 ms apart over 20 users, actions A/B/C, in an arrival order up to 3 s off.</summary>
    internal static List<(int User, string Action, int Id, long T)> Events(int seed, int count)
    {
        var rng = new Random(seed);
        var events = Enumerable.Range(0, count).Select(i => (User: rng.Next(20), Action: "ABC"[rng.Next(3)].ToString(), Id: i, T: i * 37L)).ToList();
        return [.. events.Select(e => (e, Arrival: e.T + rng.Next(0, 3000))).OrderBy(static x => x.Arrival).Select(static x => x.e)];
    }

    internal static List<string> Lines(List<(int User, string Action, int Id, long T)> events) =>
        [.. events.Select(static e => string.Create(CultureInfo.InvariantCulture, $$"""{"user":{{e.User}},"action":"{{e.Action}}","id":{{e.Id}},"t":{{e.T}}}"""))];

    /// <summary>
    /// Per user in time order: among the subsequences from position p on that match the steps with last − first below
    /// <paramref name="within"/>, the one that ends first (and of those, starts first) is a match; search again after it.
    /// Rows as the sink sorts them: user, first_time, last_time, count, first id, last id.
    /// </summary>
    internal static List<string> Reference(List<(int User, string Action, int Id, long T)> events, string[] steps, long within)
    {
        var rows = new List<(int User, long First, long Last, int FirstId, int LastId)>();
        foreach (var user in events.GroupBy(static e => e.User))
        {
            var seq = user.OrderBy(static e => e.T).ToList();
            var p = 0;
            while (true)
            {
                (int Start, int End)? best = null;
                for (var start = p; start < seq.Count; start++)
                {
                    if (seq[start].Action != steps[0])
                    {
                        continue;
                    }

                    // The earliest completion from this start takes the first event matching each next step.
                    var at = start;
                    for (var s = 1; s < steps.Length && at < seq.Count; s++)
                    {
                        at++;
                        while (at < seq.Count && seq[at].Action != steps[s])
                        {
                            at++;
                        }
                    }

                    if (at < seq.Count && seq[at].T - seq[start].T < within && (best is null || at < best.Value.End))
                    {
                        best = (start, at);
                    }
                }

                if (best is not { } m)
                {
                    break;
                }

                rows.Add((user.Key, seq[m.Start].T, seq[m.End].T, seq[m.Start].Id, seq[m.End].Id));
                p = m.End + 1;
            }
        }

        return [.. rows.OrderBy(static r => r.User).ThenBy(static r => r.First).ThenBy(static r => r.Last).ThenBy(static r => r.FirstId).ThenBy(static r => r.LastId)
            .Select(r => string.Create(CultureInfo.InvariantCulture, $"{r.User},{r.First},{r.Last},{steps.Length},{r.FirstId},{r.LastId}"))];
    }

    public void Dispose() => _dir.Dispose();
}
