using Sluice.Execution;
using Sluice.State;

namespace Sluice.Hosting.Library;

/// <summary>Turns engine events into the caller's progress and error callbacks; a throwing callback never disturbs the run.</summary>
internal sealed class CallbackObserver(PipelineExecutionOptions options) : IRunObserver
{
    private readonly HashSet<string> _done = new(StringComparer.Ordinal);
    private int _taskCount;

    public void RunStarted(string runId, string pipelineId, int taskCount) => _taskCount = taskCount;

    public void TaskChanged(string runId, string taskId, int mapIndex, TaskState state, int attempt, string? message)
    {
        // Events come from the single coordinator, so the set needs no lock.
        if (mapIndex < 0 && state.IsFinal())
        {
            _done.Add(taskId);
        }

        Safely(() => options.OnProgress?.Invoke(new PipelineProgress(runId, taskId, mapIndex, state, attempt, _done.Count, _taskCount, message)));
        if (state == TaskState.Failed || (state == TaskState.UpForRetry && message is not null))
        {
            Safely(() => options.OnError?.Invoke(new PipelineError(runId, taskId, mapIndex, attempt, message ?? "failed")));
        }
    }

    public void TaskExpanded(string runId, string taskId, int count)
    {
    }

    public void RunFinished(RunOutcome outcome)
    {
    }

    private static void Safely(Action callback)
    {
        try
        {
            callback();
        }
#pragma warning disable CA1031 // A caller's callback must not break the run; IRunObserver forbids throwing.
        catch (Exception)
#pragma warning restore CA1031
        {
        }
    }
}
