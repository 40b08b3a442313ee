using System.Globalization;
using System.Text.Json;
using Sluice.Cli.Tests.Testing;
using Sluice.Hosting.Library;
using Sluice.Tests.Testing;

namespace Sluice.Cli.Tests;

/// <summary>
/// The stateful steps across a SIGKILL: a paced <c>sluice run</c> of dedupe → enrich → keyed window → anomaly is killed
/// after checkpoints were published, then <c>sluice resume</c>d. Its output must equal an uninterrupted run's: the
/// dedupe keys, the windows and the anomaly histories came back from the checkpoint.
///
///   events (every 4th repeats the one before) ─ dedupe(id, 1m) ─ enrich(users.csv, inner) ─ tumbling 10 s by tier
///     ─ anomaly(n) ─ counts.csv
/// </summary>
public sealed class StreamingStepsResumeCliTests : IDisposable
{
    private const string Pipeline = """
        id: steps_resume
        inputs:
          out: {type: string}
        tasks:
          - id: steps
            action: stream
            parameters:
              source: {path: DIR/events.ndjson, max_events_per_second: 4000, batch_size: 200}
              columns: {id: int, user: int, ts: int}
              event_time: {column: ts, max_out_of_orderness: 1s}
              steps:
                - dedupe: {key: id, ttl: 1m}
                - enrich: {with: DIR/users.csv, on: {user: id}, how: inner}
                - window: {type: tumbling, size: 10s, key: tier, aggregates: {n: "count()", users: "count_distinct(user)"}}
                - anomaly: {value: n, key: tier, windows: 4}
              sink: {path: "{{ inputs.out }}", sort: true}
              checkpoint: {interval: 200ms}
            outputs: [stats]
        """;

    private readonly TempDirectory _dir = new();

    [Fact]
    public async Task Resume_AfterSigkill_StatefulStepsContinueFromCheckpoint_SameOutputAsUninterrupted()
    {
        using (var writer = new StreamWriter(_dir.File("events.ndjson")))
        {
            var rng = new Random(3);
            for (var i = 0; i < 20_000; i++)
            {
                var eventId = i % 4 == 3 ? i - 1 : i;
                // Up to 500 ms out of order; the rate changes every window so histories differ.
                var ts = i * 5 + rng.Next(0, 500);
                writer.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{{\"id\":{eventId},\"user\":{(i * 7 + i / 2000) % 9},\"ts\":{ts}}}"));
            }
        }

        File.WriteAllLines(_dir.File("users.csv"), ["id,tier", "0,gold", "1,gold", "2,silver", "3,silver", "4,silver", "5,bronze", "6,bronze"]);
        File.WriteAllText(_dir.File("steps.yaml"), Pipeline.Replace("DIR/", _dir.Path + "/", StringComparison.Ordinal));
        var expected = await SluicePipelines.ExecuteAsync(_dir.File("steps.yaml"), new Dictionary<string, object?> { ["out"] = _dir.File("expected.csv") }, new PipelineExecutionOptions { Store = _dir.File("reference.db") });
        expected.Outcome.State.ShouldBe(Sluice.State.RunState.Succeeded, expected.Outcome.Error);
        var output = _dir.File("counts.csv");
        var parts = output + ".parts";

        using (var run = SluiceCli.Start(_dir.Path, "run", "steps.yaml", "--input", "out=" + output))
        {
            await run.KillAfterPublishedPartsAsync(parts);
        }

        File.Exists(output).ShouldBeFalse("the kill must land before the stream ended");
        var runs = await SluiceCli.RunAsync(_dir.Path, "runs", "--json");
        var id = JsonDocument.Parse(runs.Stdout).RootElement[0].GetProperty("run_id").GetString()!;

        var resume = await SluiceCli.RunAsync(_dir.Path, "resume", id);

        resume.ExitCode.ShouldBe(0, resume.ToString());
        var lines = File.ReadAllLines(output);
        lines.Length.ShouldBeGreaterThan(20);
        lines.ShouldBe(File.ReadAllLines(_dir.File("expected.csv")));
        (await SluiceCli.RunAsync(_dir.Path, "logs", id)).Stdout.ShouldContain("resumed from checkpoint");
        var show = await SluiceCli.RunAsync(_dir.Path, "show", id);
        show.Stdout.ShouldContain("stream steps: events in 20000, out " + (lines.Length - 1));
    }

    public void Dispose() => _dir.Dispose();
}
