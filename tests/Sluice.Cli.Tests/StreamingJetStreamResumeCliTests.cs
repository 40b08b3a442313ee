using System.Text.Json;
using Sluice.Cli.Tests.Testing;
using Sluice.Streaming.Tests.Sources;
using Sluice.Streaming.Tests.Testing;
using Sluice.Tests.Testing;

namespace Sluice.Cli.Tests;

/// <summary>
/// JetStream in, JetStream out, across a SIGKILL: a real <c>sluice run</c> reads a stream through a durable consumer
/// (paced, checkpointing every 100 ms), counts per key in tumbling windows and publishes the rows to another stream;
/// it is killed after checkpoints were committed and <c>sluice resume</c> continues from the last one. The output
/// stream must hold exactly the batch counts — no window lost, none published twice — and every event is counted once.
/// </summary>
public sealed class StreamingJetStreamResumeCliTests : IDisposable
{
    private const int Events = 3000;
    private readonly TempDirectory _dir = new();
    private NatsServer? _nats;

    private NatsServer Nats => _nats ??= new NatsServer();

    [NatsFact]
    public async Task Resume_AfterSigkill_ContinuesFromCheckpoint_NoLossNoDuplicatePublished()
    {
        await JetStreamTestData.CreateStreamAsync(Nats.Url, "EVENTS", "events.>");
        await JetStreamTestData.CreateStreamAsync(Nats.Url, "COUNTS", "counts.>");
        await JetStreamTestData.PublishAsync(Nats.Url, "events.keyed", KeyedEvents.Lines(Events));
        var pipeline = KeyedEvents.Pipeline(
                $"{{type: nats, url: \"{Nats.Url}\", stream: EVENTS, consumer: counts, bounded: true, batch_size: 25, max_events_per_second: 1500}}",
                "unused.csv",
                checkpoint: "100ms")
            .Replace("sink: {path: \"unused.csv\", sort: true}", $"sink: {{type: nats, url: \"{Nats.Url}\", subject: counts.keyed}}", StringComparison.Ordinal);
        pipeline.ShouldNotContain("unused.csv");
        File.WriteAllText(_dir.File("nats.yaml"), pipeline);

        using (var run = SluiceCli.Start(_dir.Path, "run", "nats.yaml"))
        {
            var deadline = DateTime.UtcNow.AddSeconds(90);
            while ((await JetStreamTestData.ReadAllAsync(Nats.Url, "COUNTS")).Count < 20)
            {
                run.Process.HasExited.ShouldBeFalse(run.Stderr);
                DateTime.UtcNow.ShouldBeLessThan(deadline, "no window was published: " + run.Stderr);
                await Task.Delay(20);
            }

            run.Signal("KILL");
            await run.Process.WaitForExitAsync();
        }

        (await JetStreamTestData.AckFloorAsync(Nats.Url, "EVENTS", "counts")).ShouldBeLessThan((ulong)Events, "the kill must land before the stream ended");
        var runs = await SluiceCli.RunAsync(_dir.Path, "runs", "--json");
        var id = JsonDocument.Parse(runs.Stdout).RootElement[0].GetProperty("run_id").GetString()!;

        var resume = await SluiceCli.RunAsync(_dir.Path, "resume", id);

        resume.ExitCode.ShouldBe(0, resume.ToString());
        var published = JetStreamTestData.AsCsv(await JetStreamTestData.ReadAllAsync(Nats.Url, "COUNTS"));
        published.ShouldBe(KeyedEvents.Counts(Events)[1..].Order(StringComparer.Ordinal));
        var show = JsonDocument.Parse((await SluiceCli.RunAsync(_dir.Path, "show", id, "--json")).Stdout).RootElement;
        var task = show.GetProperty("tasks").EnumerateArray().Single(t => t.GetProperty("id").GetString() == "counts");
        task.GetProperty("outputs").GetProperty("stats").GetProperty("events_in").GetInt64().ShouldBe(Events, "each event is counted once across the kill");
        (await JetStreamTestData.AckFloorAsync(Nats.Url, "EVENTS", "counts")).ShouldBe((ulong)Events);
    }

    public void Dispose()
    {
        _nats?.Dispose();
        _dir.Dispose();
    }
}
