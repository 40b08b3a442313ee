namespace Sluice.State;

/// <summary>The state of a run. Stored as its snake_case name.</summary>
public enum RunState
{
    /// <summary>Created, not started.</summary>
    Queued,
    /// <summary>Being executed by the lease owner (or crashed, when the lease has expired).</summary>
    Running,
    /// <summary>Every task succeeded or was skipped.</summary>
    Succeeded,
    /// <summary>At least one task failed.</summary>
    Failed,
    /// <summary>Cancelled before finishing.</summary>
    Cancelled,
    /// <summary>Never executed: a server refused it at its pipeline's <c>max_active_runs</c> with <c>on_limit: skip</c> (the reason is in <see cref="RunRecord.Error"/>).</summary>
    Skipped,
}
