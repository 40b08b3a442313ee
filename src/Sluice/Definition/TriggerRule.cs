namespace Sluice.Definition;

/// <summary>When a task may start, given the final states of its dependencies.</summary>
public enum TriggerRule
{
    /// <summary>Every dependency succeeded or was skipped (the default).</summary>
    AllSuccess,
    /// <summary>Every dependency finished, whatever its state (clean-up tasks).</summary>
    AllDone,
    /// <summary>At least one dependency failed or was upstream_failed (alerting tasks).</summary>
    OneFailed,
}
