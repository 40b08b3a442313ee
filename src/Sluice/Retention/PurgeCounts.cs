namespace Sluice.Retention;

/// <summary>What a purge deleted (or, in a dry run, would delete).</summary>
/// <param name="Runs">Runs.</param>
/// <param name="TaskInstances">Task instance rows.</param>
/// <param name="LogLines">Log lines.</param>
/// <param name="Jobs">Finished queue jobs.</param>
/// <param name="ArtifactFolders">Run artifact folders removed.</param>
/// <param name="Records">Records not owned by runs (<see cref="IAgedRecords"/>: quality history).</param>
/// <param name="Archived">Runs written to an archive before they were deleted.</param>
public readonly record struct PurgeCounts(long Runs, long TaskInstances, long LogLines, long Jobs = 0, long ArtifactFolders = 0, long Records = 0, long Archived = 0)
{
    /// <summary>The sum of two counts.</summary>
    public static PurgeCounts operator +(PurgeCounts a, PurgeCounts b) =>
        new(a.Runs + b.Runs, a.TaskInstances + b.TaskInstances, a.LogLines + b.LogLines, a.Jobs + b.Jobs, a.ArtifactFolders + b.ArtifactFolders,
            a.Records + b.Records, a.Archived + b.Archived);

    /// <summary>The sum of two counts.</summary>
    public static PurgeCounts Add(PurgeCounts left, PurgeCounts right) => left + right;
}
