using Sluice.State;

namespace Sluice.Server.Runs;

/// <summary>What the executor told us about one task of an active run; fresher than the store (group commit lags).</summary>
internal sealed class LiveTask
{
    public TaskState State { get; set; } = TaskState.Pending;
    public int Attempt { get; set; }
    public string? Error { get; set; }
    public DateTimeOffset? StartedAt { get; set; }
    public DateTimeOffset? EndedAt { get; set; }
    public int? ItemCount { get; set; }
    public int RunningItems { get; set; }
    public int ItemsSucceeded { get; set; }
    public int ItemsFailed { get; set; }
    public long AttemptStartTicks { get; set; }
    public Dictionary<int, long>? ItemStartTicks { get; set; }
}
