using Sluice.State;

namespace Sluice.Execution;

/// <summary>
/// Hands every executor event to several observers in order: the server's live state, metrics, traces, logs, alerts
/// and triggers; the CLI's progress display; OpenLineage.
/// </summary>
/// <param name="observers">The observers, called in this order.</param>
public sealed class CompositeRunObserver(IReadOnlyList<IRunObserver> observers) : IRunObserver
{
    /// <summary>One observer for <paramref name="observers"/> without the nulls: the only one itself when there is one.</summary>
    public static IRunObserver Of(params IRunObserver?[] observers)
    {
        ArgumentNullException.ThrowIfNull(observers);
        IRunObserver[] present = [.. observers.OfType<IRunObserver>()];
        return present.Length == 1 ? present[0] : new CompositeRunObserver(present);
    }

    /// <inheritdoc/>
    public void RunStarted(string runId, string pipelineId, int taskCount)
    {
        foreach (var o in observers)
        {
            o.RunStarted(runId, pipelineId, taskCount);
        }
    }

    /// <inheritdoc/>
    public void TaskChanged(string runId, string taskId, int mapIndex, TaskState state, int attempt, string? message)
    {
        foreach (var o in observers)
        {
            o.TaskChanged(runId, taskId, mapIndex, state, attempt, message);
        }
    }

    /// <inheritdoc/>
    public void AttemptStarted(string runId, string taskId, int mapIndex, int attempt, Actions.TaskProgress progress)
    {
        foreach (var o in observers)
        {
            o.AttemptStarted(runId, taskId, mapIndex, attempt, progress);
        }
    }

    /// <inheritdoc/>
    public void TaskExpanded(string runId, string taskId, int count)
    {
        foreach (var o in observers)
        {
            o.TaskExpanded(runId, taskId, count);
        }
    }

    /// <inheritdoc/>
    public void RunFinished(RunOutcome outcome)
    {
        foreach (var o in observers)
        {
            o.RunFinished(outcome);
        }
    }
}
