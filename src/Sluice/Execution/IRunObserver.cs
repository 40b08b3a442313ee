using Sluice.State;

namespace Sluice.Execution;

/// <summary>
/// Receives progress of a run as it happens (seed 000's progress and error callbacks). Called from
/// the run's coordinator: implementations must be quick and must not throw.
/// </summary>
public interface IRunObserver
{
    /// <summary>A run started or resumed; <paramref name="taskCount"/> counts declared tasks.</summary>
    void RunStarted(string runId, string pipelineId, int taskCount);

    /// <summary>A task instance changed state. <paramref name="mapIndex"/> is -1 for unmapped tasks and mapped parents.</summary>
    void TaskChanged(string runId, string taskId, int mapIndex, TaskState state, int attempt, string? message);

    /// <summary>
    /// An attempt of an embedded run's task (or item) is about to run; <paramref name="progress"/> is the counter its
    /// action reports rows to, to be read while the attempt runs. Observers that show no live progress ignore it.
    /// </summary>
    void AttemptStarted(string runId, string taskId, int mapIndex, int attempt, Actions.TaskProgress progress)
    {
    }

    /// <summary>A mapped task was expanded into <paramref name="count"/> items.</summary>
    void TaskExpanded(string runId, string taskId, int count);

    /// <summary>The run reached a final state.</summary>
    void RunFinished(RunOutcome outcome);
}
