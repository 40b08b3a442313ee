namespace Sluice.Distributed;

/// <summary>The state of a queue job.</summary>
public enum JobState
{
    /// <summary>Waiting for the jobs it depends on.</summary>
    Pending,
    /// <summary>Waiting for a worker (possibly for a retry delay).</summary>
    Ready,
    /// <summary>Leased by a worker and running.</summary>
    Leased,
    /// <summary>Finished with a result.</summary>
    Succeeded,
    /// <summary>Failed for good (its last attempt failed, or a dependency failed).</summary>
    Failed,
}
