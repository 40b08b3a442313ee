namespace Sluice.Retention;

/// <summary>What a purge deleted (or, in a dry run, would delete).</summary>
/// <param name="Runs">Runs.</param>
/// <param name="TaskInstances">Task instance rows.</param>
/// <param name="LogLines">Log lines.</param>
/// <param name="Jobs">Finished queue jobs.</param>
/// <param name="ArtifactFolders">Run artifact folders removed.</param>
public readonly record struct PurgeCounts(long Runs, long TaskInstances, long LogLines, long Jobs = 0, long ArtifactFolders = 0)
{
    /// <summary>The sum of two counts.</summary>
    public static PurgeCounts operator +(PurgeCounts a, PurgeCounts b) =>
        new(a.Runs + b.Runs, a.TaskInstances + b.TaskInstances, a.LogLines + b.LogLines, a.Jobs + b.Jobs, a.ArtifactFolders + b.ArtifactFolders);

    /// <summary>The sum of two counts.</summary>
    public static PurgeCounts Add(PurgeCounts left, PurgeCounts right) => left + right;
}
