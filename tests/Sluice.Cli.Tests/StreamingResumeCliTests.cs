using System.Text.Json;
using Sluice.Cli.Tests.Testing;
using Sluice.Streaming.Nexmark;
using Sluice.Streaming.Tests.Nexmark;
using Sluice.Tests.Testing;

namespace Sluice.Cli.Tests;

/// <summary>
/// A real <c>sluice run</c> of the Nexmark q7 example (paced, checkpointing every 200 ms) is killed with SIGKILL after
/// checkpoints were committed; <c>sluice resume</c> continues from the last one. The output must equal the batch
/// reference: no event lost, no row written twice.
/// </summary>
public sealed class StreamingResumeCliTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    [Fact]
    public async Task Resume_AfterSigkillMidStream_ContinuesFromCheckpoint_NoLossNoDuplicates()
    {
        var events = _dir.File("events.ndjson");
        using (var writer = new StreamWriter(events))
        {
            new NexmarkGenerator(11).Write(writer, 20_000);
        }

        var example = File.ReadAllText(Path.Combine(SluiceCli.RepoRoot, "examples", "nexmark", "q7.yaml"));
        var paced = example
            .Replace("format: ndjson}", "format: ndjson, max_events_per_second: 4000, batch_size: 200}", StringComparison.Ordinal)
            .Replace("interval: 1s", "interval: 200ms", StringComparison.Ordinal);
        paced.ShouldNotBe(example);
        File.WriteAllText(_dir.File("q7.yaml"), paced);
        var outDir = Directory.CreateDirectory(_dir.File("out")).FullName;
        var parts = Path.Combine(outDir, "q7.csv.parts");

        using (var run = SluiceCli.Start(_dir.Path, "run", "q7.yaml", "--input", "events=" + events, "--input", "out_dir=" + outDir))
        {
            await run.KillAfterPublishedPartsAsync(parts);
        }

        File.Exists(Path.Combine(outDir, "q7.csv")).ShouldBeFalse("the kill must land before the stream ended");
        var runs = await SluiceCli.RunAsync(_dir.Path, "runs", "--json");
        var id = JsonDocument.Parse(runs.Stdout).RootElement[0].GetProperty("run_id").GetString()!;

        var resume = await SluiceCli.RunAsync(_dir.Path, "resume", id);

        resume.ExitCode.ShouldBe(0, resume.ToString());
        File.ReadAllLines(Path.Combine(outDir, "q7.csv")).ShouldBe(NexmarkReference.Q7(events));
        var show = JsonDocument.Parse((await SluiceCli.RunAsync(_dir.Path, "show", id, "--json")).Stdout).RootElement;
        var task = show.GetProperty("tasks").EnumerateArray().Single(t => t.GetProperty("id").GetString() == "highest_bid");
        task.GetProperty("outputs").GetProperty("stats").GetProperty("events_in").GetInt64().ShouldBe(20_000, "each event is counted once across the kill");
        var logs = await SluiceCli.RunAsync(_dir.Path, "logs", id);
        logs.Stdout.ShouldContain("resumed from checkpoint");
    }

    public void Dispose() => _dir.Dispose();
}
