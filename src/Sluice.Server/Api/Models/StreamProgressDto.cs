using Sluice.Streaming.Progress;

namespace Sluice.Server.Api.Models;

/// <summary>A streaming task's progress as of its last checkpoint (<see cref="StreamTaskProgress"/>), with lag and checkpoint age at the time of the request.</summary>
internal sealed record StreamProgressDto(
    string TaskId,
    int MapIndex,
    long Checkpoint,
    DateTimeOffset CheckpointAt,
    double CheckpointAgeSeconds,
    long CheckpointBytes,
    double PreviousCheckpointMs,
    bool Finished,
    long EventsIn,
    long EventsOut,
    long LateEvents,
    long Rejected,
    DateTimeOffset? Watermark,
    double? LagSeconds)
{
    public static StreamProgressDto From(StreamTaskProgress p, DateTimeOffset now) =>
        new(p.TaskId, p.MapIndex, p.Checkpoint, p.CheckpointAt, p.CheckpointAge(now).TotalSeconds, p.CheckpointBytes, p.PreviousCheckpointMillis, p.Finished,
            p.EventsIn, p.EventsOut, p.LateEvents, p.Rejected, p.Finished ? null : p.Watermark, p.Lag(now)?.TotalSeconds);
}
