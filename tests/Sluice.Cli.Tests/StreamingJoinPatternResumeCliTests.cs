using System.Globalization;
using System.Text.Json;
using Sluice.Cli.Tests.Testing;
using Sluice.Hosting.Library;
using Sluice.Tests.Testing;

namespace Sluice.Cli.Tests;

/// <summary>
/// The join and pattern steps across a SIGKILL: three paced streaming tasks over one disordered file — an interval join,
/// a tumbling window join with distinct rows, a per-key sequence pattern — are killed after checkpoints were published and
/// resumed. Every output must equal an uninterrupted run's: the buffered sides, the windows, the pairs found but not yet
/// emitted and the partial matches came back from the checkpoint, and nothing was emitted twice.
/// </summary>
public sealed class StreamingJoinPatternResumeCliTests : IDisposable
{
    private const string Pipeline = """
        id: join_pattern_resume
        inputs:
          out: {type: string}
        tasks:
          - id: pairs
            action: stream
            parameters:
              source: {path: DIR/events.ndjson, max_events_per_second: 4000, batch_size: 200}
              columns: {kind: string, k: int, id: int, t: int}
              event_time: {column: t, max_out_of_orderness: 3s}
              steps:
                - join: {left: "kind == 'a'", right: "kind == 'b'", on: k, window: {type: interval, lower: -1s, upper: 4s}, select: {k: left.k, a: left.id, b: right.id}}
              sink: {path: "{{ inputs.out }}/pairs.csv", sort: true}
              checkpoint: {interval: 200ms}
          - id: windows
            action: stream
            parameters:
              source: {path: DIR/events.ndjson, max_events_per_second: 4000, batch_size: 200}
              columns: {kind: string, k: int, id: int, t: int}
              event_time: {column: t, max_out_of_orderness: 3s}
              steps:
                - join: {left: "kind == 'a'", right: "kind == 'b'", on: k, window: {type: tumbling, size: 10s}, select: {k: left.k}, distinct: true}
              sink: {path: "{{ inputs.out }}/windows.csv", sort: true}
              checkpoint: {interval: 200ms}
          - id: matches
            action: stream
            parameters:
              source: {path: DIR/events.ndjson, max_events_per_second: 4000, batch_size: 200}
              columns: {kind: string, k: int, id: int, t: int}
              event_time: {column: t, max_out_of_orderness: 3s}
              steps:
                - pattern: {key: k, sequence: ["kind == 'a'", "kind == 'b'", "kind == 'b'"], within: 3s, select: {a: first.id, b: last.id}}
              sink: {path: "{{ inputs.out }}/matches.csv", sort: true}
              checkpoint: {interval: 200ms}
        """;

    private readonly TempDirectory _dir = new();

    [Fact]
    public async Task Resume_AfterSigkill_JoinAndPatternStateComesBack_SameOutputAsUninterrupted()
    {
        using (var writer = new StreamWriter(_dir.File("events.ndjson")))
        {
            var rng = new Random(17);
            for (var i = 0; i < 20_000; i++)
            {
                writer.WriteLine(string.Create(CultureInfo.InvariantCulture, $$"""{"kind":"{{(rng.Next(3) == 0 ? "a" : "b")}}","k":{{rng.Next(30)}},"id":{{i}},"t":{{(i * 5) + rng.Next(0, 2000)}}}"""));
            }
        }

        File.WriteAllText(_dir.File("streams.yaml"), Pipeline.Replace("DIR/", _dir.Path + "/", StringComparison.Ordinal));
        var expectedDir = Directory.CreateDirectory(_dir.File("expected")).FullName;
        var expected = await SluicePipelines.ExecuteAsync(_dir.File("streams.yaml"), new Dictionary<string, object?> { ["out"] = expectedDir }, new PipelineExecutionOptions { Store = _dir.File("reference.db") });
        expected.Outcome.State.ShouldBe(Sluice.State.RunState.Succeeded, expected.Outcome.Error);
        var outDir = Directory.CreateDirectory(_dir.File("out")).FullName;

        using (var run = SluiceCli.Start(_dir.Path, "run", "streams.yaml", "--input", "out=" + outDir))
        {
            await run.KillAfterPublishedPartsAsync(Path.Combine(outDir, "pairs.csv.parts"));
        }

        File.Exists(Path.Combine(outDir, "pairs.csv")).ShouldBeFalse("the kill must land before the stream ended");
        var id = JsonDocument.Parse((await SluiceCli.RunAsync(_dir.Path, "runs", "--json")).Stdout).RootElement[0].GetProperty("run_id").GetString()!;

        var resume = await SluiceCli.RunAsync(_dir.Path, "resume", id);

        resume.ExitCode.ShouldBe(0, resume.ToString());
        foreach (var name in new[] { "pairs.csv", "windows.csv", "matches.csv" })
        {
            var lines = File.ReadAllLines(Path.Combine(outDir, name));
            lines.Length.ShouldBeGreaterThan(50, name);
            lines.ShouldBe(File.ReadAllLines(Path.Combine(expectedDir, name)), name);
        }

        (await SluiceCli.RunAsync(_dir.Path, "logs", id)).Stdout.ShouldContain("resumed from checkpoint");
    }

    public void Dispose() => _dir.Dispose();
}
