namespace Sluice.Distributed;

/// <summary>What <see cref="DistributedRuns.CancelAsync"/> did.</summary>
public enum CancelOutcome
{
    /// <summary>No run has this id.</summary>
    NotFound,
    /// <summary>The run exists but was not started for workers (an embedded run: cancel it where it executes).</summary>
    NotDistributed,
    /// <summary>The run had ended already; nothing changed.</summary>
    AlreadyEnded,
    /// <summary>Nothing of the run was running: it ended <c>cancelled</c> at once.</summary>
    Cancelled,
    /// <summary>
    /// Workers were told to stop the run's running attempts (or had been by an earlier call); the run ends
    /// <c>cancelled</c> when the last of them has stopped.
    /// </summary>
    Stopping,
}
