using Sluice.Hosting.Library;
using Sluice.Tests.Testing;

namespace Sluice.Streaming.Tests;

/// <summary>
/// A followed NDJSON file is appended to, then rotated (renamed away and recreated) while the stream tails it; the
/// published sink parts must hold every line exactly once. The run is cancelled at the end (a followed source never ends).
/// </summary>
public sealed class FollowRotationTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    private string[] Published()
    {
        var parts = _dir.File("out.csv.parts");
        return Directory.Exists(parts)
            ? [.. Directory.GetFiles(parts, "part-*.csv").Order(StringComparer.Ordinal).SelectMany(File.ReadAllLines)]
            : [];
    }

    private async Task WaitForAsync(int rows, Task run)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (Published().Length < rows)
        {
            run.IsCompleted.ShouldBeFalse("the followed stream ended: " + run.Exception);
            DateTime.UtcNow.ShouldBeLessThan(deadline, $"expected {rows} published rows, have {Published().Length}");
            await Task.Delay(20);
        }
    }

    [Fact]
    public async Task Follow_AcrossAppendAndRotation_PublishesEveryLineOnce()
    {
        var events = _dir.File("events.ndjson");
        File.WriteAllLines(events, ["{\"v\":\"a1\"}", "{\"v\":\"a2\"}", "{\"v\":\"a3\"}"]);
        File.WriteAllText(_dir.File("tail.yaml"), $$"""
            id: tail
            tasks:
              - id: copy
                action: stream
                parameters:
                  source: {path: "{{events}}", follow: true, poll_interval: 20ms}
                  columns: {v: string}
                  steps:
                    - derive: {upper: "upper(v)"}
                  sink: {path: "{{_dir.File("out.csv")}}"}
                  checkpoint: {interval: 50ms}
            """);
        using var cancel = new CancellationTokenSource();
        var run = SluicePipelines.ExecuteAsync(_dir.File("tail.yaml"), null, new PipelineExecutionOptions { Store = _dir.File("sluice.db") }, cancel.Token);

        await WaitForAsync(3, run);
        await File.AppendAllLinesAsync(events, ["{\"v\":\"a4\"}"]);
        await WaitForAsync(4, run);
        File.Move(events, events + ".1");
        await File.WriteAllLinesAsync(events, ["{\"v\":\"b1\"}", "{\"v\":\"b2\"}"]);
        await WaitForAsync(6, run);
        await cancel.CancelAsync();
        try
        {
            await run;
        }
        catch (OperationCanceledException)
        {
            // A followed stream ends only by cancellation.
        }

        Published().ShouldBe(["a1,A1", "a2,A2", "a3,A3", "a4,A4", "b1,B1", "b2,B2"]);
    }

    public void Dispose() => _dir.Dispose();
}
