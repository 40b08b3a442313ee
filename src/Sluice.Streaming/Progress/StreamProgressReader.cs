using Sluice.Streaming.Checkpoints;

namespace Sluice.Streaming.Progress;

/// <summary>Reads a streaming task's <see cref="StreamTaskProgress"/> from its last checkpoint in the store.</summary>
public static class StreamProgressReader
{
    /// <summary>The task's progress, or null when it has no checkpoint (not a streaming task, or not started).</summary>
    /// <param name="checkpoints">The store's checkpoints (<c>SluiceStore.Checkpoints</c>).</param>
    /// <param name="runId">The run.</param>
    /// <param name="taskId">The task.</param>
    /// <param name="mapIndex">The item of a <c>for_each</c> task, or -1.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    public static async Task<StreamTaskProgress?> ReadAsync(CheckpointStore checkpoints, string runId, string taskId, int mapIndex = -1, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(checkpoints);
        var checkpoint = await checkpoints.LatestAsync(runId, taskId, mapIndex, cancellationToken).ConfigureAwait(false);
        if (checkpoint is null)
        {
            return null;
        }

        using var reader = new StateReader(checkpoint.State);
        var h = CheckpointHeader.Read(reader);
        DateTimeOffset? watermark = h.Watermark switch
        {
            long.MinValue => null,
            long.MaxValue => DateTimeOffset.MaxValue,
            var w => DateTimeOffset.FromUnixTimeMilliseconds(Math.Clamp(w, -62135596800000, 253402300799999)),
        };
        return new StreamTaskProgress(taskId, mapIndex, checkpoint.Sequence, checkpoint.CreatedAt, checkpoint.State.Length, h.PreviousMillis, h.Finished,
            h.EventsIn, h.SinkRows, h.LateEvents, h.Rejected, watermark);
    }
}
