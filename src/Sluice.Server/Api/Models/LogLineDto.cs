using Sluice.State;

namespace Sluice.Server.Api.Models;

/// <summary>One log line of a task (secrets already redacted by the executor).</summary>
internal sealed record LogLineDto(long Seq, string Task, int MapIndex, int Attempt, DateTimeOffset At, string Stream, string Text)
{
    public static LogLineDto From(LogRecord r) => new(r.Sequence, r.TaskId, r.MapIndex, r.Attempt, r.At, r.Stream, r.Text);
}
