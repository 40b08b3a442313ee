namespace Sluice.Distributed;

/// <summary>What one transaction changes in one run: values decided here, tasks made final, dependencies to count.</summary>
internal sealed class RunDelta(RunContext context)
{
    public RunContext Context { get; } = context;

    /// <summary>Tasks final in this (uncommitted) transaction; merged into the worker's cache after commit.</summary>
    public Dictionary<string, TaskValue> Overlay { get; } = new(StringComparer.Ordinal);

    /// <summary>Finished dependencies per dependent task, not yet counted in the store.</summary>
    public Dictionary<string, int> PendingDependencies { get; set; } = new(StringComparer.Ordinal);

    public int Finished { get; set; }

    public int Failed { get; set; }

    /// <summary>Why the run is being cancelled, when it is: nothing new is queued, and it ends <c>cancelled</c>.</summary>
    public string? CancelReason { get; set; }

    /// <summary>True when the stop is a task failing the run: the run ends <c>failed</c> with <see cref="CancelReason"/> as its error.</summary>
    public bool FailsRun { get; set; }

    /// <summary>True when a task failed the run in this transaction and the rest of the run must still be stopped.</summary>
    public bool StopPending { get; set; }

    /// <summary>True once the run reached its final state in this transaction.</summary>
    public bool RunEnded { get; set; }
}
