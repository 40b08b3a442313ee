namespace Sluice.Streaming.Progress;

/// <summary>
/// A streaming task's progress as of its last checkpoint (committed every <c>checkpoint.interval</c>), read from the
/// store by <see cref="StreamProgressReader"/>: the same numbers for <c>sluice show</c>, the API and the web UI, in any
/// process that can open the store. Metrics can be derived from it.
/// </summary>
/// <param name="TaskId">The streaming task.</param>
/// <param name="MapIndex">The item of a <c>for_each</c> task, or -1.</param>
/// <param name="Checkpoint">The last checkpoint's sequence.</param>
/// <param name="CheckpointAt">When it was committed.</param>
/// <param name="CheckpointBytes">The size of its state.</param>
/// <param name="PreviousCheckpointMillis">How long the checkpoint before it took (ms); 0 for the first.</param>
/// <param name="Finished">The bounded source was consumed (the final checkpoint).</param>
/// <param name="EventsIn">Events read.</param>
/// <param name="EventsOut">Rows written to the sink.</param>
/// <param name="LateEvents">Events later than every window they belong to.</param>
/// <param name="Rejected">Lines that did not parse.</param>
/// <param name="Watermark">The watermark, or null before any event (the end of time after a bounded source ended).</param>
public sealed record StreamTaskProgress(
    string TaskId,
    int MapIndex,
    long Checkpoint,
    DateTimeOffset CheckpointAt,
    long CheckpointBytes,
    double PreviousCheckpointMillis,
    bool Finished,
    long EventsIn,
    long EventsOut,
    long LateEvents,
    long Rejected,
    DateTimeOffset? Watermark)
{
    /// <summary>How far the watermark is behind <paramref name="now"/>: event-time lag; null without a watermark or once finished.</summary>
    public TimeSpan? Lag(DateTimeOffset now) => Finished || Watermark is not { } w ? null : now - w;

    /// <summary>How old the last checkpoint is at <paramref name="now"/>.</summary>
    public TimeSpan CheckpointAge(DateTimeOffset now) => now - CheckpointAt;
}
