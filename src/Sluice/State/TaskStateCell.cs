namespace Sluice.State;

/// <summary>The state of one task (not of its items) in one run: a cell of a runs × tasks history grid.</summary>
/// <param name="RunId">The run.</param>
/// <param name="TaskId">The task.</param>
/// <param name="State">Its state in that run.</param>
public readonly record struct TaskStateCell(string RunId, string TaskId, TaskState State);
