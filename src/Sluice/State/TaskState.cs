namespace Sluice.State;

/// <summary>The state of a task instance. Stored as its snake_case name.</summary>
public enum TaskState
{
    /// <summary>Waiting for dependencies.</summary>
    Pending,
    /// <summary>Ready, waiting for a concurrency slot.</summary>
    Queued,
    /// <summary>An attempt is running.</summary>
    Running,
    /// <summary>An attempt failed and another will start after the retry delay.</summary>
    UpForRetry,
    /// <summary>Finished successfully; outputs are committed.</summary>
    Succeeded,
    /// <summary>The last attempt failed.</summary>
    Failed,
    /// <summary>Its condition was false (outputs are null).</summary>
    Skipped,
    /// <summary>Not run because a dependency failed.</summary>
    UpstreamFailed,
    /// <summary>Cancelled by a user, a timeout of the run, or Ctrl-C.</summary>
    Cancelled,
}
