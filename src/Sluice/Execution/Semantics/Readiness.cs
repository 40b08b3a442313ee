using Sluice.Definition;
using Sluice.Diagnostics;
using Sluice.Expressions;
using Sluice.State;

namespace Sluice.Execution.Semantics;

/// <summary>The decision for a task whose dependencies are all final; the same rule for every engine.</summary>
/// <param name="Kind">What happens to the task.</param>
/// <param name="Error">Why it fails, for <see cref="ReadinessKind.Fail"/>.</param>
internal readonly record struct Readiness(ReadinessKind Kind, string? Error = null)
{
    /// <summary>True when a task in this state counts as failed: for its dependents' trigger rules, and for the run's outcome.</summary>
    public static bool CountsAsFailed(TaskState state) => state is TaskState.Failed or TaskState.UpstreamFailed or TaskState.Cancelled;

    /// <summary>
    /// Decides a task: its trigger rule over its dependencies' outcome first (<c>all_success</c>: upstream_failed when any
    /// failed; <c>one_failed</c>: skipped when none failed; <c>all_done</c>: runs either way), then its condition
    /// (false → skipped; an evaluation error fails the task), then queue or expand.
    /// </summary>
    /// <param name="node">The task.</param>
    /// <param name="anyDependencyFailed">True when a dependency is failed, upstream_failed or cancelled (<see cref="CountsAsFailed"/>).</param>
    /// <param name="scope">Values of inputs, context and upstream tasks, for the condition.</param>
    public static Readiness Decide(TaskNode node, bool anyDependencyFailed, IExpressionScope scope)
    {
        ArgumentNullException.ThrowIfNull(node);
        switch (node.Definition.TriggerRule)
        {
            case TriggerRule.AllSuccess when anyDependencyFailed:
                return new Readiness(ReadinessKind.UpstreamFailed);
            case TriggerRule.OneFailed when !anyDependencyFailed:
                return new Readiness(ReadinessKind.Skip);
        }
        if (node.Condition is { } condition)
        {
            try
            {
                if (!ExprValues.IsTruthy(condition.Evaluate(scope)))
                {
                    return new Readiness(ReadinessKind.Skip);
                }
            }
            catch (SluiceException ex)
            {
                return new Readiness(ReadinessKind.Fail, "condition: " + ex.Message);
            }
        }
        return new Readiness(node.IsMapped ? ReadinessKind.Expand : ReadinessKind.Queue);
    }
}
