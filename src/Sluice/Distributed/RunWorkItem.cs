namespace Sluice.Distributed;

/// <summary>A task item of a run in the work queue.</summary>
/// <param name="TaskId">The task.</param>
/// <param name="MapIndex">The item index, or -1.</param>
/// <param name="Attempt">Attempts started so far.</param>
public readonly record struct RunWorkItem(string TaskId, int MapIndex, int Attempt);
