namespace Sluice.DataActions.Schemas;

/// <summary>A task whose columns could not be checked before the run, and why; it is checked when it starts.</summary>
/// <param name="TaskId">The task.</param>
/// <param name="Reason">Why its input schema is unknown, such as "'data' is computed at run time ({{ inputs.path }})".</param>
public sealed record UncheckedTask(string TaskId, string Reason);
