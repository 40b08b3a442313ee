namespace Sluice.TaskQueue;

/// <summary>What <see cref="ITaskQueue.GetResultAsync"/> found.</summary>
public enum TaskResultStatus
{
    /// <summary>The job succeeded; <see cref="TaskResult.Value"/> holds its result.</summary>
    Succeeded,
    /// <summary>The job failed for good (or a job it depends on failed); <see cref="TaskResult.Error"/> says why.</summary>
    Failed,
    /// <summary>The job did not finish within the timeout; it may still run later.</summary>
    TimedOut,
}
