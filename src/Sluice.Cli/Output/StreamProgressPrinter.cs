using System.Globalization;
using Sluice.Stores;
using Sluice.Streaming.Progress;

namespace Sluice.Cli.Output;

/// <summary>One line per streaming task of a run in <c>sluice show</c>: its progress as of its last checkpoint.</summary>
internal static class StreamProgressPrinter
{
    public static async Task WriteAsync(SluiceStore store, string runId, IEnumerable<string> taskIds, CancellationToken cancellationToken)
    {
        var now = TimeProvider.System.GetUtcNow();
        foreach (var taskId in taskIds)
        {
            if (await StreamProgressReader.ReadAsync(store.Checkpoints, runId, taskId, cancellationToken: cancellationToken).ConfigureAwait(false) is not { } p)
            {
                continue;
            }

            // Plain text: one line per stream to grep, like the decisions below.
            Console.Out.WriteLine(Line(p, now));
        }
    }

    internal static string Line(StreamTaskProgress p, DateTimeOffset now) => string.Create(CultureInfo.InvariantCulture,
        $"  stream {p.TaskId}{(p.MapIndex >= 0 ? $"[{p.MapIndex}]" : "")}: events in {p.EventsIn}, out {p.EventsOut}, late {p.LateEvents}, rejected {p.Rejected}, " +
        $"watermark {(p.Finished ? "end" : p.Watermark?.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture) ?? "none")}" +
        $"{(p.Lag(now) is { } lag ? $", lag {lag.TotalSeconds:0.0}s" : "")}, checkpoint {p.Checkpoint}{(p.Finished ? " (final)" : "")} {p.CheckpointAge(now).TotalSeconds:0.0}s ago, {p.CheckpointBytes} bytes");
}
