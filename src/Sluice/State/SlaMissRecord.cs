namespace Sluice.State;

/// <summary>
/// A missed SLA of a run, stored on the run: a task (or the whole run) still going at its deadline. Recorded once per
/// run, task and item, by whoever watches the run (the server's SLA monitor, <c>sluice run</c>).
/// </summary>
public sealed record SlaMissRecord
{
    /// <summary>The <see cref="Kind"/> of a missed <c>sla.max_duration</c>.</summary>
    public const string MaxDurationKind = "max_duration";

    /// <summary>The <see cref="Kind"/> of a missed <c>sla.done_by</c>.</summary>
    public const string DoneByKind = "done_by";

    /// <summary>The run.</summary>
    public required string RunId { get; init; }

    /// <summary>The task that missed its <c>sla</c>, or null when the run itself missed the pipeline's.</summary>
    public string? TaskId { get; init; }

    /// <summary>The <c>for_each</c> item, or -1 for a task that is not mapped (and for the run).</summary>
    public int MapIndex { get; init; } = -1;

    /// <summary>Which SLA: <c>max_duration</c> (of a task or of the run) or <c>done_by</c> (a scheduled run's deadline).</summary>
    public required string Kind { get; init; }

    /// <summary>When the task or run should have ended.</summary>
    public required DateTimeOffset Deadline { get; init; }

    /// <summary>What missed, for people: <c>the run</c>, <c>task 'load'</c> or <c>task 'load' item 3</c>.</summary>
    public string Subject => TaskId is null ? "the run" : MapIndex >= 0 ? $"task '{TaskId}' item {MapIndex}" : $"task '{TaskId}'";

    /// <summary>When the miss was noticed (the deadline, or later if nobody was watching then).</summary>
    public required DateTimeOffset NoticedAt { get; init; }
}
