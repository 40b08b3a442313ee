namespace Sluice.Distributed;

/// <summary>A task of a distributed run and how many dependencies it waits for.</summary>
/// <param name="TaskId">The task.</param>
/// <param name="Dependencies">The number of direct dependencies.</param>
public readonly record struct TaskDependencies(string TaskId, int Dependencies);
