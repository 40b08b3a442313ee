using Sluice.Execution;
using Sluice.State;

namespace Sluice.Server.Runs;

/// <summary>Hands every executor event to several observers in order (live state, metrics, traces, logs, alerts, triggers).</summary>
internal sealed class CompositeRunObserver(IReadOnlyList<IRunObserver> observers) : IRunObserver
{
    public void RunStarted(string runId, string pipelineId, int taskCount)
    {
        foreach (var o in observers)
        {
            o.RunStarted(runId, pipelineId, taskCount);
        }
    }

    public void TaskChanged(string runId, string taskId, int mapIndex, TaskState state, int attempt, string? message)
    {
        foreach (var o in observers)
        {
            o.TaskChanged(runId, taskId, mapIndex, state, attempt, message);
        }
    }

    public void TaskExpanded(string runId, string taskId, int count)
    {
        foreach (var o in observers)
        {
            o.TaskExpanded(runId, taskId, count);
        }
    }

    public void RunFinished(RunOutcome outcome)
    {
        foreach (var o in observers)
        {
            o.RunFinished(outcome);
        }
    }
}
