namespace Sluice.Definition;

/// <summary>What a server does with a new run of a pipeline whose <c>max_active_runs</c> is reached (<c>on_limit</c>).</summary>
public enum RunLimitAction
{
    /// <summary>The run waits in the queue until an active run ends. The default.</summary>
    Queue,
    /// <summary>The run is not executed: it is recorded as skipped, with the runs that filled the limit as its reason.</summary>
    Skip,
}
