namespace Sluice.Distributed;

/// <summary>What a work item is: a task instance of a distributed pipeline run, or a job of the task queue.</summary>
public enum WorkKind
{
    /// <summary>One attempt of a task instance (<c>run_id</c>, <c>task_id</c>, <c>map_index</c>) of a pipeline run.</summary>
    Task,

    /// <summary>A job enqueued through <see cref="TaskQueue.ITaskQueue"/>: a handler name and JSON arguments.</summary>
    Job,
}
