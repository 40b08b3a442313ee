using Sluice.State;

namespace Sluice.Execution.Semantics;

/// <summary>What <see cref="TaskRework"/> decided: a batch to commit (then the run is executed again), or why not.</summary>
/// <param name="Batch">Task rows back to pending (or marked), the run back to queued, the log lines; null when refused.</param>
/// <param name="Tasks">The tasks changed, in definition order.</param>
/// <param name="Error">Why the change is refused, or null.</param>
public sealed record ReworkPlan(StateBatch? Batch, IReadOnlyList<string> Tasks, string? Error)
{
    /// <summary>A refusal with its reason.</summary>
    public static ReworkPlan Refused(string error) => new(null, [], error);
}
