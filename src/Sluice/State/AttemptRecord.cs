namespace Sluice.State;

/// <summary>One attempt of a task instance: the durable history of its transitions.</summary>
/// <param name="RunId">The run.</param>
/// <param name="TaskId">The task.</param>
/// <param name="MapIndex">The item index or -1.</param>
/// <param name="Attempt">1-based attempt number.</param>
/// <param name="State">Running while in flight; then succeeded, failed, up_for_retry or cancelled.</param>
/// <param name="StartedAt">Start time.</param>
/// <param name="EndedAt">End time, or null while running.</param>
/// <param name="Error">The error message, or null.</param>
/// <param name="Worker">Who ran it (<c>host:pid</c>).</param>
public sealed record AttemptRecord(string RunId, string TaskId, int MapIndex, int Attempt, TaskState State, DateTimeOffset StartedAt, DateTimeOffset? EndedAt, string? Error, string? Worker)
{
    /// <summary>What the attempt used of the machine, recorded when it ended; null while running and for attempts recorded before Sluice measured it.</summary>
    public ResourceUsage? Usage { get; init; }
}
