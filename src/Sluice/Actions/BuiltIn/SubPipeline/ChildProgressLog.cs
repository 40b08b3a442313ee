using Sluice.Execution;
using Sluice.State;

namespace Sluice.Actions.BuiltIn.SubPipeline;

/// <summary>Writes a child run's progress into the parent task's log: start, each finished task, the end.</summary>
internal sealed class ChildProgressLog(ITaskLog log) : IRunObserver
{
    public void RunStarted(string runId, string pipelineId, int taskCount) =>
        log.Write("info", $"child run {runId} of '{pipelineId}' started ({taskCount} task(s))");

    public void TaskChanged(string runId, string taskId, int mapIndex, TaskState state, int attempt, string? message)
    {
        if (mapIndex >= 0 || !state.IsFinal())
        {
            return;
        }
        log.Write(state is TaskState.Failed ? "stderr" : "info",
            message is null ? $"  {taskId}: {state.ToName()}" : $"  {taskId}: {state.ToName()} (attempt {attempt}): {message}");
    }

    public void TaskExpanded(string runId, string taskId, int count)
    {
    }

    public void RunFinished(RunOutcome outcome) =>
        log.Write("info", $"child run {outcome.RunId} {outcome.State.ToName()}" + (outcome.Error is { } e ? $": {e}" : ""));
}
