using Sluice.State;

namespace Sluice.Distributed;

/// <summary>A final task as templates see it: its state and its <c>{{ task }}</c> value (outputs, per-output lists, or null).</summary>
internal readonly record struct TaskValue(TaskState State, object? Value, string? Error);
