namespace Sluice.State;

/// <summary>
/// The high-water mark of one incremental source of a task: what the task has already processed (for files their
/// paths, sizes and times; for tables the boundary value of a column). Keyed by pipeline, task and source key, and
/// written in the same transaction as the success of the attempt that read the source, so a run that fails or crashes
/// never advances it.
/// </summary>
public sealed record SourceMarkRecord
{
    /// <summary>The pipeline's id.</summary>
    public required string PipelineId { get; init; }

    /// <summary>The task that reads the source.</summary>
    public required string TaskId { get; init; }

    /// <summary>The source within the task (for example its absolute path or <c>path#table</c>).</summary>
    public required string SourceKey { get; init; }

    /// <summary>The mark, as the action wrote it (JSON text by convention).</summary>
    public required string Value { get; init; }

    /// <summary>The run whose success wrote it.</summary>
    public required string RunId { get; init; }

    /// <summary>When it was written.</summary>
    public DateTimeOffset UpdatedAt { get; init; }
}
