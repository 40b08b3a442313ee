namespace Sluice.State;

/// <summary>The current state of one task instance. A mapped task has a parent row (map index -1) plus one row per item.</summary>
public sealed record TaskInstanceRecord
{
    /// <summary>The run.</summary>
    public required string RunId { get; init; }
    /// <summary>The task id.</summary>
    public required string TaskId { get; init; }
    /// <summary>-1 for an unmapped task or the parent row of a mapped task; else the item index.</summary>
    public int MapIndex { get; init; } = -1;
    /// <summary>Current state.</summary>
    public TaskState State { get; init; }
    /// <summary>The latest attempt number (0 before the first).</summary>
    public int Attempt { get; init; }
    /// <summary>
    /// The attempt number retries count from: attempts up to it do not use the task's <c>retries</c>. An operator's clear
    /// sets it to the attempts made so far, giving the task a fresh retry budget while attempt numbers continue. Stores
    /// keep the highest value written (a row written without it keeps the stored one). 0 for a task never cleared.
    /// </summary>
    public int RetryBase { get; init; }
    /// <summary>For a mapped task's parent row: the number of items; else null.</summary>
    public int? MapCount { get; init; }
    /// <summary>When the latest attempt started.</summary>
    public DateTimeOffset? StartedAt { get; init; }
    /// <summary>When it reached its state (for final states).</summary>
    public DateTimeOffset? EndedAt { get; init; }
    /// <summary>The error of the latest failure, or null.</summary>
    public string? Error { get; init; }
    /// <summary>Outputs as a JSON object; null unless succeeded.</summary>
    public string? OutputsJson { get; init; }
}
