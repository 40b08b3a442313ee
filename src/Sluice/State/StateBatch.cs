namespace Sluice.State;

/// <summary>
/// Changes committed in one transaction: either all are durable or none. The executor groups
/// changes from many tasks into one batch (group commit); a task's success and its outputs are
/// always in the same batch because they are the same <see cref="TaskInstanceRecord"/>.
/// </summary>
public sealed class StateBatch
{
    /// <summary>Task instance rows to insert or replace.</summary>
    public List<TaskInstanceRecord> Tasks { get; } = [];

    /// <summary>Attempt rows to insert or replace.</summary>
    public List<AttemptRecord> Attempts { get; } = [];

    /// <summary>Log lines to append.</summary>
    public List<LogRecord> Logs { get; } = [];

    /// <summary>Run rows to update (state, times, error; lease fields are left alone).</summary>
    public List<RunRecord> Runs { get; } = [];

    /// <summary>Datasets read and written by succeeded attempts.</summary>
    public List<Lineage.LineageRecord> Lineage { get; } = [];

    /// <summary>Source marks to insert or replace (by pipeline, task and source key), with the task success that earned them.</summary>
    public List<SourceMarkRecord> Marks { get; } = [];

    /// <summary>True when there is nothing to write.</summary>
    public bool IsEmpty => Tasks.Count == 0 && Attempts.Count == 0 && Logs.Count == 0 && Runs.Count == 0 && Lineage.Count == 0 && Marks.Count == 0;
}
