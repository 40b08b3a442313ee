using System.Text.Json;
using Sluice.Cli.Tests.Testing;
using Sluice.Streaming.Nexmark;
using Sluice.Streaming.Tests.Nexmark;
using Sluice.Tests.Testing;

namespace Sluice.Cli.Tests;

/// <summary>
/// A real <c>sluice run</c> of a Nexmark example (paced, checkpointing every 200 ms) is killed with SIGKILL after
/// checkpoints were committed; <c>sluice resume</c> continues from the last one. The output must equal the batch
/// reference: no event lost, no row written twice.
/// </summary>
public sealed class StreamingResumeCliTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    /// <remarks>
    /// With <c>parallelism</c> the window's partitions are checkpointed together and restored each with its own keys:
    /// q7 (top over all bids, sliced per batch) and q5 (sliding windows keyed by auction).
    /// </remarks>
    [Theory]
    [InlineData("q7", "highest_bid", 1)]
    [InlineData("q7", "highest_bid", 2)]
    [InlineData("q5", "hot_items", 2)]
    public async Task Resume_AfterSigkillMidStream_ContinuesFromCheckpoint_NoLossNoDuplicates(string query, string taskId, int parallelism)
    {
        var events = _dir.File("events.ndjson");
        using (var writer = new StreamWriter(events))
        {
            new NexmarkGenerator(11).Write(writer, 20_000);
        }

        var example = File.ReadAllText(Path.Combine(SluiceCli.RepoRoot, "examples", "nexmark", query + ".yaml"));
        var paced = example
            .Replace("format: ndjson}", "format: ndjson, max_events_per_second: 4000, batch_size: 200}", StringComparison.Ordinal)
            .Replace("checkpoint: {interval: 1s}", $"parallelism: {parallelism}\n      checkpoint: {{interval: 200ms}}", StringComparison.Ordinal);
        paced.ShouldNotBe(example);
        File.WriteAllText(_dir.File(query + ".yaml"), paced);
        var outDir = Directory.CreateDirectory(_dir.File("out")).FullName;
        var parts = Path.Combine(outDir, query + ".csv.parts");

        using (var run = SluiceCli.Start(_dir.Path, "run", query + ".yaml", "--input", "events=" + events, "--input", "out_dir=" + outDir))
        {
            await run.KillAfterPublishedPartsAsync(parts);
        }

        File.Exists(Path.Combine(outDir, query + ".csv")).ShouldBeFalse("the kill must land before the stream ended");
        var runs = await SluiceCli.RunAsync(_dir.Path, "runs", "--json");
        var id = JsonDocument.Parse(runs.Stdout).RootElement[0].GetProperty("run_id").GetString()!;

        var resume = await SluiceCli.RunAsync(_dir.Path, "resume", id);

        resume.ExitCode.ShouldBe(0, resume.ToString());
        File.ReadAllLines(Path.Combine(outDir, query + ".csv")).ShouldBe(query == "q7" ? NexmarkReference.Q7(events) : NexmarkReference.Q5(events));
        var show = JsonDocument.Parse((await SluiceCli.RunAsync(_dir.Path, "show", id, "--json")).Stdout).RootElement;
        var task = show.GetProperty("tasks").EnumerateArray().Single(t => t.GetProperty("id").GetString() == taskId);
        task.GetProperty("outputs").GetProperty("stats").GetProperty("events_in").GetInt64().ShouldBe(20_000, "each event is counted once across the kill");
        var logs = await SluiceCli.RunAsync(_dir.Path, "logs", id);
        logs.Stdout.ShouldContain("resumed from checkpoint");
    }

    public void Dispose() => _dir.Dispose();
}
